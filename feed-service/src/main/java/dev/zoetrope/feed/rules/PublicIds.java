package dev.zoetrope.feed.rules;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Ids on the wire: a type prefix and the UUID as 32 lowercase hex digits. */
public enum PublicIds {
  VIDEO("video_"),
  POST("post_");

  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
  private final String prefix;

  PublicIds(String prefix) {
    this.prefix = prefix;
  }

  public String format(UUID id) {
    return prefix + id.toString().replace("-", "");
  }

  public Optional<UUID> parse(String id) {
    if (id == null || !id.startsWith(prefix)) {
      return Optional.empty();
    }
    String hex = id.substring(prefix.length());
    if (!HEX32.matcher(hex).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new UUID(
            Long.parseUnsignedLong(hex.substring(0, 16), 16),
            Long.parseUnsignedLong(hex.substring(16), 16)));
  }
}
