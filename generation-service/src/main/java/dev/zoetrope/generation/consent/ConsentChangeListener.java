package dev.zoetrope.generation.consent;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.contracts.cameo.CameoEvents;
import dev.zoetrope.contracts.cameo.CameoEvents.ConsentChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code cameo.consent.changed} from cameo-consent-service. Runs in the API and the worker
 * processes alike (one consumer group): stopping a job is a database write the worker polls, not
 * work that needs the renderer.
 */
@Component
class ConsentChangeListener {
  private static final Logger log = LoggerFactory.getLogger(ConsentChangeListener.class);

  private final ConsentStops stops;

  ConsentChangeListener(ConsentStops stops) {
    this.stops = stops;
  }

  @KafkaListener(
      id = "generation-consent",
      topics = CameoEvents.CAMEOS_TOPIC,
      groupId = "${spring.application.name}")
  void onCameoEvent(String value) {
    EventEnvelope event;
    ConsentChanged change;
    try {
      event = EventJson.read(value);
      if (!ConsentChanged.TYPE.equals(event.type())) {
        return;
      }
      if (event.version() != ConsentChanged.VERSION) {
        log.warn("skipping {} v{}", event.type(), event.version());
        return;
      }
      change = event.payloadAs(ConsentChanged.class);
    } catch (EventJson.MalformedEventException e) {
      // Retrying cannot fix it, and blocking the partition would hold up every later change.
      log.warn("skipping a malformed record on {}: {}", CameoEvents.CAMEOS_TOPIC, e.getMessage());
      return;
    }
    if (change.cameoId() == null) {
      log.warn("skipping {} {} without a cameo id", event.type(), event.eventId());
      return;
    }
    int stopped = stops.onConsentChanged(event.eventId(), change);
    if (stopped > 0) {
      log.info("cameo {}: consent changed; {} job(s) stopped", change.cameoId(), stopped);
    }
  }
}
