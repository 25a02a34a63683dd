package dev.zoetrope.generation.consent;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.contracts.cameo.CameoApi;
import dev.zoetrope.contracts.cameo.CameoEvents.ConsentChanged;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.consent.ConsentStopRepository.ActiveJob;
import dev.zoetrope.generation.peers.CameoClient;
import dev.zoetrope.generation.peers.PeerRetries;
import dev.zoetrope.generation.peers.PeerUnavailableException;
import dev.zoetrope.generation.worker.JobProcessor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Honours a narrowed consent in jobs that already passed their checks: every queued or running job
 * naming the cameo is asked again whether its owner may still use all its cameos (the worker's own
 * start check), and those refused end with {@link CameoApi#DENIED_CODE}. A queued job ends at once;
 * a running one is flagged, and its worker stops between denoising steps and records the end (no
 * clip stored, credits refunded by the {@code video.failed} event like any failure).
 */
@Service
public class ConsentStops {
  static final String CONSUMER = "generation-consent";
  static final String REVOKED = "revoked";
  private static final Logger log = LoggerFactory.getLogger(ConsentStops.class);

  private final ConsentStopRepository jobs;
  private final CameoClient cameos;
  private final TransactionTemplate tx;
  private final Outbox outbox;
  private final Inbox inbox;
  private final GenerationProperties.Worker retries;

  ConsentStops(
      ConsentStopRepository jobs,
      CameoClient cameos,
      TransactionTemplate tx,
      Outbox outbox,
      Inbox inbox,
      GenerationProperties config) {
    this.jobs = jobs;
    this.cameos = cameos;
    this.tx = tx;
    this.outbox = outbox;
    this.inbox = inbox;
    this.retries = config.worker();
  }

  /**
   * Handles one {@code cameo.consent.changed}; returns how many jobs it stopped. The peer checks
   * run before the transaction (none spans a peer call); a redelivered event asks again and then
   * changes nothing, the inbox having its id.
   *
   * @throws PeerUnavailableException when cameo-consent cannot answer after retries, so the event
   *     is delivered again rather than dropped
   */
  public int onConsentChanged(UUID eventId, ConsentChanged change) {
    List<ActiveJob> active = jobs.activeJobsWith(change.cameoId());
    if (active.isEmpty()) {
      return 0;
    }
    List<ActiveJob> refused = refused(change, active);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Integer stopped =
        tx.execute(
            s -> {
              if (!inbox.firstDelivery(CONSUMER, eventId)) {
                return 0;
              }
              int n = 0;
              for (ActiveJob job : refused) {
                if (stop(job, now)) {
                  n++;
                }
              }
              return n;
            });
    return stopped == null ? 0 : stopped;
  }

  private List<ActiveJob> refused(ConsentChanged change, List<ActiveJob> active) {
    if (REVOKED.equals(change.status())) {
      // Revocation is final and refuses everyone, the owner included: nothing to ask.
      return active;
    }
    Map<Requester, Boolean> allowed = new HashMap<>();
    List<ActiveJob> refused = new ArrayList<>();
    for (ActiveJob job : active) {
      Requester r = new Requester(job.ownerId(), job.cameoIds());
      Boolean ok = allowed.get(r);
      if (ok == null) {
        ok = check(r);
        allowed.put(r, ok);
      }
      if (!ok) {
        refused.add(job);
      }
    }
    return refused;
  }

  /** One question per owner and cameo set, however many of their jobs name them. */
  private record Requester(UUID ownerId, List<UUID> cameoIds) {}

  private boolean check(Requester r) {
    return PeerRetries.call(
        () -> cameos.check(r.ownerId(), r.cameoIds()).allowed(),
        retries.peerRetries(),
        retries.peerRetryBackoffMs());
  }

  /** Ends a queued job now, or asks the worker of a running one to stop; false when final. */
  private boolean stop(ActiveJob job, Instant now) {
    if (jobs.failQueued(job.id(), now)) {
      outbox.append(
          GenerationEvents.VIDEOS_TOPIC,
          EventEnvelope.of(
              VideoFailed.TYPE,
              VideoFailed.VERSION,
              job.id().toString(),
              new VideoFailed(
                  job.id(), job.ownerId(), CameoApi.DENIED_CODE, JobProcessor.CONSENT_WITHDRAWN)));
      log.info("video {}: consent withdrawn while queued; ended", job.id());
      return true;
    }
    if (jobs.askWorkerToStop(job.id(), now)) {
      log.info(
          "video {}: consent withdrawn while rendering; its worker is asked to stop", job.id());
      return true;
    }
    return false;
  }
}
