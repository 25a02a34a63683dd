package dev.zoetrope.cameo.cameos;

import java.util.Optional;
import java.util.UUID;

/** {@code cameo_<32 hex>} on the public API; raw UUIDs inside and on internal APIs. */
public final class CameoIds {
  private static final String PREFIX = "cameo_";

  private CameoIds() {}

  public static String format(UUID id) {
    return PREFIX + id.toString().replace("-", "");
  }

  public static Optional<UUID> parse(String wire) {
    if (wire == null
        || wire.length() != PREFIX.length() + 32
        || !wire.startsWith(PREFIX)
        || !wire.substring(PREFIX.length()).matches("[0-9a-f]{32}")) {
      return Optional.empty();
    }
    String h = wire.substring(PREFIX.length());
    return Optional.of(
        UUID.fromString(
            h.substring(0, 8)
                + "-"
                + h.substring(8, 12)
                + "-"
                + h.substring(12, 16)
                + "-"
                + h.substring(16, 20)
                + "-"
                + h.substring(20)));
  }
}
