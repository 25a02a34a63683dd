package dev.zoetrope.media.content;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Public video ids: {@code video_} and the UUID as 32 lowercase hex digits. */
public final class VideoIds {
  private static final Pattern FORMAT = Pattern.compile("video_[0-9a-f]{32}");

  private VideoIds() {}

  public static Optional<UUID> parse(String id) {
    if (id == null || !FORMAT.matcher(id).matches()) {
      return Optional.empty();
    }
    String hex = id.substring(6);
    return Optional.of(
        new UUID(
            Long.parseUnsignedLong(hex.substring(0, 16), 16),
            Long.parseUnsignedLong(hex.substring(16), 16)));
  }

  public static String format(UUID id) {
    return "video_" + id.toString().replace("-", "");
  }
}
