package dev.zoetrope.media.assets;

import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.media.MediaApi;
import dev.zoetrope.contracts.media.MediaApi.DeletedAssets;
import dev.zoetrope.contracts.media.MediaApi.StoredAsset;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The internal API other services store clips through (service tokens only). */
@RestController
class InternalAssetController {
  private final AssetService service;

  InternalAssetController(AssetService service) {
    this.service = service;
  }

  // The raw body is read straight from the request so it streams to storage as it arrives. A caller
  // may name the new asset's id (the worker does, to have its output check run while the clip
  // uploads); an id already in use answers 409 and never replaces what is stored.
  @PostMapping(MediaApi.ASSETS)
  ResponseEntity<StoredAsset> upload(
      @RequestParam UUID videoId,
      @RequestParam UUID ownerId,
      @RequestParam String variant,
      @RequestParam(required = false) UUID assetId,
      HttpServletRequest request)
      throws IOException {
    Variant parsed =
        Variant.parse(variant)
            .orElseThrow(
                () ->
                    ApiException.invalid("variant", "variant must be video|thumbnail|spritesheet"));
    Asset asset;
    try {
      asset =
          service.store(
              assetId == null ? UUID.randomUUID() : assetId,
              videoId,
              ownerId,
              parsed,
              baseType(request.getContentType()),
              request.getContentLengthLong(),
              request.getInputStream());
    } catch (DuplicateKeyException e) {
      // The id is taken under another video (under the same one the object check said so first).
      throw new ApiException(HttpStatus.CONFLICT, "asset_exists", "asset already stored");
    }
    return ResponseEntity.created(URI.create("/internal/assets/" + asset.id() + "/content"))
        .body(asset.toContract());
  }

  @DeleteMapping(MediaApi.VIDEO_ASSETS)
  DeletedAssets deleteVideo(@PathVariable UUID videoId) {
    return new DeletedAssets(videoId, service.deleteVideo(videoId));
  }

  private static String baseType(String contentType) {
    if (contentType == null) {
      return null;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.getType() + "/" + type.getSubtype();
    } catch (InvalidMediaTypeException e) {
      throw new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "invalid Content-Type");
    }
  }
}
