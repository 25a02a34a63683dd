package dev.zoetrope.common.outbox;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes events into the service's {@code outbox} table inside the caller's transaction, so the
 * event exists if and only if the state change that caused it committed. Business code never calls
 * Kafka directly; {@link OutboxRelay} publishes what committed.
 */
public class Outbox {
  private final JdbcClient jdbc;
  private final OutboxRelay relay;

  public Outbox(JdbcClient jdbc, OutboxRelay relay) {
    this.jdbc = jdbc;
    this.relay = relay;
  }

  /** Appends {@code event}; the relay publishes it as soon as the transaction commits. */
  public void append(String topic, EventEnvelope event) {
    insert(topic, event);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            // Publish now rather than at the next poll: this is on the path of "accepted ->
            // worker started".
            relay.wake();
          }
        });
  }

  /**
   * Appends an event no one waits for (an audit record): it goes out with the next batch the relay
   * publishes anyway, at the latest after its poll interval. Under load that turns one relay
   * transaction and one broker round trip per event into one per batch.
   */
  public void appendDeferred(String topic, EventEnvelope event) {
    insert(topic, event);
  }

  private void insert(String topic, EventEnvelope event) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      // Without a transaction the row could commit while the state change rolls back.
      throw new IllegalStateException("Outbox.append must run inside the business transaction");
    }
    jdbc.sql(
            """
            insert into outbox (event_id, topic, msg_key, payload)
            values (:eventId, :topic, :key, cast(:payload as jsonb))
            """)
        .param("eventId", event.eventId())
        .param("topic", topic)
        .param("key", event.key())
        .param("payload", EventJson.write(event))
        .update();
  }
}
