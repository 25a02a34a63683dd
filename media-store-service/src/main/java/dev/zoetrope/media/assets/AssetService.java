package dev.zoetrope.media.assets;

import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.media.MediaStoreProperties;
import dev.zoetrope.media.storage.ObjectStore;
import dev.zoetrope.media.storage.ObjectStoreException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores uploads as immutable assets: object first, index row second, so a row always points at a
 * complete object; an object whose row failed is removed again.
 */
@Service
public class AssetService {
  private static final Logger log = LoggerFactory.getLogger(AssetService.class);

  private final ObjectStore store;
  private final AssetRepository assets;
  private final MediaStoreProperties.Media limits;
  private final TransactionTemplate tx;

  AssetService(
      ObjectStore store,
      AssetRepository assets,
      MediaStoreProperties properties,
      TransactionTemplate tx) {
    this.store = store;
    this.tx = tx;
    this.assets = assets;
    this.limits = properties.media();
  }

  /**
   * Streams {@code body} into a new asset {@code assetId}.
   *
   * @param declaredLength the body's Content-Length, or -1 when the client streams it chunked
   */
  public Asset store(
      UUID assetId,
      UUID videoId,
      UUID ownerId,
      Variant variant,
      String declaredType,
      long declaredLength,
      InputStream body) {
    if (declaredType == null || !variant.accepts(declaredType)) {
      throw unsupported(variant.wire() + " assets must be one of the supported content types");
    }
    if (declaredLength > limits.maxUploadBytes()) {
      throw tooLarge();
    }
    long t0 = System.nanoTime();
    BufferedInputStream buffered = new BufferedInputStream(body, 64 * 1024);
    byte[] header;
    try {
      buffered.mark(ContentSniffer.HEADER_BYTES);
      header = buffered.readNBytes(ContentSniffer.HEADER_BYTES);
      buffered.reset();
    } catch (IOException e) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST, "upload_incomplete", "could not read the request body");
    }
    if (!ContentSniffer.detect(header).map(declaredType::equals).orElse(false)) {
      throw unsupported("the body is not " + declaredType);
    }

    long sniffed = System.nanoTime();
    // No tombstone or existence check before the bytes go up: both are settled by the write
    // itself (S3 refuses a taken key; the index transaction below refuses a deleted video and the
    // object is removed again), and asking first put two round trips on every clip's path to
    // "completed" to spare work only for the rare upload that loses.
    String key = Asset.objectKey(videoId, variant, assetId);
    MeteredBody metered = new MeteredBody(buffered, limits.maxUploadBytes());
    try {
      store.putNew(key, metered, declaredLength, limits.unknownLengthPartBytes(), declaredType);
    } catch (ObjectStore.KeyTaken e) {
      // Keys are unique per asset id, so this is a repeated id: the stored bytes stay.
      throw new ApiException(HttpStatus.CONFLICT, "asset_exists", "asset already stored");
    } catch (ObjectStoreException e) {
      store.removeOrphan(key);
      throw uploadFailure(e, declaredLength, metered.count());
    }

    long t2 = System.nanoTime();
    Asset asset =
        new Asset(
            assetId,
            videoId,
            ownerId,
            variant,
            declaredType,
            metered.count(),
            metered.sha256Hex(),
            store.bucket(),
            key,
            null);
    Asset stored;
    try {
      // Checked again under the video's lock: a delete may have run while the bytes went up.
      stored =
          tx.execute(
              s -> {
                assets.lockVideo(videoId);
                if (assets.isDeleted(videoId)) {
                  throw videoDeleted();
                }
                return assets.insert(asset);
              });
    } catch (RuntimeException e) {
      // A caller that picks the id may repeat an upload still in flight (a retry after a lost
      // answer): then the same key already belongs to the first one's row and must stay.
      if (!(e instanceof DuplicateKeyException) || !assets.referencesKey(key)) {
        store.removeOrphan(key);
      }
      throw e;
    }
    long t3 = System.nanoTime();
    // Where an upload's time goes, for the generation API's overhead budget (docs/benchmarks.md).
    log.info(
        "stored {} asset {} of video {}: {} bytes, first_bytes_ms={} put_ms={} index_ms={}",
        variant.wire(),
        assetId,
        videoId,
        metered.count(),
        ms(sniffed - t0),
        ms(t2 - sniffed),
        ms(t3 - t2));
    return stored;
  }

  /**
   * Deletes every asset of {@code videoId} and refuses its later uploads. The tombstone commits
   * first (under the video's lock, so no upload can add a row after it), then the objects go, then
   * the rows: a failure part-way leaves rows to find again, so the caller just retries.
   *
   * @return how many assets were deleted (0 when called again)
   */
  public int deleteVideo(UUID videoId) {
    tx.executeWithoutResult(
        s -> {
          assets.lockVideo(videoId);
          assets.markDeleted(videoId);
        });
    List<Asset> found = assets.forVideo(videoId);
    try {
      for (Asset asset : found) {
        store.remove(asset.objectKey());
      }
    } catch (ObjectStoreException e) {
      log.warn("deleting the assets of video {} failed", videoId, e);
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable", "object storage is unavailable");
    }
    int deleted = assets.deleteForVideo(videoId);
    log.info("video {} deleted: {} assets removed", videoId, deleted);
    return deleted;
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static ApiException videoDeleted() {
    return new ApiException(HttpStatus.GONE, "video_deleted", "the video was deleted");
  }

  private ApiException uploadFailure(ObjectStoreException e, long declared, long read) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MeteredBody.TooLarge) {
        return tooLarge();
      }
      if (t instanceof MeteredBody.ClientStreamFailed) {
        return incomplete();
      }
    }
    if (declared >= 0 && read < declared) {
      return incomplete();
    }
    log.warn("storing an upload failed", e);
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable", "object storage is unavailable");
  }

  private static ApiException incomplete() {
    return new ApiException(
        HttpStatus.BAD_REQUEST, "upload_incomplete", "the request body ended early");
  }

  private static ApiException unsupported(String message) {
    return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message);
  }

  private ApiException tooLarge() {
    return new ApiException(
        HttpStatus.CONTENT_TOO_LARGE,
        "payload_too_large",
        "uploads are limited to " + limits.maxUploadBytes() + " bytes");
  }
}
