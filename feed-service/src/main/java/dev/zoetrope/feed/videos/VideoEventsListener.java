package dev.zoetrope.feed.videos;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.outbox.IdempotentConsumer;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoCompleted;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoDeleted;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the completed-video projection that publishing checks against: {@code video.completed} adds
 * a video, {@code video.deleted} removes it together with its post. One listener for both, so that
 * the two events of a video (same key, same partition) are applied in the order they happened; two
 * listeners in one consumer group would split the topic's partitions between them.
 */
@Component
class VideoEventsListener {
  static final String CONSUMER = "feed.videos-projection";
  private static final Logger log = LoggerFactory.getLogger(VideoEventsListener.class);
  private static final int MAX_SIZE_CHARS = 32;

  private final IdempotentConsumer consumer;
  private final VideoRepository videos;

  VideoEventsListener(IdempotentConsumer consumer, VideoRepository videos) {
    this.consumer = consumer;
    this.videos = videos;
  }

  @KafkaListener(topics = GenerationEvents.VIDEOS_TOPIC, groupId = "${spring.application.name}")
  void on(String value) {
    String type;
    try {
      type = EventJson.read(value).type();
    } catch (EventJson.MalformedEventException e) {
      log.warn("{}: skipping a malformed record: {}", CONSUMER, e.getMessage());
      return;
    }
    switch (Objects.requireNonNullElse(type, "")) {
      case VideoCompleted.TYPE -> completed(value);
      case VideoDeleted.TYPE -> deleted(value);
      default -> {
        // Other lifecycle facts (failed, ...) do not concern the feed.
      }
    }
  }

  private void completed(String value) {
    consumer.consume(
        CONSUMER,
        value,
        VideoCompleted.TYPE,
        VideoCompleted.VERSION,
        VideoCompleted.class,
        (event, done) -> {
          if (done.videoId() == null || done.ownerId() == null || done.assetId() == null) {
            log.warn("skipping event {}: missing ids", event.eventId());
            return;
          }
          String size = done.size() == null ? "" : done.size();
          if (size.length() > MAX_SIZE_CHARS) {
            size = size.substring(0, MAX_SIZE_CHARS);
          }
          Instant completedAt =
              done.completedAt() != null ? done.completedAt() : event.occurredAt();
          videos.upsert(
              new CompletedVideo(
                  done.videoId(),
                  done.ownerId(),
                  done.assetId(),
                  done.seconds(),
                  size,
                  completedAt));
        });
  }

  private void deleted(String value) {
    consumer.consume(
        CONSUMER,
        value,
        VideoDeleted.TYPE,
        VideoDeleted.VERSION,
        VideoDeleted.class,
        (EventEnvelope event, VideoDeleted gone) -> {
          if (gone.videoId() == null) {
            log.warn("skipping event {}: missing video id", event.eventId());
            return;
          }
          videos.delete(
              gone.videoId(), gone.deletedAt() != null ? gone.deletedAt() : event.occurredAt());
        });
  }
}
