package dev.zoetrope.media.publication;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.PostPublished;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Keeps {@code public_videos} in step with feed-service's publications. */
@Component
class PostPublishedListener {
  static final String CONSUMER = "media-store.public-videos";
  private static final Logger log = LoggerFactory.getLogger(PostPublishedListener.class);

  private final Inbox inbox;
  private final PublicVideoRepository publicVideos;
  private final TransactionTemplate tx;

  PostPublishedListener(Inbox inbox, PublicVideoRepository publicVideos, TransactionTemplate tx) {
    this.inbox = inbox;
    this.publicVideos = publicVideos;
    this.tx = tx;
  }

  @KafkaListener(topics = FeedEvents.POSTS_TOPIC, groupId = "${spring.application.name}")
  void on(String value) {
    EventEnvelope event;
    try {
      event = EventJson.read(value);
    } catch (EventJson.MalformedEventException e) {
      log.warn("skipping malformed record on {}: {}", FeedEvents.POSTS_TOPIC, e.getMessage());
      return;
    }
    if (!PostPublished.TYPE.equals(event.type())) {
      return;
    }
    if (event.version() != PostPublished.VERSION) {
      log.warn(
          "skipping {} v{} (only v{} is understood)",
          event.type(),
          event.version(),
          PostPublished.VERSION);
      return;
    }
    PostPublished post;
    try {
      post = event.payloadAs(PostPublished.class);
    } catch (EventJson.MalformedEventException e) {
      log.warn("skipping event {}: {}", event.eventId(), e.getMessage());
      return;
    }
    if (post.videoId() == null) {
      log.warn("skipping event {} without a video id", event.eventId());
      return;
    }
    Instant at = post.publishedAt() != null ? post.publishedAt() : event.occurredAt();
    tx.executeWithoutResult(
        status -> {
          if (inbox.firstDelivery(CONSUMER, event.eventId())) {
            publicVideos.publish(post.videoId(), at);
          }
        });
  }
}
