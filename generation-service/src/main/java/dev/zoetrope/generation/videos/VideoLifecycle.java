package dev.zoetrope.generation.videos;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoDeleted;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.generation.peers.MediaStoreClient;
import dev.zoetrope.generation.peers.PeerUnavailableException;
import dev.zoetrope.generation.videos.domain.Cancellation;
import dev.zoetrope.generation.videos.domain.Video;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancel and delete. Every transition is a conditional UPDATE on the current status, so the API, a
 * worker and a second request racing on one job leave it in exactly one final state, and the {@code
 * video.failed} (code {@code cancelled}) event commits with the transition that won.
 */
@Service
public class VideoLifecycle {
  static final String NOT_CANCELLABLE = "video_not_cancellable";
  private static final Logger log = LoggerFactory.getLogger(VideoLifecycle.class);

  private final VideoRepository videos;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final MediaStoreClient media;

  public VideoLifecycle(
      VideoRepository videos, Outbox outbox, TransactionTemplate tx, MediaStoreClient media) {
    this.videos = videos;
    this.outbox = outbox;
    this.tx = tx;
    this.media = media;
  }

  /**
   * Cancels a queued job at once, or asks the worker to stop a running one (the answer is then
   * still {@code in_progress}). Cancelling a cancelled job answers it again.
   */
  public Video cancel(CurrentUser user, UUID id) {
    // A job can move queued -> in_progress between our read and our write: look again then.
    for (int attempt = 0; attempt < 3; attempt++) {
      Video video = owned(user, id);
      Instant now = now();
      switch (Cancellation.decide(video.status(), video.errorCode())) {
        case END_NOW -> {
          Boolean ended =
              tx.execute(
                  s -> {
                    if (!videos.cancelQueued(id, now)) {
                      return false;
                    }
                    appendCancelled(video);
                    return true;
                  });
          if (Boolean.TRUE.equals(ended)) {
            log.info("video {} cancelled while queued", id);
            return owned(user, id);
          }
        }
        case ASK_WORKER -> {
          if (Boolean.TRUE.equals(tx.execute(s -> videos.requestCancel(id, now)))) {
            log.info("video {}: cancel requested from its worker", id);
            return owned(user, id);
          }
        }
        case ALREADY_CANCELLED -> {
          return video;
        }
        case NOT_CANCELLABLE ->
            throw new ApiException(
                HttpStatus.CONFLICT,
                NOT_CANCELLABLE,
                "video is already " + video.status().wire() + " and cannot be cancelled");
      }
    }
    throw new ApiException(
        HttpStatus.CONFLICT, NOT_CANCELLABLE, "video changed state while cancelling; try again");
  }

  /**
   * Deletes the stored assets (media-store refuses later uploads for the video, so a render that is
   * still finishing cannot bring them back), then in one transaction cancels the job if it is still
   * active, tombstones the row and records {@code video.deleted}. A media-store outage answers 503
   * and changes nothing here; the delete is safe to retry.
   */
  public void delete(CurrentUser user, UUID id) {
    Video video = owned(user, id);
    try {
      media.deleteAssets(id);
    } catch (PeerUnavailableException e) {
      log.warn("delete of video {} refused: {}", id, e.getMessage());
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          VideoService.DEPENDENCY_UNAVAILABLE,
          "the video's storage is unavailable; try again shortly");
    }
    Instant now = now();
    tx.executeWithoutResult(
        s -> {
          if (videos.cancelActive(id, now)) {
            appendCancelled(video);
          }
          if (!videos.markDeleted(id, user.id(), now)) {
            // Another delete of the same video won; answering 404 rolls ours back.
            throw ApiException.notFound("video");
          }
          outbox.append(
              GenerationEvents.VIDEOS_TOPIC,
              EventEnvelope.of(
                  VideoDeleted.TYPE,
                  VideoDeleted.VERSION,
                  id.toString(),
                  new VideoDeleted(id, video.ownerId(), now)));
        });
    log.info("video {} deleted", id);
  }

  private void appendCancelled(Video video) {
    outbox.append(
        GenerationEvents.VIDEOS_TOPIC,
        EventEnvelope.of(
            VideoFailed.TYPE,
            VideoFailed.VERSION,
            video.id().toString(),
            new VideoFailed(video.id(), video.ownerId(), Cancellation.CODE, Cancellation.MESSAGE)));
  }

  private Video owned(CurrentUser user, UUID id) {
    return videos.findOwned(id, user.id()).orElseThrow(() -> ApiException.notFound("video"));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
