package dev.zoetrope.media.assets;

import java.util.Optional;
import java.util.Set;

/** What an asset is to its video, and which content types it may have. */
public enum Variant {
  VIDEO("video", Set.of("video/mp4")),
  THUMBNAIL("thumbnail", Set.of("image/jpeg", "image/png")),
  SPRITESHEET("spritesheet", Set.of("image/jpeg", "image/png")),
  /**
   * What a client uploaded for a job to start from (a reference image or a clip to edit). Kept for
   * the worker only: the public content endpoint never serves it.
   */
  INPUT("input", Set.of("image/jpeg", "image/png", "image/webp", "video/mp4"));

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

  /** Whether {@code GET /v1/videos/{id}/content?variant=} may serve it. */
  public boolean isPublic() {
    return this != INPUT;
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
