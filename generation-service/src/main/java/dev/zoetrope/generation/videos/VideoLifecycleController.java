package dev.zoetrope.generation.videos;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /v1/videos/{id}} (OpenAI's shape) and {@code POST /v1/videos/{id}/cancel} (a
 * Zoetrope extension). Malformed, unknown, deleted and other users' ids all answer the same 404.
 */
@RestController
@RequestMapping("/v1/videos")
class VideoLifecycleController {
  private final VideoLifecycle lifecycle;
  private final GenerationProperties config;

  VideoLifecycleController(VideoLifecycle lifecycle, GenerationProperties config) {
    this.lifecycle = lifecycle;
    this.config = config;
  }

  /** OpenAI's deletion confirmation. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record DeletedVideoJson(String id, String object, boolean deleted) {}

  @DeleteMapping("/{id}")
  DeletedVideoJson delete(@PathVariable("id") String id) {
    CurrentUser user = CurrentUser.get();
    lifecycle.delete(user, parse(id));
    return new DeletedVideoJson(id, "video.deleted", true);
  }

  @PostMapping("/{id}/cancel")
  ResponseEntity<VideoJson> cancel(@PathVariable("id") String id) {
    CurrentUser user = CurrentUser.get();
    Video video = lifecycle.cancel(user, parse(id));
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (!video.status().isFinal()) {
      ok.header(VideoController.POLL_AFTER_HEADER, Long.toString(config.pollAfterMs()));
    }
    return ok.body(VideoJson.of(video));
  }

  private static UUID parse(String id) {
    return WireIds.parseVideo(id).orElseThrow(() -> ApiException.notFound("video"));
  }
}
