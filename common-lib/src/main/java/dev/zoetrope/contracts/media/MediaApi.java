package dev.zoetrope.contracts.media;

import java.util.UUID;

/** media-store-service's internal API (service tokens only). */
public final class MediaApi {
  /**
   * {@code POST} with the raw bytes as the body and query parameters {@code videoId}, {@code
   * ownerId}, {@code variant} (video | thumbnail | spritesheet) and optionally {@code assetId} (a
   * fresh id the caller picked; one in use answers 409 {@code asset_exists}); answers {@link
   * StoredAsset}.
   */
  public static final String ASSETS = "/internal/assets";

  /** {@code GET} the bytes of one asset. */
  public static final String ASSET_CONTENT = "/internal/assets/{assetId}/content";

  /**
   * {@code DELETE} every asset of one video (objects and index rows) and refuse later uploads for
   * it; answers {@link DeletedAssets}. Idempotent: deleting again answers {@code assetsDeleted=0}.
   */
  public static final String VIDEO_ASSETS = "/internal/videos/{videoId}/assets";

  private MediaApi() {}

  public record StoredAsset(
      UUID assetId,
      UUID videoId,
      String variant,
      String contentType,
      long sizeBytes,
      String sha256) {}

  public record DeletedAssets(UUID videoId, int assetsDeleted) {}
}
