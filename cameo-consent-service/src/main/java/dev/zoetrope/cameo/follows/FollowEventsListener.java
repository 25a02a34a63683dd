package dev.zoetrope.cameo.follows;

import dev.zoetrope.cameo.cameos.CameoService;
import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.IdempotentConsumer;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.FollowChanged;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the follow graph that {@code mutuals} is decided on, from feed-service's {@code
 * follow.changed}. A removed edge ends any mutual follow it was part of, so the cameos that relied
 * on it are announced in the same transaction, exactly as when an owner narrows a permission: jobs
 * already queued or running are re-checked, not only new ones.
 */
@Component
class FollowEventsListener {
  static final String CONSUMER = "cameo.follows-projection";
  private static final Logger log = LoggerFactory.getLogger(FollowEventsListener.class);

  private final IdempotentConsumer consumer;
  private final FollowProjection follows;
  private final CameoService cameos;

  FollowEventsListener(IdempotentConsumer consumer, FollowProjection follows, CameoService cameos) {
    this.consumer = consumer;
    this.follows = follows;
    this.cameos = cameos;
  }

  /**
   * Only {@code follow.changed} is published here; the consumer skips malformed records and other
   * types and versions itself, so each record is parsed once.
   */
  @KafkaListener(topics = FeedEvents.FOLLOWS_TOPIC, groupId = "${spring.application.name}")
  void on(String value) {
    consumer.consume(
        CONSUMER,
        value,
        FollowChanged.TYPE,
        FollowChanged.VERSION,
        FollowChanged.class,
        this::apply);
  }

  private void apply(EventEnvelope event, FollowChanged change) {
    if (change.followerId() == null
        || change.followeeId() == null
        || change.followerId().equals(change.followeeId())
        || change.sequence() < 1) {
      log.warn("{}: skipping event {}: not a follow edge change", CONSUMER, event.eventId());
      return;
    }
    Optional<FollowProjection.Edge> before =
        follows.findForUpdate(change.followerId(), change.followeeId());
    if (before.isPresent() && before.get().sequence() >= change.sequence()) {
      // Older than what is applied: a reordered or replayed change must not undo a newer one.
      log.info(
          "{}: ignoring stale event {} (sequence {} <= {})",
          CONSUMER,
          event.eventId(),
          change.sequence(),
          before.get().sequence());
      return;
    }
    Instant at = change.changedAt() != null ? change.changedAt() : event.occurredAt();
    follows.apply(
        change.followerId(), change.followeeId(), change.following(), change.sequence(), at);
    boolean removed =
        !change.following() && before.map(FollowProjection.Edge::following).orElse(false);
    // Only a removal that ends a mutual follow can shut anyone out; a one-sided unfollow would
    // only make generation re-check jobs that never relied on it.
    if (removed && follows.following(change.followeeId(), change.followerId())) {
      cameos.mutualFollowEnded(change.followerId(), change.followeeId());
    }
  }
}
