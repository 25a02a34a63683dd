package dev.zoetrope.generation.credits;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds the charge of every failed video (render failure, lost worker, cancel, output moderation
 * block) from {@code generation.video.failed}. A prompt blocked at create was never charged, so its
 * event refunds nothing.
 */
@Component
class RefundListener {
  static final String CONSUMER = "generation-credits";
  private static final Logger log = LoggerFactory.getLogger(RefundListener.class);

  private final CreditLedger ledger;
  private final Inbox inbox;
  private final TransactionTemplate tx;

  RefundListener(CreditLedger ledger, Inbox inbox, TransactionTemplate tx) {
    this.ledger = ledger;
    this.inbox = inbox;
    this.tx = tx;
  }

  @KafkaListener(
      id = "generation-credits",
      topics = GenerationEvents.VIDEOS_TOPIC,
      groupId = "${spring.application.name}-credits")
  void onVideoEvent(String value) {
    EventEnvelope event;
    try {
      event = EventJson.read(value);
    } catch (EventJson.MalformedEventException e) {
      log.warn("skipping malformed record: {}", e.getMessage());
      return;
    }
    if (!VideoFailed.TYPE.equals(event.type()) || event.version() != VideoFailed.VERSION) {
      return;
    }
    VideoFailed failed = event.payloadAs(VideoFailed.class);
    tx.executeWithoutResult(
        s -> {
          if (inbox.firstDelivery(CONSUMER, event.eventId())
              && ledger.refund(failed.videoId(), failed.code())) {
            log.info("refunded video {} ({})", failed.videoId(), failed.code());
          }
        });
  }
}
