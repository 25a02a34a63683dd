package dev.zoetrope.generation.videos.domain;

import java.util.Optional;
import java.util.UUID;

/**
 * Ids as clients see them: a type prefix and the UUID's 32 hex digits without dashes ({@code
 * video_0f3a...}). Parsing is strict so that a malformed id can never reach SQL.
 */
public final class WireIds {
  public static final String VIDEO = "video_";
  public static final String CAMEO = "cameo_";
  public static final String ASSET = "asset_";

  private static final int HEX_DIGITS = 32;

  private WireIds() {}

  public static String format(String prefix, UUID id) {
    return prefix + hex16(id.getMostSignificantBits()) + hex16(id.getLeastSignificantBits());
  }

  public static Optional<UUID> parse(String prefix, String wire) {
    if (wire == null || wire.length() != prefix.length() + HEX_DIGITS || !wire.startsWith(prefix)) {
      return Optional.empty();
    }
    String hex = wire.substring(prefix.length());
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new UUID(
            Long.parseUnsignedLong(hex.substring(0, 16), 16),
            Long.parseUnsignedLong(hex.substring(16), 16)));
  }

  public static String video(UUID id) {
    return format(VIDEO, id);
  }

  public static Optional<UUID> parseVideo(String wire) {
    return parse(VIDEO, wire);
  }

  public static String cameo(UUID id) {
    return format(CAMEO, id);
  }

  public static Optional<UUID> parseCameo(String wire) {
    return parse(CAMEO, wire);
  }

  private static String hex16(long bits) {
    String hex = Long.toHexString(bits);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
