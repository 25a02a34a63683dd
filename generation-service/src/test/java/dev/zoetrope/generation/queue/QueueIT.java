package dev.zoetrope.generation.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.generation.credits.CreditLedger;
import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.support.PeerStubs;
import dev.zoetrope.generation.videos.VideoRepository;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The fair queue against real Postgres and Kafka, API process only: render slots are registered as
 * rows a worker would heartbeat, and "workers" are this test claiming dispatched jobs through the
 * repository, so which job goes out when is deterministic.
 */
@TestPropertySource(properties = "zoetrope.generation.worker.enabled=false")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QueueIT extends IntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Autowired VideoRepository videos;
  @Autowired CreditLedger ledger;
  @Autowired Outbox outbox;
  @Autowired TransactionTemplate tx;
  @Autowired QueueRepository queueRepository;
  @Autowired dev.zoetrope.generation.GenerationProperties generation;

  private final List<UUID> owners = new ArrayList<>();
  private final List<String> fakeWorkers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    if (!owners.isEmpty()) {
      jdbc.sql(
              """
              update videos set status = 'failed', error_code = 'test_discarded',
                error_message = 'discarded by QueueIT', completed_at = now()
              where status in ('queued', 'in_progress') and owner_id in (:owners)
              """)
          .param("owners", owners)
          .update();
    }
    for (String w : fakeWorkers) {
      jdbc.sql("delete from queue_workers where worker_id = :w").param("w", w).update();
    }
  }

  private User user() {
    User u = newUser();
    owners.add(u.id());
    return u;
  }

  private void slots(int n) {
    String id = "queue-it-" + UUID.randomUUID();
    fakeWorkers.add(id);
    jdbc.sql("insert into queue_workers (worker_id, slots, seen_at) values (:w, :s, now())")
        .param("w", id)
        .param("s", n)
        .update();
  }

  private UUID create(User u) {
    return create(u, "{\"prompt\":\"a red ball rolls\"}");
  }

  private UUID create(User u, String body) {
    HttpResponse<String> r = postJson(u, "/v1/videos", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return WireIds.parseVideo(json(r).get("id").asString()).orElseThrow();
  }

  private List<UUID> dispatchedNotStarted() {
    return jdbc.sql(
            """
            select id from videos where status = 'queued' and dispatched_at is not null
              and owner_id in (:owners) order by dispatched_at, created_at, id
            """)
        .param("owners", owners)
        .query(UUID.class)
        .list();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void lightUsersAreServedWithinARoundDespiteAHeavyBacklogAndTheCapHolds() throws Exception {
    User heavy = user();
    List<UUID> heavyJobs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      heavyJobs.add(create(heavy));
    }
    List<User> light = List.of(user(), user(), user());
    Set<UUID> lightJobs = new LinkedHashSet<>();
    for (User u : light) {
      lightJobs.add(create(u));
    }
    // While nothing dispatches, positions already reflect the fair order: light users are not
    // behind the heavy backlog.
    for (UUID id : lightJobs) {
      User owner = light.get(List.copyOf(lightJobs).indexOf(id));
      JsonNode v =
          awaitVideo(
              owner,
              WireIds.video(id),
              WAIT,
              j -> j.get("queue_position").isInt() && j.get("eta_seconds").isInt());
      assertThat(v.get("eta_seconds").asInt()).isPositive();
      // FIFO would put them 9th to 11th.
      assertThat(v.get("queue_position").asInt()).isLessThan(9);
    }

    // Two render slots; this test is the worker: it starts whatever is dispatched, oldest first,
    // and finishes it before taking the next.
    slots(2);
    List<UUID> started = new ArrayList<>();
    int total = heavyJobs.size() + lightJobs.size();
    while (started.size() < total) {
      await("a job is dispatched", () -> !dispatchedNotStarted().isEmpty());
      List<UUID> waiting = dispatchedNotStarted();
      assertThat(waiting.size()).as("topic depth").isLessThanOrEqualTo(2);
      Map<UUID, Integer> perUser = new HashMap<>();
      for (UUID id : waiting) {
        perUser.merge(ownerOf(id), 1, Integer::sum);
      }
      perUser.values().forEach(n -> assertThat(n).as("per-user cap").isLessThanOrEqualTo(2));
      UUID next = waiting.getFirst();
      assertThat(videos.claim(next, Instant.now(), Duration.ofMinutes(1), "queue-it")).isPresent();
      started.add(next);
      videos.fail(next, "test_done", "finished by QueueIT", Instant.now());
    }

    int lastLight = 0;
    for (int i = 0; i < started.size(); i++) {
      if (lightJobs.contains(started.get(i))) {
        lastLight = i;
      }
    }
    // FIFO would start them 9th to 11th; round-robin within the first two rounds.
    assertThat(lastLight).isLessThan(6);
    assertThat(started.stream().filter(heavyJobs::contains).toList()).isEqualTo(heavyJobs);
  }

  /**
   * Under a backlog longer than a tick republishes every time, ticks that find a record already
   * waiting for every render slot skip planning; positions still reach the whole queue and a freed
   * slot still gets the next job.
   */
  @Test
  void aLongBacklogIsStillOrderedAndDispatchedOneSlotAtATime() throws Exception {
    User heavy = user();
    UUID first = create(heavy);
    // 300 more of the same job, a microsecond apart, without 300 round trips through the API.
    jdbc.sql(
            """
            insert into videos
            select (jsonb_populate_record(null::videos, to_jsonb(v)
                || jsonb_build_object('id', gen_random_uuid(), 'sched_position', null,
                     'created_at', v.created_at + g * interval '1 microsecond'))).*
            from videos v, generate_series(1, 300) g where v.id = :id
            """)
        .param("id", first)
        .update();
    User light = user();
    UUID lightJob = create(light);
    await(
        "all 302 queued jobs have their places",
        () ->
            jdbc.sql(
                    """
                        select count(distinct sched_position) = 302 and max(sched_position) = 302
                        from videos where owner_id in (:owners) and status = 'queued'
                        """)
                .param("owners", owners)
                .query(Boolean.class)
                .single());
    JsonNode v =
        awaitVideo(light, WireIds.video(lightJob), WAIT, j -> j.get("queue_position").isInt());
    assertThat(v.get("queue_position").asInt()).as("round-robin, not behind 301").isLessThan(3);

    slots(1);
    for (int i = 0; i < 3; i++) {
      await("a job is dispatched", () -> !dispatchedNotStarted().isEmpty());
      List<UUID> waiting = dispatchedNotStarted();
      assertThat(waiting).as("one slot, one waiting record").hasSize(1);
      assertThat(videos.claim(waiting.getFirst(), Instant.now(), Duration.ofMinutes(1), "queue-it"))
          .isPresent();
      videos.fail(waiting.getFirst(), "test_done", "finished by QueueIT", Instant.now());
    }
  }

  private UUID ownerOf(UUID id) {
    return jdbc.sql("select owner_id from videos where id = :id")
        .param("id", id)
        .query(UUID.class)
        .single();
  }

  @Test
  void aJobWhoseWorkerDiesIsRedispatchedThenFailsOnceAndIsRefunded() throws Exception {
    User u = user();
    UUID id = create(u);
    assertThat(ledger.netCharged(id)).contains(4);
    slots(1);
    int maxAttempts = 3;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      await("dispatched", () -> dispatchedNotStarted().contains(id));
      // A worker takes it and is killed: its lease is never renewed.
      int expected = attempt;
      assertThat(videos.claim(id, Instant.now(), Duration.ofMillis(1500), "doomed-" + attempt))
          .hasValueSatisfying(claimed -> assertThat(claimed.attempts()).isEqualTo(expected));
      // While the lease lives, nobody else can claim it.
      assertThat(videos.claim(id, Instant.now(), Duration.ofMinutes(1), "thief")).isEmpty();
      if (attempt < maxAttempts) {
        await("re-queued", () -> "queued".equals(status(id)));
      }
    }
    await("failed", () -> "failed".equals(status(id)));
    assertThat(
            jdbc.sql("select error_code from videos where id = :id")
                .param("id", id)
                .query(String.class)
                .single())
        .isEqualTo(Scheduler.WORKER_LOST);
    assertThat(eventTypes(id, GenerationEvents.JOBS_TOPIC)).hasSize(maxAttempts);
    assertThat(eventTypes(id, GenerationEvents.VIDEOS_TOPIC)).containsExactly(VideoFailed.TYPE);
    // A late claim (the dead worker's record redelivered) finds the job final.
    assertThat(videos.claim(id, Instant.now(), Duration.ofMinutes(1), "late")).isEmpty();
    await("refunded", () -> ledger.netCharged(id).orElse(-1) == 0);
    assertThat(json(get(u, "/v1/credits")).get("allowance_remaining").asInt()).isEqualTo(40);
  }

  @Test
  void aHeartbeatingWorkerKeepsItsJobAndADrainingOneHandsItBack() throws Exception {
    User u = user();
    UUID id = create(u);
    // A worker whose lease (600 ms) is much shorter than its render: only the heartbeat keeps it.
    QueueProperties shortLease =
        new QueueProperties(
            false,
            200,
            3,
            2,
            600,
            100,
            15_000,
            600_000,
            QueueProperties.ScarcityPolicy.ACCEPT,
            1800,
            15_000,
            20,
            5000);
    WorkerHeartbeat worker = new WorkerHeartbeat(queueRepository, shortLease, generation);
    worker.start();
    try {
      await("registered", () -> queueRepository.capacity(15_000) >= 1);
      await("dispatched", () -> dispatchedNotStarted().contains(id));
      assertThat(videos.claim(id, Instant.now(), worker.leaseDuration(), worker.workerId()))
          .hasValueSatisfying(claimed -> assertThat(claimed.attempts()).isEqualTo(1));
      try (Leases.Held held = worker.hold(id)) {
        // Rendering for five lease lengths: the scheduler sees a live lease throughout.
        Instant until = Instant.now().plusMillis(3000);
        while (Instant.now().isBefore(until)) {
          assertThat(status(id)).isEqualTo("in_progress");
          Thread.sleep(100);
        }
        assertThat(held.lost()).isFalse();

        // Another job that this worker holds is taken over meanwhile: the heartbeat notices.
        UUID other = create(user());
        assertThat(videos.claim(other, Instant.now(), worker.leaseDuration(), worker.workerId()))
            .isPresent();
        try (Leases.Held otherHeld = worker.hold(other)) {
          jdbc.sql("update videos set lease_owner = 'another-worker' where id = :id")
              .param("id", other)
              .update();
          await("the lost lease is noticed", otherHeld::lost);
        }
        worker.stop();
        assertThat(queueRepository.capacity(15_000)).isZero();
        // Shutdown with the render unfinished: back to the queue, the attempt not spent.
        worker.destroy();
      }
      assertThat(status(id)).isEqualTo("queued");
      assertThat(
              jdbc.sql("select attempts from videos where id = :id")
                  .param("id", id)
                  .query(Integer.class)
                  .single())
          .isZero();
      assertThat(eventTypes(id, GenerationEvents.VIDEOS_TOPIC)).isEmpty();
    } finally {
      worker.stop();
      worker.destroy();
    }
  }

  private String status(UUID id) {
    return jdbc.sql("select status from videos where id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  @Test
  void creditsAreChargedAtCreateRefusedWhenShortAndRefundedOnceOnFailure() throws Exception {
    User u = user();
    String expensive =
        "{\"prompt\":\"a long pro clip\",\"model\":\"sora-2-pro\",\"seconds\":\"12\","
            + "\"size\":\"1792x1024\"}";
    HttpResponse<String> refused = postJson(u, "/v1/videos", expensive);
    assertThat(refused.statusCode()).isEqualTo(402);
    assertThat(json(refused).get("error").get("code").asString())
        .isEqualTo(CreditLedger.INSUFFICIENT);
    assertThat(videosOwnedBy(u.id())).isZero();

    assertThat(grant(TestInfra.issuer().userToken(u.id(), "self", "free"), u.id(), 100))
        .as("a user cannot grant itself credits")
        .isIn(401, 403);
    assertThat(grant(TestInfra.issuer().serviceToken("gateway-service"), u.id(), 0)).isEqualTo(400);
    assertThat(grant(TestInfra.issuer().serviceToken("gateway-service"), u.id(), 100))
        .isEqualTo(201);
    UUID id = create(u, expensive);
    assertThat(ledger.netCharged(id)).contains(72);
    JsonNode balance = json(get(u, "/v1/credits"));
    assertThat(balance.get("balance").asInt()).isEqualTo(28);
    assertThat(balance.get("allowance_remaining").asInt()).isEqualTo(40);

    // A cheap clip comes out of the free allowance.
    UUID cheap = create(u);
    assertThat(json(get(u, "/v1/credits")).get("allowance_remaining").asInt()).isEqualTo(36);

    // Cancelled (as the cancel endpoint records it): refunded through the videos topic, once,
    // however many failure events arrive.
    UUID first = fail(id, u.id(), "cancelled");
    await("refunded", () -> ledger.netCharged(id).orElse(-1) == 0);
    UUID second = fail(id, u.id(), "cancelled");
    await("second event consumed", () -> consumed(second));
    assertThat(consumed(first)).isTrue();
    assertThat(ledger.netCharged(id)).contains(0);
    assertThat(json(get(u, "/v1/credits")).get("balance").asInt()).isEqualTo(100);
    assertThat(ledger.netCharged(cheap)).contains(4);
  }

  @Test
  void aPromptBlockedAtCreateIsNeverCharged() {
    User u = user();
    HttpResponse<String> r =
        postJson(u, "/v1/videos", "{\"prompt\":\"" + PeerStubs.BLOCKED_WORD + " scene\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    UUID id = WireIds.parseVideo(json(r).get("id").asString()).orElseThrow();
    assertThat(json(r).get("status").asString()).isEqualTo("failed");
    assertThat(ledger.netCharged(id)).isEmpty();
    assertThat(json(get(u, "/v1/credits")).get("allowance_remaining").asInt()).isEqualTo(40);
  }

  @Test
  void quoteTellsThePriceAndWhatPaysForIt() {
    User u = user();
    JsonNode standard = json(postJson(u, "/v1/videos/quote", "{}"));
    assertThat(standard.get("object").asString()).isEqualTo("video.quote");
    assertThat(standard.get("credits").asInt()).isEqualTo(4);
    assertThat(standard.get("covered_by_allowance").asBoolean()).isTrue();
    assertThat(standard.get("affordable").asBoolean()).isTrue();

    JsonNode pro =
        json(
            postJson(
                u,
                "/v1/videos/quote",
                "{\"model\":\"sora-2-pro\",\"seconds\":\"12\",\"size\":\"1792x1024\","
                    + "\"prompt\":\"ignored\"}"));
    assertThat(pro.get("model").asString()).isEqualTo("zoetrope-1-pro");
    assertThat(pro.get("credits").asInt()).isEqualTo(72);
    assertThat(pro.get("covered_by_allowance").asBoolean()).isFalse();
    assertThat(pro.get("affordable").asBoolean()).isFalse();

    HttpResponse<String> bad = postJson(u, "/v1/videos/quote", "{\"size\":\"9x9\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").get("param").asString()).isEqualTo("size");
    assertThat(postJson(u, "/v1/videos/quote", "{\"seconds\":\"5\"}").statusCode()).isEqualTo(400);
    assertThat(postJson(u, "/v1/videos/quote", "{\"model\":\"gpt-9\"}").statusCode())
        .isEqualTo(400);
    // A quote queues nothing and charges nothing.
    assertThat(videosOwnedBy(u.id())).isZero();
    assertThat(postJson(null, "/v1/videos/quote", "{}").statusCode()).isEqualTo(401);
  }

  private int grant(String token, UUID user, int credits) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/credits/grants"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"user_id\":\"" + user + "\",\"credits\":" + credits + ",\"note\":\"test\"}"))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private UUID fail(UUID videoId, UUID owner, String code) {
    EventEnvelope event =
        EventEnvelope.of(
            VideoFailed.TYPE,
            VideoFailed.VERSION,
            videoId.toString(),
            new VideoFailed(videoId, owner, code, "test"));
    tx.executeWithoutResult(
        s -> {
          videos.fail(videoId, code, "test", Instant.now());
          outbox.append(GenerationEvents.VIDEOS_TOPIC, event);
        });
    return event.eventId();
  }

  private boolean consumed(UUID eventId) {
    return jdbc.sql(
                "select count(*) from processed_events where consumer = 'generation-credits'"
                    + " and event_id = :e")
            .param("e", eventId)
            .query(Long.class)
            .single()
        > 0;
  }
}
