package dev.zoetrope.feed.videos;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoCompleted;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Keeps the completed-video projection that publishing checks against. */
@Component
class VideoCompletedListener {
  static final String CONSUMER = "feed.videos-projection";
  private static final Logger log = LoggerFactory.getLogger(VideoCompletedListener.class);
  private static final int MAX_SIZE_CHARS = 32;

  private final Inbox inbox;
  private final VideoRepository videos;
  private final TransactionTemplate tx;

  VideoCompletedListener(Inbox inbox, VideoRepository videos, TransactionTemplate tx) {
    this.inbox = inbox;
    this.videos = videos;
    this.tx = tx;
  }

  @KafkaListener(topics = GenerationEvents.VIDEOS_TOPIC, groupId = "${spring.application.name}")
  void on(String value) {
    EventEnvelope event;
    try {
      event = EventJson.read(value);
    } catch (EventJson.MalformedEventException e) {
      log.warn(
          "skipping malformed record on {}: {}", GenerationEvents.VIDEOS_TOPIC, e.getMessage());
      return;
    }
    if (!VideoCompleted.TYPE.equals(event.type())) {
      return;
    }
    if (event.version() != VideoCompleted.VERSION) {
      log.warn(
          "skipping {} v{} (only v{} is understood)",
          event.type(),
          event.version(),
          VideoCompleted.VERSION);
      return;
    }
    VideoCompleted done;
    try {
      done = event.payloadAs(VideoCompleted.class);
    } catch (EventJson.MalformedEventException e) {
      log.warn("skipping event {}: {}", event.eventId(), e.getMessage());
      return;
    }
    if (done.videoId() == null || done.ownerId() == null || done.assetId() == null) {
      log.warn("skipping event {}: missing ids", event.eventId());
      return;
    }
    String size = done.size() == null ? "" : done.size();
    if (size.length() > MAX_SIZE_CHARS) {
      size = size.substring(0, MAX_SIZE_CHARS);
    }
    Instant completedAt = done.completedAt() != null ? done.completedAt() : event.occurredAt();
    CompletedVideo video =
        new CompletedVideo(
            done.videoId(), done.ownerId(), done.assetId(), done.seconds(), size, completedAt);
    tx.executeWithoutResult(
        status -> {
          if (inbox.firstDelivery(CONSUMER, event.eventId())) {
            videos.upsert(video);
          }
        });
  }
}
