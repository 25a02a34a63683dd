package dev.zoetrope.media.assets;

import java.util.Optional;
import java.util.Set;

/** What an asset is to its video, and which content types it may have. */
public enum Variant {
  VIDEO("video", Set.of("video/mp4")),
  THUMBNAIL("thumbnail", Set.of("image/jpeg", "image/png")),
  SPRITESHEET("spritesheet", Set.of("image/jpeg", "image/png"));

  private final String wire;
  private final Set<String> contentTypes;

  Variant(String wire, Set<String> contentTypes) {
    this.wire = wire;
    this.contentTypes = contentTypes;
  }

  public String wire() {
    return wire;
  }

  public boolean accepts(String contentType) {
    return contentTypes.contains(contentType);
  }

  public static Optional<Variant> parse(String value) {
    for (Variant v : values()) {
      if (v.wire.equals(value)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
