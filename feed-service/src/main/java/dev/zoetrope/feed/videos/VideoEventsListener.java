package dev.zoetrope.feed.videos;

import dev.zoetrope.common.outbox.IdempotentConsumer;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoCompleted;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the completed-video projection that publishing checks against. */
@Component
class VideoCompletedListener {
  static final String CONSUMER = "feed.videos-projection";
  private static final Logger log = LoggerFactory.getLogger(VideoCompletedListener.class);
  private static final int MAX_SIZE_CHARS = 32;

  private final IdempotentConsumer consumer;
  private final VideoRepository videos;

  VideoCompletedListener(IdempotentConsumer consumer, VideoRepository videos) {
    this.consumer = consumer;
    this.videos = videos;
  }

  @KafkaListener(topics = GenerationEvents.VIDEOS_TOPIC, groupId = "${spring.application.name}")
  void on(String value) {
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
}
