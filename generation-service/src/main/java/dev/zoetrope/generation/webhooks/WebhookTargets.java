package dev.zoetrope.generation.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a webhook may be sent to. Without this check a user could make the service call its
 * own internal network (server-side request forgery): the metadata endpoint, the database, peers.
 */
public final class WebhookTargets {
  public static final int MAX_URL_CHARS = 2048;

  private WebhookTargets() {}

  /** Why {@code url} cannot be an endpoint's address, or empty when it can. */
  public static Optional<String> syntaxProblem(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("url is required");
    }
    if (url.length() > MAX_URL_CHARS) {
      return Optional.of("url must be at most " + MAX_URL_CHARS + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("url must be an http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      return Optional.of("url must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("url must not contain credentials");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("url must not contain a fragment");
    }
    return Optional.empty();
  }

  /**
   * True when any address the URL's host resolves to is internal. Unresolvable hosts count as not
   * internal here; delivery resolves again (the name may change), and fails if it still cannot.
   */
  public static boolean resolvesToPrivate(URI uri) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      return false;
    }
    for (InetAddress address : addresses) {
      if (isPrivate(address)) {
        return true;
      }
    }
    return false;
  }

  public static boolean isPrivate(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (b.length == 4) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return b0 == 0
          || b0 == 10
          || (b0 == 100 && b1 >= 64 && b1 < 128) // carrier-grade NAT
          || (b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
          || b0 >= 240;
    }
    // IPv6 unique local addresses (fc00::/7) and IPv4-compatible/mapped forms of private ones.
    if ((b[0] & 0xfe) == 0xfc) {
      return true;
    }
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= b[i] == 0;
    }
    if (mapped && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
      try {
        byte[] v4 = {b[12], b[13], b[14], b[15]};
        return isPrivate(InetAddress.getByAddress(v4));
      } catch (UnknownHostException e) {
        return true;
      }
    }
    return false;
  }
}
