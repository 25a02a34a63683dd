package dev.zoetrope.gateway.identity.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** The API key format: {@code zk_} + 32 random bytes in unpadded Base64url (43 characters). */
public final class ApiKeys {
  public static final String PREFIX = "zk_";
  private static final int RANDOM_BYTES = 32;
  private static final int DISPLAY_CHARS = PREFIX.length() + 6;
  private static final Pattern FORMAT = Pattern.compile("zk_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static boolean looksLikeKey(String token) {
    return token.startsWith(PREFIX);
  }

  static boolean wellFormed(String key) {
    return FORMAT.matcher(key).matches();
  }

  /** What a key list shows so users can tell keys apart without the secret. */
  static String displayPrefix(String key) {
    return key.substring(0, DISPLAY_CHARS);
  }

  static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
