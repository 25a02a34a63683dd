package dev.zoetrope.generation.videos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.peers.CameoClient;
import dev.zoetrope.generation.peers.MediaStoreClient;
import dev.zoetrope.generation.peers.ModerationClient;
import dev.zoetrope.generation.queue.Leases;
import dev.zoetrope.generation.render.ClipRenderer;
import dev.zoetrope.generation.render.RenderCancelledException;
import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.support.PeerStubs;
import dev.zoetrope.generation.support.TestClipRenderer;
import dev.zoetrope.generation.videos.domain.WireIds;
import dev.zoetrope.generation.worker.JobProcessor;
import dev.zoetrope.generation.worker.JobProcessor.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Delete, cancel and Idempotency-Key through HTTP, in the API process alone (no Kafka consumer, so
 * queued jobs stay queued). A running job is played by a {@link JobProcessor} driven directly with
 * a slow renderer that honours cancellation between its steps, as the DJL sampler does.
 */
@TestPropertySource(
    properties = {
      "zoetrope.generation.worker.enabled=false",
      "zoetrope.generation.max-active-jobs-per-user=10"
    })
class VideoLifecycleIT extends IntegrationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * Workers run on their own threads (Kafka listener threads in production); a render parked on the
   * common pool would stall the HTTP client's async stages behind it on a two-core machine.
   */
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

  /** Jobs left queued would be rendered by a worker context started later in this JVM. */
  @AfterEach
  void discardQueuedJobs() {
    if (!owners.isEmpty()) {
      jdbc.sql(
              """
              update videos set status = 'failed', error_code = 'test_discarded',
                error_message = 'discarded by VideoLifecycleIT', completed_at = now()
              where status in ('queued', 'in_progress') and owner_id in (:owners)
              """)
          .param("owners", owners)
          .update();
    }
  }

  private User user() {
    User user = newUser();
    owners.add(user.id());
    return user;
  }

  // ---- delete ----

  @Test
  void deletingAQueuedVideoCancelsItRemovesItsAssetsAndTombstonesIt() {
    User alice = user();
    String id = create(alice, "a kite over the sea");
    UUID uuid = WireIds.parseVideo(id).orElseThrow();

    HttpResponse<String> deleted = delete(alice, "/v1/videos/" + id);

    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    JsonNode body = json(deleted);
    assertThat(body.get("id").asString()).isEqualTo(id);
    assertThat(body.get("object").asString()).isEqualTo("video.deleted");
    assertThat(body.get("deleted").asBoolean()).isTrue();
    assertThat(body.properties()).hasSize(3);

    assertThat(get(alice, "/v1/videos/" + id).statusCode()).isEqualTo(404);
    assertThat(json(get(alice, "/v1/videos")).get("data")).isEmpty();
    assertThat(PEERS.deletedVideos).contains(uuid);
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE, GenerationEvents.VideoDeleted.TYPE);
    assertThat(failedCode(uuid)).isEqualTo("cancelled");
    // Tombstoned, never removed: the id can never be handed out again.
    var row =
        jdbc.sql("select status, error_code, deleted_at from videos where id = :id")
            .param("id", uuid)
            .query()
            .singleRow();
    assertThat(row.get("status")).isEqualTo("failed");
    assertThat(row.get("deleted_at")).isNotNull();

    assertThat(delete(alice, "/v1/videos/" + id).statusCode()).isEqualTo(404);
    assertThat(post(alice, "/v1/videos/" + id + "/cancel").statusCode()).isEqualTo(404);
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC)).hasSize(2);
  }

  @Test
  void deletingACompletedVideoEmitsOnlyVideoDeleted() {
    User alice = user();
    String id = create(alice, "a lighthouse at dusk");
    UUID uuid = WireIds.parseVideo(id).orElseThrow();
    markCompleted(uuid);

    assertThat(delete(alice, "/v1/videos/" + id).statusCode()).isEqualTo(200);

    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoDeleted.TYPE);
    assertThat(get(alice, "/v1/videos/" + id).statusCode()).isEqualTo(404);
    assertThat(PEERS.deletedVideos).contains(uuid);
  }

  @Test
  void listAndCursorsSkipDeletedVideos() {
    User alice = user();
    String first = create(alice, "one");
    String second = create(alice, "two");
    String third = create(alice, "three");

    assertThat(delete(alice, "/v1/videos/" + second).statusCode()).isEqualTo(200);

    JsonNode page = json(get(alice, "/v1/videos?order=asc"));
    assertThat(page.get("data").valueStream().map(v -> v.get("id").asString()))
        .containsExactly(first, third);
    assertThat(get(alice, "/v1/videos?after=" + second).statusCode()).isEqualTo(400);
  }

  @Test
  void anotherUsersVideoCannotBeDeletedOrCancelled() {
    User alice = user();
    User bob = user();
    String id = create(alice, "a private garden");

    HttpResponse<String> deleted = delete(bob, "/v1/videos/" + id);
    assertThat(deleted.statusCode()).isEqualTo(404);
    assertThat(json(deleted).get("error").get("code").asString()).isEqualTo("not_found");
    assertThat(post(bob, "/v1/videos/" + id + "/cancel").statusCode()).isEqualTo(404);
    for (String bad : List.of("video_nope", "video_" + "g".repeat(32), "not-an-id")) {
      assertThat(delete(alice, "/v1/videos/" + bad).statusCode()).as(bad).isEqualTo(404);
      assertThat(post(alice, "/v1/videos/" + bad + "/cancel").statusCode()).as(bad).isEqualTo(404);
    }

    JsonNode still = json(get(alice, "/v1/videos/" + id));
    assertThat(still.get("status").asString()).isEqualTo("queued");
    assertThat(PEERS.deletedVideos).doesNotContain(WireIds.parseVideo(id).orElseThrow());
  }

  @Test
  void aStorageOutageRefusesTheDeleteAndKeepsTheVideo() {
    User alice = user();
    String id = create(alice, "a storm");
    UUID uuid = WireIds.parseVideo(id).orElseThrow();
    PEERS.mediaDeleteOutageVideos.add(uuid);

    HttpResponse<String> refused = delete(alice, "/v1/videos/" + id);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(json(refused).get("error").get("code").asString())
        .isEqualTo("dependency_unavailable");
    assertThat(json(get(alice, "/v1/videos/" + id)).get("status").asString()).isEqualTo("queued");
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC)).isEmpty();

    PEERS.mediaDeleteOutageVideos.remove(uuid);
    assertThat(delete(alice, "/v1/videos/" + id).statusCode()).isEqualTo(200);
  }

  // ---- cancel ----

  @Test
  void cancellingAQueuedVideoEndsItAtOnce() {
    User alice = user();
    String id = create(alice, "a parade");
    UUID uuid = WireIds.parseVideo(id).orElseThrow();

    HttpResponse<String> response = post(alice, "/v1/videos/" + id + "/cancel");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("openai-poll-after-ms")).isEmpty();
    JsonNode video = json(response);
    assertThat(video.get("status").asString()).isEqualTo("failed");
    assertThat(video.get("error").get("code").asString()).isEqualTo("cancelled");
    assertThat(video.get("cancelled_at").asLong()).isPositive();
    assertThat(video.get("completed_at").asLong()).isEqualTo(video.get("cancelled_at").asLong());
    assertThat(video.get("queue_position").isNull()).isTrue();
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
    assertThat(failedCode(uuid)).isEqualTo("cancelled");

    // Retrying a cancel is safe: same answer, no second event.
    HttpResponse<String> again = post(alice, "/v1/videos/" + id + "/cancel");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("error").get("code").asString()).isEqualTo("cancelled");
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC)).hasSize(1);
    JsonNode fetched = json(get(alice, "/v1/videos/" + id));
    assertThat(fetched.get("cancelled_at").asLong()).isEqualTo(video.get("cancelled_at").asLong());
  }

  @Test
  void finishedVideosAreNotCancellable() {
    User alice = user();
    String completed = create(alice, "a sunrise");
    markCompleted(WireIds.parseVideo(completed).orElseThrow());
    String blocked =
        json(postJson(alice, "/v1/videos", "{\"prompt\":\"a " + PeerStubs.BLOCKED_WORD + " act\"}"))
            .get("id")
            .asString();

    for (String id : List.of(completed, blocked)) {
      HttpResponse<String> refused = post(alice, "/v1/videos/" + id + "/cancel");
      assertThat(refused.statusCode()).as(id).isEqualTo(409);
      JsonNode error = json(refused).get("error");
      assertThat(error.get("code").asString()).isEqualTo("video_not_cancellable");
      assertThat(error.get("type").asString()).isNotBlank();
    }
    assertThat(json(get(alice, "/v1/videos/" + completed)).get("cancelled_at").isNull()).isTrue();
  }

  @Test
  void cancellingARunningVideoStopsTheRenderBetweenSteps() throws Exception {
    User alice = user();
    String id = create(alice, "a long slow pan across a city");
    UUID uuid = WireIds.parseVideo(id).orElseThrow();
    SlowRenderer renderer = new SlowRenderer(200, 20);
    JobProcessor worker = processorWith(renderer);
    var job = requested(uuid);

    CompletableFuture<Outcome> outcome =
        CompletableFuture.supplyAsync(() -> worker.process(UUID.randomUUID(), job), WORKER);
    assertThat(renderer.started.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(json(get(alice, "/v1/videos/" + id)).get("status").asString())
        .isEqualTo("in_progress");

    HttpResponse<String> response = post(alice, "/v1/videos/" + id + "/cancel");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    // The worker records the end: until then the job is still running, and says so.
    assertThat(json(response).get("status").asString()).isIn("in_progress", "failed");
    assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.FAILED);
    JsonNode done =
        awaitVideo(
            alice, id, Duration.ofSeconds(10), v -> v.get("status").asString().equals("failed"));
    assertThat(done.get("error").get("code").asString()).isEqualTo("cancelled");
    assertThat(done.get("cancelled_at").isNull()).isFalse();
    assertThat(renderer.stepsRun.get()).isBetween(1, renderer.steps - 1);
    assertThat(renderer.checks.get()).isGreaterThanOrEqualTo(renderer.stepsRun.get());
    assertThat(PEERS.uploadsFor(uuid)).isEmpty();
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
    assertThat(failedCode(uuid)).isEqualTo("cancelled");
    // Delivered again (say its partition moved), the job stays cancelled.
    assertThat(worker.process(UUID.randomUUID(), job)).isEqualTo(Outcome.SKIPPED);
    assertThat(post(alice, "/v1/videos/" + id + "/cancel").statusCode()).isEqualTo(200);
  }

  @Test
  void deletingARunningVideoStopsItsRender() throws Exception {
    User alice = user();
    String id = create(alice, "a slow sunset");
    UUID uuid = WireIds.parseVideo(id).orElseThrow();
    SlowRenderer renderer = new SlowRenderer(200, 20);
    JobProcessor worker = processorWith(renderer);

    CompletableFuture<Outcome> outcome =
        CompletableFuture.supplyAsync(
            () -> worker.process(UUID.randomUUID(), requested(uuid)), WORKER);
    assertThat(renderer.started.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(delete(alice, "/v1/videos/" + id).statusCode()).isEqualTo(200);

    // The delete ended the job; the worker stops and records nothing more.
    assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.SKIPPED);
    assertThat(renderer.stepsRun.get()).isLessThan(renderer.steps);
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE, GenerationEvents.VideoDeleted.TYPE);
  }

  @Test
  void aCancelArrivingAfterTheRenderStillWinsAndItsClipIsDeleted() {
    User alice = user();
    String id = create(alice, "a quick clip");
    UUID uuid = WireIds.parseVideo(id).orElseThrow();
    TestClipRenderer quick = new TestClipRenderer();
    // The cancel lands after the last denoising step, while the clip is being stored and checked.
    ClipRenderer cancelledLate =
        (request, progress, cancel) -> {
          var clip = quick.render(request, progress, cancel);
          assertThat(post(alice, "/v1/videos/" + id + "/cancel").statusCode()).isEqualTo(200);
          return clip;
        };

    assertThat(processorWith(cancelledLate).process(UUID.randomUUID(), requested(uuid)))
        .isEqualTo(Outcome.FAILED);

    JsonNode video = json(get(alice, "/v1/videos/" + id));
    assertThat(video.get("status").asString()).isEqualTo("failed");
    assertThat(video.get("error").get("code").asString()).isEqualTo("cancelled");
    assertThat(PEERS.uploadsFor(uuid)).isNotEmpty();
    assertThat(PEERS.deletedVideos).contains(uuid);
    assertThat(eventTypes(uuid, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
  }

  // ---- Idempotency-Key ----

  @Test
  void theSameKeyAndParametersGiveTheSameJobAndResponse() {
    User alice = user();
    String request = "{\"prompt\":\"a paper boat\",\"seconds\":\"8\"}";

    HttpResponse<String> first = createWithKey(alice, request, "key-1");
    HttpResponse<String> second = createWithKey(alice, request, "key-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(json(second)).isEqualTo(json(first));
    assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(second.headers().firstValue("openai-poll-after-ms")).contains("1000");
    assertThat(videosOwnedBy(alice.id())).isEqualTo(1);

    // Another key, or the same key of another user, is another job.
    String other = json(createWithKey(alice, request, "key-2")).get("id").asString();
    assertThat(other).isNotEqualTo(json(first).get("id").asString());
    User bob = user();
    assertThat(json(createWithKey(bob, request, "key-1")).get("id").asString())
        .isNotEqualTo(json(first).get("id").asString());
    assertThat(videosOwnedBy(alice.id())).isEqualTo(2);
    assertThat(videosOwnedBy(bob.id())).isEqualTo(1);
  }

  @Test
  void theSameKeyWithOtherParametersIsRefused() {
    User alice = user();
    assertThat(createWithKey(alice, "{\"prompt\":\"a red car\"}", "k").statusCode()).isEqualTo(200);

    HttpResponse<String> refused = createWithKey(alice, "{\"prompt\":\"a blue car\"}", "k");

    assertThat(refused.statusCode()).isEqualTo(422);
    JsonNode error = json(refused).get("error");
    assertThat(error.get("code").asString()).isEqualTo("idempotency_key_reused");
    assertThat(error.get("param").asString()).isEqualTo("Idempotency-Key");
    assertThat(videosOwnedBy(alice.id())).isEqualTo(1);
  }

  @Test
  void concurrentDuplicatesCreateExactlyOneJob() throws Exception {
    User alice = user();
    int n = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      for (int i = 0; i < n; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return createWithKey(alice, "{\"prompt\":\"a crowd of pigeons\"}", "burst");
                },
                pool));
      }
      go.countDown();
      List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

      assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
      Set<JsonNode> bodies =
          responses.stream().map(IntegrationTest::json).collect(Collectors.toSet());
      assertThat(bodies).hasSize(1);
    }
    assertThat(videosOwnedBy(alice.id())).isEqualTo(1);
    UUID id =
        jdbc.sql("select id from videos where owner_id = :o")
            .param("o", alice.id())
            .query(UUID.class)
            .single();
    // One job means one charge: the scheduler, not create, dispatches it to the workers.
    assertThat(
            jdbc.sql("select count(*) from credit_ledger where video_id = :id and kind = 'charge'")
                .param("id", id)
                .query(Long.class)
                .single())
        .isEqualTo(1L);
  }

  @Test
  void aRefusedRequestStoresNothingUnderItsKey() {
    User alice = user();
    HttpResponse<String> invalid =
        createWithKey(alice, "{\"prompt\":\"x\",\"seconds\":\"5\"}", "retry-me");
    assertThat(invalid.statusCode()).isEqualTo(400);

    HttpResponse<String> fixed =
        createWithKey(alice, "{\"prompt\":\"x\",\"seconds\":\"4\"}", "retry-me");
    assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
    assertThat(fixed.headers().firstValue("Idempotent-Replayed")).isEmpty();

    for (String key : List.of("k".repeat(256), "has space")) {
      HttpResponse<String> bad = createWithKey(alice, "{\"prompt\":\"y\"}", key);
      assertThat(bad.statusCode()).as(key).isEqualTo(400);
      assertThat(json(bad).get("error").get("param").asString()).isEqualTo("Idempotency-Key");
    }
    assertThat(createWithKey(alice, "{\"prompt\":\"y\"}", "k".repeat(255)).statusCode())
        .isEqualTo(200);
    assertThat(videosOwnedBy(alice.id())).isEqualTo(2);
  }

  @Test
  void anExpiredKeyCreatesANewJob() {
    User alice = user();
    String first =
        json(createWithKey(alice, "{\"prompt\":\"an old key\"}", "old")).get("id").asString();
    jdbc.sql(
            "update idempotency_keys set created_at = now() - interval '25 hours'"
                + " where owner_id = :o")
        .param("o", alice.id())
        .update();

    HttpResponse<String> again = createWithKey(alice, "{\"prompt\":\"other words\"}", "old");

    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(json(again).get("id").asString()).isNotEqualTo(first);
    assertThat(videosOwnedBy(alice.id())).isEqualTo(2);
  }

  @Test
  void aReservationWhoseRequestDiedIsTakenOverWithItsVideoId() {
    User alice = user();
    String request = "{\"prompt\":\"after a crash\"}";
    // Reserve the key as a request would, then "crash": no job, no response, an old reservation.
    HttpResponse<String> probe = createWithKey(alice, request, "probe");
    String hash =
        jdbc.sql("select request_hash from idempotency_keys where owner_id = :o and key = 'probe'")
            .param("o", alice.id())
            .query(String.class)
            .single();
    UUID reserved = UUID.randomUUID();
    jdbc.sql(
            """
            insert into idempotency_keys (owner_id, key, request_hash, video_id, created_at)
            values (:o, 'crashed', :h, :v, now() - interval '10 minutes')
            """)
        .param("o", alice.id())
        .param("h", hash)
        .param("v", reserved)
        .update();

    HttpResponse<String> retried = createWithKey(alice, request, "crashed");

    assertThat(probe.statusCode()).isEqualTo(200);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    assertThat(json(retried).get("id").asString()).isEqualTo(WireIds.video(reserved));
    assertThat(json(createWithKey(alice, request, "crashed"))).isEqualTo(json(retried));
    assertThat(videosOwnedBy(alice.id())).isEqualTo(2);
  }

  @Test
  void multipartCreatesHonourTheKeyToo() {
    User alice = user();
    List<Part> parts = List.of(Part.text("prompt", "a fox in snow"), Part.text("seconds", "4"));

    HttpResponse<String> first = multipartWithKey(alice, parts, "form-key");
    HttpResponse<String> second = multipartWithKey(alice, parts, "form-key");
    HttpResponse<String> changed =
        multipartWithKey(alice, List.of(Part.text("prompt", "a fox in rain")), "form-key");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(json(second)).isEqualTo(json(first));
    assertThat(changed.statusCode()).isEqualTo(422);
    assertThat(videosOwnedBy(alice.id())).isEqualTo(1);
  }

  // ---- helpers ----

  /** Renders {@code steps} steps of {@code stepMs}, asking for cancellation before each. */
  static final class SlowRenderer implements ClipRenderer {
    final int steps;
    final long stepMs;
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicInteger stepsRun = new AtomicInteger();
    final AtomicInteger checks = new AtomicInteger();

    SlowRenderer(int steps, long stepMs) {
      this.steps = steps;
      this.stepMs = stepMs;
    }

    @Override
    public dev.zoetrope.generation.render.RenderedClip render(
        dev.zoetrope.generation.render.RenderRequest request,
        Progress progress,
        Cancellation cancel)
        throws RenderCancelledException {
      for (int step = 0; step < steps; step++) {
        checks.incrementAndGet();
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
      throw new IllegalStateException("a slow render must be cancelled before it ends");
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

  private GenerationEvents.JobRequested requested(UUID id) {
    var v = videos.find(id).orElseThrow();
    return new GenerationEvents.JobRequested(
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

  private String create(User user, String prompt) {
    HttpResponse<String> response = postJson(user, "/v1/videos", "{\"prompt\":\"" + prompt + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("id").asString();
  }

  private void markCompleted(UUID id) {
    jdbc.sql(
            """
            update videos set status = 'completed', progress = 100, asset_id = gen_random_uuid(),
              started_at = now(), completed_at = now() where id = :id
            """)
        .param("id", id)
        .update();
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

  private HttpResponse<String> createWithKey(User user, String json, String idempotencyKey) {
    return send(
        request(user, "/v1/videos")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private HttpResponse<String> multipartWithKey(
      User user, List<Part> parts, String idempotencyKey) {
    // Text fields only: the base class's encoder cannot add a header.
    String boundary = "----zoetrope" + UUID.randomUUID().toString().replace("-", "");
    StringBuilder body = new StringBuilder();
    for (Part part : parts) {
      body.append("--").append(boundary).append("\r\n");
      body.append("Content-Disposition: form-data; name=\"")
          .append(part.name())
          .append("\"\r\n\r\n");
      body.append(new String(part.content(), java.nio.charset.StandardCharsets.UTF_8))
          .append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return send(
        request(user, "/v1/videos")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  private HttpResponse<String> post(User user, String path) {
    return send(request(user, path).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpResponse<String> delete(User user, String path) {
    return send(request(user, path).DELETE().build());
  }

  private HttpRequest.Builder request(User user, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + user.token());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
