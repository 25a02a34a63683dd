package dev.zoetrope.generation.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.contracts.cameo.CameoApi;
import dev.zoetrope.contracts.cameo.CameoEvents;
import dev.zoetrope.contracts.cameo.CameoEvents.ConsentChanged;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.JobRequested;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.peers.CameoClient;
import dev.zoetrope.generation.peers.MediaStoreClient;
import dev.zoetrope.generation.peers.ModerationClient;
import dev.zoetrope.generation.queue.Leases;
import dev.zoetrope.generation.render.ClipRenderer;
import dev.zoetrope.generation.render.RenderCancelledException;
import dev.zoetrope.generation.render.RenderRequest;
import dev.zoetrope.generation.render.RenderedClip;
import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.support.TestClipRenderer;
import dev.zoetrope.generation.videos.VideoRepository;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.WireIds;
import dev.zoetrope.generation.worker.JobProcessor;
import dev.zoetrope.generation.worker.JobProcessor.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A cameo's consent narrowed after its jobs passed their checks: the {@code cameo.consent.changed}
 * event (published here onto the real topic, as cameo-consent-service's relay would; the usage
 * check is its HTTP stand-in) reaches the application's listener through Kafka. A running job is
 * played by a {@link JobProcessor} driven directly with a slow renderer that honours its
 * cancellation poll between steps, as the DJL sampler does. Same properties as VideoLifecycleIT, so
 * the two share one context: the API process (no worker consuming jobs, so queued jobs stay
 * queued).
 */
@TestPropertySource(
    properties = {
      "zoetrope.generation.worker.enabled=false",
      "zoetrope.generation.max-active-jobs-per-user=10"
    })
