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
    Parsed<T> parsed = parse(consumer, record, type, version, payloadType);
    if (parsed == null) {
      return;
    }
    tx.executeWithoutResult(
        status -> {
          if (inbox.firstDelivery(consumer, parsed.event().eventId())) {
            handler.accept(parsed.event(), parsed.payload());
          }
        });
  }

  /** An event of the expected type and version, and its typed payload. */
  public record Parsed<T>(EventEnvelope event, T payload) {}

  /**
   * The envelope and payload of {@code record} when it is a {@code type} event of {@code version},
   * else null: other types are passed over silently, malformed records and other versions with a
   * warning, so a consumer whose handler needs no inbox (its writes are idempotent by themselves)
   * skips exactly what {@link #consume} skips.
   */
  public static <T> Parsed<T> parse(
      String consumer, String record, String type, int version, Class<T> payloadType) {
    EventEnvelope event;
    try {
      event = EventJson.read(record);
    } catch (EventJson.MalformedEventException e) {
      log.warn("{}: skipping a malformed record: {}", consumer, e.getMessage());
      return null;
    }
    if (!type.equals(event.type())) {
      return null;
    }
    if (event.version() != version) {
      log.warn(
          "{}: skipping {} v{} (only v{} is understood)",
          consumer,
          event.type(),
          event.version(),
          version);
      return null;
    }
    try {
      return new Parsed<>(event, event.payloadAs(payloadType));
    } catch (EventJson.MalformedEventException e) {
      log.warn("{}: skipping event {}: {}", consumer, event.eventId(), e.getMessage());
      return null;
    }
  }
}
