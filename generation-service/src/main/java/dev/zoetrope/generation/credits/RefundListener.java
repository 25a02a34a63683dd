package dev.zoetrope.generation.credits;

import dev.zoetrope.common.outbox.IdempotentConsumer;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

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
  private final IdempotentConsumer consumer;

  RefundListener(CreditLedger ledger, IdempotentConsumer consumer) {
    this.ledger = ledger;
    this.consumer = consumer;
  }

  @KafkaListener(
      id = "generation-credits",
      topics = GenerationEvents.VIDEOS_TOPIC,
      groupId = "${spring.application.name}-credits")
  void onVideoEvent(String value) {
    consumer.consume(
        CONSUMER,
        value,
        VideoFailed.TYPE,
        VideoFailed.VERSION,
        VideoFailed.class,
        (event, failed) -> {
          if (ledger.refund(failed.videoId(), failed.code())) {
            log.info("refunded video {} ({})", failed.videoId(), failed.code());
          }
        });
  }
}
