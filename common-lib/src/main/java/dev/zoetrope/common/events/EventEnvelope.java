package dev.zoetrope.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The one shape every event on every topic has. Consumers dedupe on {@code eventId}, route on
 * {@code type}, and refuse versions they do not understand; {@code key} is also the Kafka key, so
 * all events of one aggregate stay ordered on one partition.
 *
 * @param eventId unique per event, stable across redeliveries
 * @param type dotted name, e.g. {@code video.completed}
 * @param version schema version of {@code payload} for this type
 * @param occurredAt when the state change committed
 * @param key the aggregate id (video id, post id, ...)
 * @param traceparent W3C trace context of the request that caused it, or null
 * @param payload the typed event record as JSON
 */
public record EventEnvelope(
    UUID eventId,
    String type,
    int version,
    Instant occurredAt,
    String key,
    String traceparent,
    JsonNode payload) {

  public EventEnvelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
  }

  /** A new event for {@code payload}, stamped now with a fresh id. */
  public static EventEnvelope of(String type, int version, String key, Object payload) {
    return new EventEnvelope(
        UUID.randomUUID(),
        type,
        version,
        Instant.now(),
        key,
        TraceContext.current(),
        EventJson.toTree(payload));
  }

  public <T> T payloadAs(Class<T> type) {
    return EventJson.fromTree(payload, type);
  }
}
