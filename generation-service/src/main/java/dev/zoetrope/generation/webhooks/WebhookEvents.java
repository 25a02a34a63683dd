package dev.zoetrope.generation.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoCompleted;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
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

  private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebhookRepository repository;
  private final Inbox inbox;
  private final TransactionTemplate tx;

  WebhookEvents(WebhookRepository repository, Inbox inbox, TransactionTemplate tx) {
    this.repository = repository;
    this.inbox = inbox;
    this.tx = tx;
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
    EventEnvelope event;
    try {
      event = EventJson.read(value);
    } catch (EventJson.MalformedEventException e) {
      log.warn(
          "skipping malformed record on {}: {}", GenerationEvents.VIDEOS_TOPIC, e.getMessage());
      return;
    }
    UUID videoId;
    UUID ownerId;
    String type;
    try {
      if (VideoCompleted.TYPE.equals(event.type()) && event.version() == VideoCompleted.VERSION) {
        VideoCompleted completed = event.payloadAs(VideoCompleted.class);
        videoId = completed.videoId();
        ownerId = completed.ownerId();
        type = COMPLETED;
      } else if (VideoFailed.TYPE.equals(event.type()) && event.version() == VideoFailed.VERSION) {
        VideoFailed failed = event.payloadAs(VideoFailed.class);
        videoId = failed.videoId();
        ownerId = failed.ownerId();
        type = CANCELLED_CODE.equals(failed.code()) ? CANCELLED : FAILED;
      } else {
        return;
      }
    } catch (EventJson.MalformedEventException e) {
      log.warn("skipping event {}: {}", event.eventId(), e.getMessage());
      return;
    }
    String eventId = WireIds.format("evt_", event.eventId());
    String body =
        JSON.writeValueAsString(
            new EventJsonBody(
                eventId,
                "event",
                type,
                event.occurredAt().getEpochSecond(),
                new EventJsonBody.Data(WireIds.video(videoId))));
    tx.executeWithoutResult(
        s -> {
          if (inbox.firstDelivery(CONSUMER, event.eventId())) {
            repository.enqueue(ownerId, eventId, type, body);
          }
        });
  }
}
