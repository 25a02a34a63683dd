package dev.zoetrope.media.content;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.media.assets.Asset;
import dev.zoetrope.media.assets.AssetRepository;
import dev.zoetrope.media.assets.Variant;
import dev.zoetrope.media.publication.PublicVideoRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's {@code GET /v1/videos/{video_id}/content}, served here because the bytes live here. A
 * video is visible to its owner, and to every signed-in user once it is published; anything else
 * answers exactly like an id that does not exist.
 */
@RestController
class VideoContentController {
  private final AssetRepository assets;
  private final PublicVideoRepository publicVideos;
  private final ContentResponder responder;

  VideoContentController(
      AssetRepository assets, PublicVideoRepository publicVideos, ContentResponder responder) {
    this.assets = assets;
    this.publicVideos = publicVideos;
    this.responder = responder;
  }

  @GetMapping("/v1/videos/{videoId}/content")
  void content(
      @PathVariable String videoId,
      @RequestParam(defaultValue = "video") String variant,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    CurrentUser user = CurrentUser.get();
    Variant wanted =
        Variant.parse(variant)
            .filter(Variant::isPublic)
            .orElseThrow(
                () ->
                    ApiException.invalid("variant", "variant must be video|thumbnail|spritesheet"));
    UUID id = VideoIds.parse(videoId).orElseThrow(() -> ApiException.notFound("video"));
    Asset asset =
        assets
            .latest(id, wanted)
            .filter(a -> a.ownerId().equals(user.id()) || publicVideos.isPublic(id))
            .orElseThrow(() -> ApiException.notFound("video"));
    responder.serve(asset, request, response);
  }
}
