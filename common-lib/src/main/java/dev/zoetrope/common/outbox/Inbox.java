package dev.zoetrope.common.outbox;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Idempotent consumption: records each processed event id in the consumer's own transaction, so a
 * redelivered event (at-least-once from Kafka and the outbox relay) changes nothing twice.
 */
public class Inbox {
  private final JdbcClient jdbc;

  public Inbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims {@code eventId} for {@code consumer}; true the first time, false for a duplicate. Must
   * run in the same transaction as the handler's writes, so a rollback un-claims it.
   */
  public boolean firstDelivery(String consumer, UUID eventId) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(
          "Inbox.firstDelivery must run inside the handler transaction");
    }
    return jdbc.sql(
                """
                insert into processed_events (consumer, event_id) values (:consumer, :eventId)
                on conflict do nothing
                """)
            .param("consumer", consumer)
            .param("eventId", eventId)
            .update()
        == 1;
  }
}
