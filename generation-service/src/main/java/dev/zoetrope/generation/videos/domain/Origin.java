package dev.zoetrope.generation.videos.domain;

import java.util.Locale;
import java.util.UUID;

/**
 * What a job's clip starts from. {@code sourceVideoId} names another of the owner's videos (remix,
 * edit, extension); {@code inputAssetId} an uploaded input kept in the media store (the image of an
 * image-to-video job, or the clip of an edit of an upload). {@code negativePrompt} is what the clip
 * should avoid (a Zoetrope extension of the API), null when none.
 */
public record Origin(Kind kind, UUID sourceVideoId, UUID inputAssetId, String negativePrompt) {

  public static final Origin TEXT = new Origin(Kind.GENERATE, null, null, null);

  public enum Kind {
    GENERATE,
    IMAGE,
    REMIX,
    EDIT,
    EXTEND;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromWire(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** The database checks the pairing of kind and references; an image's asset comes later. */
  public Origin {
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    if ((kind == Kind.REMIX || kind == Kind.EXTEND) && sourceVideoId == null) {
      throw new IllegalArgumentException(kind.wire() + " needs a source video");
    }
  }

  public Origin withNegativePrompt(String negative) {
    return new Origin(kind, sourceVideoId, inputAssetId, negative);
  }

  public Origin withInputAsset(UUID assetId) {
    return new Origin(kind, sourceVideoId, assetId, negativePrompt);
  }
}
