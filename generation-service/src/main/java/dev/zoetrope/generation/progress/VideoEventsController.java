package dev.zoetrope.generation.progress;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.videos.VideoRepository;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/videos/{id}/events}: a server-sent-events stream of one job's state, ending after
 * its final state.
 */
@RestController
class VideoEventsController {
  private final VideoRepository videos;
  private final ProgressHub hub;

  VideoEventsController(VideoRepository videos, ProgressHub hub) {
    this.videos = videos;
    this.hub = hub;
  }

  // No "produces": errors (404, 429) must still render as JSON for a client that only accepts
  // text/event-stream; the emitter sets the stream's content type itself.
  @GetMapping("/v1/videos/{id}/events")
  SseEmitter events(@PathVariable("id") String id) {
    CurrentUser user = CurrentUser.get();
    UUID uuid = WireIds.parseVideo(id).orElseThrow(() -> ApiException.notFound("video"));
    Video video =
        videos.findOwned(uuid, user.id()).orElseThrow(() -> ApiException.notFound("video"));
    return hub.open(user.id(), video);
  }
}
