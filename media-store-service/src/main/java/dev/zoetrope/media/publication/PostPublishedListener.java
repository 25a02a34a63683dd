package dev.zoetrope.media.publication;

import dev.zoetrope.common.outbox.IdempotentConsumer;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.PostPublished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps {@code public_videos} in step with feed-service's publications. */
@Component
class PostPublishedListener {
  static final String CONSUMER = "media-store.public-videos";
  private static final Logger log = LoggerFactory.getLogger(PostPublishedListener.class);

  private final IdempotentConsumer consumer;
  private final PublicVideoRepository publicVideos;

  PostPublishedListener(IdempotentConsumer consumer, PublicVideoRepository publicVideos) {
    this.consumer = consumer;
    this.publicVideos = publicVideos;
  }

  @KafkaListener(topics = FeedEvents.POSTS_TOPIC, groupId = "${spring.application.name}")
  void on(String value) {
    consumer.consume(
        CONSUMER,
        value,
        PostPublished.TYPE,
        PostPublished.VERSION,
        PostPublished.class,
        (event, post) -> {
          if (post.videoId() == null) {
            log.warn("skipping event {} without a video id", event.eventId());
            return;
          }
          publicVideos.publish(
              post.videoId(), post.publishedAt() != null ? post.publishedAt() : event.occurredAt());
        });
  }
}
