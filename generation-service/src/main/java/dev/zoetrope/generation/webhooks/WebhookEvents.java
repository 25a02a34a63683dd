package dev.zoetrope.generation.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.IdempotentConsumer;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoCompleted;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.util.List;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns video lifecycle events into webhook deliveries, one per endpoint of the video's owner, in
 * the same transaction as the inbox claim, so each event is queued exactly once per endpoint.
 */
@Component
class WebhookEvents {
  static final String CONSUMER = "generation-webhooks";
  static final String COMPLETED = "video.completed";
  static final String FAILED = "video.failed";
  static final String CANCELLED = "video.cancelled";
  static final List<String> TYPES = List.of(COMPLETED, FAILED, CANCELLED);

  /** The error code of a job its owner cancelled; such a failure is sent as video.cancelled. */
  static final String CANCELLED_CODE = "cancelled";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebhookRepository repository;
  private final IdempotentConsumer consumer;

  WebhookEvents(WebhookRepository repository, IdempotentConsumer consumer) {
    this.repository = repository;
    this.consumer = consumer;
  }

  /** The body every receiver gets, shaped like OpenAI's webhook events. */
  record EventJsonBody(
      String id,
      String object,
      String type,
      @JsonProperty("created_at") long createdAt,
      Data data) {
    record Data(String id) {}
  }

  @KafkaListener(
      id = "generation-webhooks",
      topics = GenerationEvents.VIDEOS_TOPIC,
      groupId = "${spring.application.name}-webhooks")
  void onEvent(String value) {
    // One record is one of these types, so at most one call claims its event id.
    consumer.consume(
        CONSUMER,
        value,
        VideoCompleted.TYPE,
        VideoCompleted.VERSION,
        VideoCompleted.class,
        (event, completed) -> enqueue(event, completed.videoId(), completed.ownerId(), COMPLETED));
    consumer.consume(
        CONSUMER,
        value,
        VideoFailed.TYPE,
        VideoFailed.VERSION,
        VideoFailed.class,
        (event, failed) ->
            enqueue(
                event,
                failed.videoId(),
                failed.ownerId(),
                CANCELLED_CODE.equals(failed.code()) ? CANCELLED : FAILED));
  }

  private void enqueue(EventEnvelope event, UUID videoId, UUID ownerId, String type) {
    String eventId = WireIds.format("evt_", event.eventId());
    String body =
        JSON.writeValueAsString(
            new EventJsonBody(
                eventId,
                "event",
                type,
                event.occurredAt().getEpochSecond(),
                new EventJsonBody.Data(WireIds.video(videoId))));
    repository.enqueue(ownerId, eventId, type, body);
  }
}