class ConsentWithdrawalIT extends IntegrationTest {
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);

  /** Workers run on their own threads, as Kafka listener threads do in production. */
  private static final ExecutorService WORKER = Executors.newCachedThreadPool();

  private final List<UUID> owners = new ArrayList<>();

  @Autowired VideoRepository videos;
  @Autowired TransactionTemplate tx;
  @Autowired Outbox outbox;
  @Autowired Inbox inbox;
  @Autowired ModerationClient moderation;
  @Autowired CameoClient cameos;
  @Autowired MediaStoreClient media;
  @Autowired MeterRegistry meters;
  @Autowired GenerationProperties config;
  @Autowired ConsentStops stops;
  @Autowired KafkaTemplate<String, String> kafka;

  /** Jobs left active would be rendered by a worker context started later in this JVM. */
  @AfterEach
  void discardActiveJobs() {
    if (!owners.isEmpty()) {
      jdbc.sql(
              """
              update videos set status = 'failed', error_code = 'test_discarded',
                error_message = 'discarded by ConsentWithdrawalIT', completed_at = now()
              where status in ('queued', 'in_progress') and owner_id in (:owners)
              """)
          .param("owners", owners)
          .update();
    }
  }

  @Test
  void revokingACameoStopsARenderAlreadyRunningOnIt() throws Exception {
    User alice = user();
    UUID cameo = UUID.randomUUID();
    String id = create(alice, "a long slow dance on a rooftop", cameo);
    UUID uuid = WireIds.parseVideo(id).orElseThrow();
    SlowRenderer renderer = new SlowRenderer(2400, 25);
    JobProcessor worker = processorWith(renderer);
    JobRequested job = requested(uuid);

    CompletableFuture<Outcome> outcome =
        CompletableFuture.supplyAsync(() -> worker.process(UUID.randomUUID(), job), WORKER);
    assertThat(renderer.started.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(json(get(alice, "/v1/videos/" + id)).get("status").asString())
        .isEqualTo("in_progress");

    // The cameo's owner revokes it: cameo-consent refuses it from now on and says so on Kafka.
    PEERS.deniedCameos.add(cameo);
    publish(new ConsentChanged(cameo, UUID.randomUUID(), "revoked", "everyone"));

    assertThat(outcome.get(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Outcome.FAILED);
    assertThat(renderer.stepsRun.get()).isBetween(1, renderer.steps - 1);
    JsonNode done = json(get(alice, "/v1/videos/" + id));
    assertThat(done.get("status").asString()).isEqualTo("failed");
    assertThat(done.get("error").get("code").asString()).isEqualTo(CameoApi.DENIED_CODE);
    assertThat(done.get("error").get("message").asString())
        .isEqualTo(JobProcessor.CONSENT_WITHDRAWN);
    assertThat(done.get("cancelled_at").isNull()).isTrue();
    assertThat(done.get("progress").asInt()).isLessThan(100);
    assertThat(PEERS.uploadsFor(uuid)).isEmpty();
    assertThat(videos.find(uuid).orElseThrow().assetId()).isNull();
    // One final event, the failure (webhooks send it as video.failed; credits refund it).
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
    assertThat(failedCode(uuid)).isEqualTo(CameoApi.DENIED_CODE);
    awaitTrue(() -> ledger(uuid, "refund") == 1, "refund of " + uuid);
    assertThat(ledger(uuid, "charge")).isEqualTo(1);

    // Delivered again, the job changes nothing more.
    assertThat(worker.process(UUID.randomUUID(), job)).isEqualTo(Outcome.SKIPPED);
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC)).hasSize(1);
    assertThat(ledger(uuid, "refund")).isEqualTo(1);
  }

  @Test
  void aNarrowedPermissionEndsQueuedJobsItsRequesterMayNoLongerRunAndLeavesTheOthers()
      throws Exception {
    User alice = user();
    UUID cameo = UUID.randomUUID();
    String id = create(alice, "a quiet walk in the park", cameo);
    UUID uuid = WireIds.parseVideo(id).orElseThrow();
    String other = create(alice, "a quiet walk without anyone", UUID.randomUUID());

    // A change that still lets alice use the cameo stops nothing.
    EventEnvelope widened =
        publish(new ConsentChanged(cameo, UUID.randomUUID(), "active", "everyone"));
    awaitTrue(() -> processed(widened.eventId()), "the first change is handled");
    assertThat(json(get(alice, "/v1/videos/" + id)).get("status").asString()).isEqualTo("queued");

    PEERS.deniedCameos.add(cameo);
    // The same event delivered again is recognised and ignored, even though the answer changed.
    assertThat(stops.onConsentChanged(widened.eventId(), widened.payloadAs(ConsentChanged.class)))
        .isZero();
    assertThat(json(get(alice, "/v1/videos/" + id)).get("status").asString()).isEqualTo("queued");
    publish(new ConsentChanged(cameo, UUID.randomUUID(), "active", "only_me"));

    JsonNode done =
        awaitVideo(alice, id, EVENT_TIMEOUT, v -> v.get("status").asString().equals("failed"));
    assertThat(done.get("error").get("code").asString()).isEqualTo(CameoApi.DENIED_CODE);
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
    awaitTrue(() -> ledger(uuid, "refund") == 1, "refund of " + uuid);
    // The job's event still reaches a worker: it is final, so nothing renders and nothing more
    // ends.
    ClipRenderer mustNotRun =
        (request, progress, cancel) -> {
          throw new AssertionError("rendered a job whose consent was withdrawn");
        };
    assertThat(processorWith(mustNotRun).process(UUID.randomUUID(), requested(uuid)))
        .isEqualTo(Outcome.SKIPPED);
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC)).hasSize(1);
    // Alice's job on another cameo is untouched.
    assertThat(json(get(alice, "/v1/videos/" + other)).get("status").asString())
        .isEqualTo("queued");
  }

  @Test
  void consentWithdrawnAfterTheLastStepStillEndsTheJobAndItsClipIsDeleted() {
    User alice = user();
    UUID cameo = UUID.randomUUID();
    String id = create(alice, "a quick wave", cameo);
    UUID uuid = WireIds.parseVideo(id).orElseThrow();
    TestClipRenderer quick = new TestClipRenderer();
    // The change lands while the clip is being stored and checked, after any poll could see it.
    ClipRenderer withdrawnLate =
        (request, progress, cancel) -> {
          RenderedClip clip = quick.render(request, progress, cancel);
          PEERS.deniedCameos.add(cameo);
          assertThat(
                  stops.onConsentChanged(
                      UUID.randomUUID(),
                      new ConsentChanged(cameo, UUID.randomUUID(), "active", "approved")))
              .isEqualTo(1);
          return clip;
        };

    assertThat(processorWith(withdrawnLate).process(UUID.randomUUID(), requested(uuid)))
        .isEqualTo(Outcome.FAILED);

    JsonNode video = json(get(alice, "/v1/videos/" + id));
    assertThat(video.get("status").asString()).isEqualTo("failed");
    assertThat(video.get("error").get("code").asString()).isEqualTo(CameoApi.DENIED_CODE);
    assertThat(PEERS.uploadsFor(uuid)).isNotEmpty();
    assertThat(PEERS.deletedVideos).contains(uuid);
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
  }

  // ---- helpers ----

  private User user() {
    User user = newUser();
    owners.add(user.id());
    return user;
  }

  private String create(User user, String prompt, UUID cameo) {
    HttpResponse<String> response =
        postJson(
            user,
            "/v1/videos",
            "{\"prompt\":\"" + prompt + "\",\"cameo_ids\":[\"" + WireIds.cameo(cameo) + "\"]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("id").asString();
  }

  private EventEnvelope publish(ConsentChanged change) throws Exception {
    EventEnvelope event =
        EventEnvelope.of(
            ConsentChanged.TYPE, ConsentChanged.VERSION, change.cameoId().toString(), change);
    kafka
        .send(CameoEvents.CAMEOS_TOPIC, event.key(), EventJson.write(event))
        .get(30, TimeUnit.SECONDS);
    return event;
  }

  private boolean processed(UUID eventId) {
    return jdbc.sql("select count(*) from processed_events where consumer = :c and event_id = :e")
            .param("c", ConsentStops.CONSUMER)
            .param("e", eventId)
            .query(Long.class)
            .single()
        == 1;
  }

  private long ledger(UUID videoId, String kind) {
    return jdbc.sql("select count(*) from credit_ledger where video_id = :v and kind = :k")
        .param("v", videoId)
        .param("k", kind)
        .query(Long.class)
        .single();
  }

  private String failedCode(UUID id) {
    return jdbc.sql(
            """
            select payload->'payload'->>'code' from outbox
            where msg_key = :k and payload->>'type' = :t
            """)
        .param("k", id.toString())
        .param("t", GenerationEvents.VideoFailed.TYPE)
        .query(String.class)
        .single();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    Instant deadline = Instant.now().plus(EVENT_TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private JobProcessor processorWith(ClipRenderer renderer) {
    return new JobProcessor(
        videos,
        tx,
        outbox,
        inbox,
        moderation,
        cameos,
        media,
        renderer,
        meters,
        config.worker(),
        Leases.UNRENEWED);
  }

  private JobRequested requested(UUID id) {
    Video v = videos.find(id).orElseThrow();
    return new JobRequested(
        v.id(),
        v.ownerId(),
        v.model(),
        v.prompt(),
        v.seconds(),
        v.size(),
        v.cameoIds(),
        v.seed(),
        0);
  }

  /** Renders {@code steps} steps of {@code stepMs}, asking for cancellation before each. */
  static final class SlowRenderer implements ClipRenderer {
    final int steps;
    final long stepMs;
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicInteger stepsRun = new AtomicInteger();

    SlowRenderer(int steps, long stepMs) {
      this.steps = steps;
      this.stepMs = stepMs;
    }

    @Override
    public RenderedClip render(RenderRequest request, Progress progress, Cancellation cancel)
        throws RenderCancelledException {
      for (int step = 0; step < steps; step++) {
        if (cancel.cancelled()) {
          throw new RenderCancelledException("cancelled before step " + step);
        }
        started.countDown();
        try {
          Thread.sleep(stepMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        stepsRun.incrementAndGet();
        progress.update((step + 1) * 100 / steps);
      }
      throw new IllegalStateException("a slow render must be stopped before it ends");
    }
  }
}
