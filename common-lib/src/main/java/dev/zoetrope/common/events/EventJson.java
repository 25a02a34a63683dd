package dev.zoetrope.common.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for events. A private mapper on purpose: the wire format of events must not change when a
 * service tweaks its HTTP JSON settings. Unknown payload fields are tolerated so that a producer
 * can add optional fields without a version bump (see docs/events.md).
 */
public final class EventJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private EventJson() {}

  public static String write(EventEnvelope envelope) {
    return MAPPER.writeValueAsString(envelope);
  }

  /**
   * @throws MalformedEventException when the text is not an envelope; the consumer should log and
   *     skip it rather than block its partition forever
   */
  public static EventEnvelope read(String json) {
    try {
      EventEnvelope envelope = MAPPER.readValue(json, EventEnvelope.class);
      if (envelope == null) {
        throw new MalformedEventException("empty event", null);
      }
      return envelope;
    } catch (JacksonException | NullPointerException e) {
      throw new MalformedEventException("not an event envelope: " + e.getMessage(), e);
    }
  }

  static JsonNode toTree(Object payload) {
    return MAPPER.valueToTree(payload);
  }

  static <T> T fromTree(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JacksonException e) {
      throw new MalformedEventException("payload is not a " + type.getSimpleName(), e);
    }
  }

  /** An event that cannot be parsed. */
  public static final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
