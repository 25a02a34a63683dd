package dev.zoetrope.media.assets;

import dev.zoetrope.contracts.media.MediaApi.StoredAsset;
import java.time.Instant;
import java.util.UUID;

/** One immutable stored object and what it belongs to. */
public record Asset(
    UUID id,
    UUID videoId,
    UUID ownerId,
    Variant variant,
    String contentType,
    long sizeBytes,
    String sha256,
    String bucket,
    String objectKey,
    Instant createdAt) {

  public static String objectKey(UUID videoId, Variant variant, UUID assetId) {
    return "videos/" + videoId + "/" + variant.wire() + "/" + assetId;
  }

  public StoredAsset toContract() {
    return new StoredAsset(id, videoId, variant.wire(), contentType, sizeBytes, sha256);
  }
}
