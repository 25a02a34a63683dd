package dev.zoetrope.common.outbox;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a service consumes an event: parse the envelope, keep only the type and version it
 * understands, and run the handler in a transaction that also records the event id in the {@link
 * Inbox}, so a redelivery changes nothing twice. Records that cannot be parsed are logged and
 * skipped rather than retried forever, which would block their partition.
 */
public class IdempotentConsumer {
  private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

  private final Inbox inbox;
  private final TransactionTemplate tx;

  public IdempotentConsumer(Inbox inbox, TransactionTemplate tx) {
    this.inbox = inbox;
    this.tx = tx;
  }

  /**
   * @param consumer the name under which this handler records processed events
   * @param record the Kafka record's value
   * @param handler gets the envelope and the typed payload, inside the transaction; it may throw to
   *     roll back (the record is then redelivered)
   */
  public <T> void consume(
      String consumer,
      String record,
      String type,
      int version,
      Class<T> payloadType,
      BiConsumer<EventEnvelope, T> handler) {
    EventEnvelope event;
    try {
      event = EventJson.read(record);
    } catch (EventJson.MalformedEventException e) {
      log.warn("{}: skipping a malformed record: {}", consumer, e.getMessage());
      return;
    }
    if (!type.equals(event.type())) {
      return;
    }
    if (event.version() != version) {
      log.warn(
          "{}: skipping {} v{} (only v{} is understood)",
          consumer,
          event.type(),
          event.version(),
          version);
      return;
    }
    T payload;
    try {
      payload = event.payloadAs(payloadType);
    } catch (EventJson.MalformedEventException e) {
      log.warn("{}: skipping event {}: {}", consumer, event.eventId(), e.getMessage());
      return;
    }
    tx.executeWithoutResult(
        status -> {
          if (inbox.firstDelivery(consumer, event.eventId())) {
            handler.accept(event, payload);
          }
        });
  }
}
