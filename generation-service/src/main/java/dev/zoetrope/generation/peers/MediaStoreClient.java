package dev.zoetrope.generation.peers;

import dev.zoetrope.contracts.media.MediaApi;
import dev.zoetrope.contracts.media.MediaApi.DeletedAssets;
import dev.zoetrope.contracts.media.MediaApi.StoredAsset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/** media-store-service: stores finished clips and thumbnails, never overwriting. */
public class MediaStoreClient {
  static final String PEER = "media-store";
  public static final String VIDEO = "video";
  public static final String THUMBNAIL = "thumbnail";
  public static final String SPRITESHEET = "spritesheet";

  /** What a client uploaded for a job to start from; never served publicly. */
  public static final String INPUT = "input";

  private final RestClient http;

  public MediaStoreClient(RestClient http) {
    this.http = http;
  }

  public StoredAsset store(
      UUID videoId, UUID ownerId, String variant, MediaType contentType, byte[] bytes) {
    StoredAsset asset =
        PeerCalls.call(
            PEER,
            () ->
                http.post()
                    .uri(
                        b ->
                            b.path(MediaApi.ASSETS)
                                .queryParam("videoId", videoId)
                                .queryParam("ownerId", ownerId)
                                .queryParam("variant", variant)
                                .build())
                    .contentType(contentType)
                    .body(bytes)
                    .retrieve()
                    .body(String.class),
            StoredAsset.class);
    if (asset.assetId() == null) {
      throw new PeerUnavailableException(PEER, "answered without an asset id", null);
    }
    return asset;
  }

  /**
   * Stores under {@code assetId}, a fresh random id the caller picked so it can name the asset
   * before the upload ends. A retry of an upload whose answer was lost finds its id taken (409
   * {@code asset_exists}): only that earlier try can hold a fresh random id, so it counts as
   * stored.
   */
  public UUID storeAs(
      UUID assetId,
      UUID videoId,
      UUID ownerId,
      String variant,
      MediaType contentType,
      byte[] bytes) {
    try {
      http.post()
          .uri(
              b ->
                  b.path(MediaApi.ASSETS)
                      .queryParam("videoId", videoId)
                      .queryParam("ownerId", ownerId)
                      .queryParam("variant", variant)
                      .queryParam("assetId", assetId)
                      .build())
          .contentType(contentType)
          .body(bytes)
          .retrieve()
          .toBodilessEntity();
      return assetId;
    } catch (HttpClientErrorException.Conflict e) {
      return assetId;
    } catch (RestClientResponseException e) {
      throw new PeerUnavailableException(PEER, "answered " + e.getStatusCode().value(), e);
    } catch (RuntimeException e) {
      throw new PeerUnavailableException(PEER, "unreachable: " + e.getMessage(), e);
    }
  }

  /**
   * The bytes of one stored asset, or empty when the media store no longer has it (its video was
   * deleted). Anything else going wrong means the peer is unavailable.
   */
  public Optional<byte[]> fetch(UUID assetId) {
    return PeerCalls.bytes(
        PEER, () -> http.get().uri(MediaApi.ASSET_CONTENT, assetId).retrieve().body(byte[].class));
  }

  /** Deletes every stored asset of a video and makes media-store refuse later uploads for it. */
  public DeletedAssets deleteAssets(UUID videoId) {
    return PeerCalls.call(
        PEER,
        () -> http.delete().uri(MediaApi.VIDEO_ASSETS, videoId).retrieve().body(String.class),
        DeletedAssets.class);
  }
}
