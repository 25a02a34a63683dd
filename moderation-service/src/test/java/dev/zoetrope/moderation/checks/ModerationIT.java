package dev.zoetrope.moderation.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.policy.PromptPolicy;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.common.testing.TestInfra.Need;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.PromptChecked;
import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.contracts.moderation.ModerationApi.PromptPolicySnapshot;
import dev.zoetrope.moderation.photosensitivity.RelativeLuminance;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModerationIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final FakeMediaStore MEDIA = new FakeMediaStore();
  private static final int MAX_CLIP_BYTES = 2 * 1024 * 1024;

  private static byte[] calmClip;
  private static byte[] strobeClip;
  private static byte[] silentClip;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry r) {
    TestInfra.register(r, "moderation", Need.POSTGRES, Need.KAFKA);
    r.add("zoetrope.peers.media-store", MEDIA::baseUrl);
    r.add("zoetrope.moderation.output.max-clip-bytes", () -> MAX_CLIP_BYTES);
    r.add("zoetrope.moderation.policy.categories.weapons", () -> "bazooka,rocket launcher");
  }

  @BeforeAll
  static void clips() throws IOException {
    calmClip = TestClips.mp4(160, 120, 24, 2, true, TestClips.calmBall());
    strobeClip = TestClips.mp4(160, 120, 24, 2, true, TestClips.strobe(24, 6));
    silentClip = TestClips.mp4(160, 120, 24, 2, false, TestClips.calmBall());
  }

  @AfterAll
  static void stop() {
    MEDIA.close();
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired PromptPolicy policy;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String service = TestInfra.issuer().serviceToken("generation-service");

  record Reply(int status, JsonNode body) {}

  private Reply send(String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return new Reply(response.statusCode(), body.isEmpty() ? null : JSON.readTree(body));
  }

  private Reply outputCheck(UUID user, UUID asset, String prompt) throws Exception {
    return send(
        "POST",
        "/internal/output-checks",
        service,
        JSON.writeValueAsString(
            Map.of(
                "userId", user, "videoId", UUID.randomUUID(), "assetId", asset, "prompt", prompt)));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** A decision as generation-service sends it after judging a prompt on a copy of the policy. */
  private PromptChecked promptChecked(UUID user, String prompt) {
    PromptPolicy.Result result = policy.check(prompt);
    String category = result.match().map(PromptPolicy.Match::category).orElse(null);
    return new PromptChecked(
        UUID.randomUUID(),
        user,
        UUID.randomUUID().toString(),
        category == null,
        category,
        category == null ? null : PromptPolicy.reason(category),
        result.match().map(PromptPolicy.Match::term).orElse(null),
        result.normalizedSha256(),
        policy.version(),
        Instant.now().truncatedTo(ChronoUnit.MICROS));
  }

  private void publish(PromptChecked c) throws Exception {
    publish(EventEnvelope.of(PromptChecked.TYPE, PromptChecked.VERSION, c.subjectId(), c));
  }

  private void publish(EventEnvelope event) throws Exception {
    kafka
        .send(GenerationEvents.PROMPT_CHECKS_TOPIC, event.key(), EventJson.write(event))
        .get(10, TimeUnit.SECONDS);
  }

  private long decisionsOf(UUID user) {
    return jdbc.sql("select count(*) from decisions where user_id = :u")
        .param("u", user)
        .query(Long.class)
        .single();
  }

  @Test
  void thePolicyIsServedToServicesOnlyAndACopyJudgesAsThisServiceDoes() throws Exception {
    Reply served = send("GET", ModerationApi.PROMPT_POLICY, service, null);
    assertThat(served.status()).isEqualTo(200);
    PromptPolicySnapshot snapshot = JSON.treeToValue(served.body(), PromptPolicySnapshot.class);
    assertThat(snapshot.version()).isEqualTo(policy.version());
    // Most severe first, the configured category last: the order a copy must try them in.
    assertThat(snapshot.categories().keySet()).startsWith("sexual_minors").endsWith("weapons");
    assertThat(snapshot.categories().get("weapons")).containsExactly("bazooka", "rocket launcher");

    PromptPolicy copy = new PromptPolicy(snapshot.categories());
    assertThat(copy.version()).isEqualTo(policy.version());
    for (String prompt :
        List.of(
            "a red ball bounces through a pool of gore",
            "a p00l of G\u200bO\u200bR\u200bE",
            "a man fires a Bazooka",
            "a red ball bounces twice on a wooden floor")) {
      assertThat(copy.check(prompt)).as(prompt).isEqualTo(policy.check(prompt));
    }
    assertThat(copy.check("a man fires a Bazooka").match().orElseThrow().category())
        .isEqualTo("weapons");

    assertThat(send("GET", ModerationApi.PROMPT_POLICY, null, null).status()).isEqualTo(401);
    String userToken = TestInfra.issuer().userToken(UUID.randomUUID(), "alice", "free");
    assertThat(send("GET", ModerationApi.PROMPT_POLICY, userToken, null).status()).isEqualTo(403);
  }

  @Test
  void promptDecisionsMadeElsewhereJoinTheAuditTrailOnce() throws Exception {
    UUID user = UUID.randomUUID();
    PromptChecked blocked = promptChecked(user, "a red ball bounces through a pool of gore");
    PromptChecked allowed = promptChecked(user, "a red ball bounces twice on a wooden floor");
    assertThat(blocked.allowed()).isFalse();
    assertThat(allowed.allowed()).isTrue();
    publish(blocked);
    // Redelivered by the relay under the same event id, and republished under a new one: the
    // decision's own id keeps it one row either way.
    EventEnvelope again =
        EventEnvelope.of(PromptChecked.TYPE, PromptChecked.VERSION, blocked.subjectId(), blocked);
    publish(again);
    publish(again);
    // Records that cannot become a decision are skipped, not retried forever: the ones behind
    // them on the partition still arrive.
    kafka.send(GenerationEvents.PROMPT_CHECKS_TOPIC, "k", "not json").get(10, TimeUnit.SECONDS);
    PromptChecked inconsistent =
        new PromptChecked(
            UUID.randomUUID(),
            user,
            "s",
            true,
            "graphic_violence",
            null,
            null,
            null,
            policy.version(),
            Instant.now());
    publish(inconsistent);
    publish(
        EventEnvelope.of(
            PromptChecked.TYPE,
            PromptChecked.VERSION + 1,
            allowed.subjectId(),
            promptChecked(user, "a future shape")));
    publish(allowed);

    await().atMost(Duration.ofSeconds(20)).until(() -> decisionsOf(user) == 2);
    Map<String, Object> row =
        jdbc.sql("select * from decisions where id = :id")
            .param("id", blocked.decisionId())
            .query()
            .singleRow();
    assertThat(row.get("kind")).isEqualTo("prompt");
    assertThat(row.get("subject_id")).isEqualTo(blocked.subjectId());
    assertThat(row.get("user_id")).isEqualTo(user);
    assertThat(row.get("allowed")).isEqualTo(false);
    assertThat(row.get("category")).isEqualTo("graphic_violence");
    assertThat(row.get("matched_rule")).isEqualTo("gore");
    assertThat(row.get("policy_version")).isEqualTo(policy.version());
    // When it was decided, not when it arrived.
    assertThat(((java.sql.Timestamp) row.get("created_at")).toInstant())
        .isEqualTo(blocked.checkedAt());
    // The normalized text is hashed, not stored.
    assertThat(row.get("text_sha256"))
        .isEqualTo(
            sha256("a red ball bounces through a pool of gore".getBytes(StandardCharsets.UTF_8)));
    assertThat(
            jdbc.sql("select count(*) from decisions where id = :id")
                .param("id", inconsistent.decisionId())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aTooLongPromptIsRefusedByTheOutputCheck() throws Exception {
    Reply tooLong = outputCheck(UUID.randomUUID(), UUID.randomUUID(), "a".repeat(4001));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().get("code").asString()).isEqualTo("prompt_too_long");
  }

  @Test
  void calmClipPassesTheOutputCheck() throws Exception {
    UUID user = UUID.randomUUID();
    UUID asset = MEDIA.put(calmClip);
    Reply r = outputCheck(user, asset, "a red ball bounces twice on a wooden floor");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("allowed").asBoolean()).as(r.body().toString()).isTrue();
    Map<String, Object> row =
        jdbc.sql("select * from decisions where id = :id")
            .param("id", UUID.fromString(r.body().get("decisionId").asString()))
            .query()
            .singleRow();
    assertThat(row.get("kind")).isEqualTo("output");
    assertThat(row.get("asset_id")).isEqualTo(asset);
    assertThat(row.get("media_sha256")).isEqualTo(sha256(calmClip));
    assertThat(MEDIA.unauthorized.get()).isZero();
  }

  @Test
  void strobingClipIsBlockedAsPhotosensitive() throws Exception {
    UUID asset = MEDIA.put(strobeClip);
    Reply r = outputCheck(UUID.randomUUID(), asset, "a ball");
    assertThat(r.body().get("allowed").asBoolean()).isFalse();
    assertThat(r.body().get("category").asString()).isEqualTo("photosensitive_flashing");
    assertThat(r.body().get("reason").asString()).contains("flashes 6 times");
  }

  /** What the worker sends with a clip it encoded: the layout it wrote, each frame's luminance. */
  private static Map<String, Object> measurements(
      String sha256, int audioStreams, long[] timestampsMicros, double[] luminance) {
    return Map.of(
        "mp4Sha256", sha256,
        "videoStreams", 1,
        "audioStreams", audioStreams,
        "width", 720,
        "height", 1280,
        "frameTimestampsMicros", timestampsMicros,
        "frameLuminance", luminance);
  }

  /** {@code frames} frames at 24 fps, each the luminance {@code grey.apply(i)} as sRGB grey. */
  private static Map<String, Object> greySeries(
      String sha256, int frames, java.util.function.IntUnaryOperator grey) {
    long[] ts = new long[frames];
    double[] lum = new double[frames];
    for (int i = 0; i < frames; i++) {
      ts[i] = i * 1_000_000L / 24;
      int v = grey.applyAsInt(i);
      lum[i] = RelativeLuminance.of(v, v, v);
    }
    return measurements(sha256, 1, ts, lum);
  }

  private Reply measuredCheck(UUID user, UUID asset, String prompt, Map<String, Object> measured)
      throws Exception {
    return send(
        "POST",
        "/internal/output-checks",
        service,
        JSON.writeValueAsString(
            Map.of(
                "userId",
                user,
                "videoId",
                UUID.randomUUID(),
                "assetId",
                asset,
                "prompt",
                prompt,
                "measurements",
                measured)));
  }

  @Test
  void measuredFlashingSeriesIsBlockedWithoutFetchingTheClip() throws Exception {
    UUID asset = UUID.randomUUID();
    String sha = "ab".repeat(32);
    int before = MEDIA.requests.get();
    // Black and white swapping 6 times a second, as strobeClip is painted.
    Reply r =
        measuredCheck(
            UUID.randomUUID(),
            asset,
            "a ball",
            greySeries(sha, 48, i -> ((int) Math.floor(i * 2 * 6 / 24.0)) % 2 == 0 ? 8 : 245));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    assertThat(r.body().get("allowed").asBoolean()).isFalse();
    assertThat(r.body().get("category").asString()).isEqualTo("photosensitive_flashing");
    assertThat(r.body().get("reason").asString()).contains("flashes 6 times");
    assertThat(MEDIA.requests.get()).isEqualTo(before);
    Map<String, Object> row =
        jdbc.sql("select * from decisions where id = :id")
            .param("id", UUID.fromString(r.body().get("decisionId").asString()))
            .query()
            .singleRow();
    assertThat(row.get("kind")).isEqualTo("output");
    assertThat(row.get("allowed")).isEqualTo(false);
    assertThat(row.get("asset_id")).isEqualTo(asset);
    assertThat(row.get("media_sha256")).isEqualTo(sha);
  }

  @Test
  void measuredCalmSeriesIsAllowedWithoutFetchingTheClip() throws Exception {
    UUID asset = UUID.randomUUID();
    int before = MEDIA.requests.get();
    // A slow fade: large in total, never a flash.
    Reply r =
        measuredCheck(
            UUID.randomUUID(),
            asset,
            "a red ball bounces twice on a wooden floor",
            greySeries("cd".repeat(32), 96, i -> 20 + i * 2));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    assertThat(r.body().get("allowed").asBoolean()).isTrue();
    assertThat(MEDIA.requests.get()).isEqualTo(before);
    assertThat(
            jdbc.sql("select asset_id from decisions where id = :id")
                .param("id", UUID.fromString(r.body().get("decisionId").asString()))
                .query(UUID.class)
                .single())
        .isEqualTo(asset);
  }

  @Test
  void measuredLayoutIsHeldToTheDecodersRulesAndInconsistentSeriesAreRefused() throws Exception {
    long[] ts = {0, 41_666, 83_333};
    double[] lum = {0.2, 0.2, 0.2};
    Reply silent =
        measuredCheck(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "a ball",
            measurements("ef".repeat(32), 0, ts, lum));
    assertThat(silent.body().get("category").asString()).isEqualTo("malformed_media");
    assertThat(silent.body().get("reason").asString()).contains("no audio");

    Reply tooLong =
        measuredCheck(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "a ball",
            measurements("ef".repeat(32), 1, new long[] {0, 61_000_000L}, new double[] {0.2, 0.2}));
    assertThat(tooLong.body().get("category").asString()).isEqualTo("malformed_media");
    assertThat(tooLong.body().get("reason").asString()).contains("longer than");

    Reply mismatched =
        measuredCheck(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "a ball",
            measurements("ef".repeat(32), 1, ts, new double[] {0.2}));
    assertThat(mismatched.status()).isEqualTo(400);
    Reply outOfRange =
        measuredCheck(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "a ball",
            measurements("ef".repeat(32), 1, ts, new double[] {0.2, 1.5, 0.2}));
    assertThat(outOfRange.status()).isEqualTo(400);
    Reply backwards =
        measuredCheck(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "a ball",
            measurements("ef".repeat(32), 1, new long[] {0, 83_333, 41_666}, lum));
    assertThat(backwards.status()).isEqualTo(400);
    Reply noHash =
        measuredCheck(
            UUID.randomUUID(), UUID.randomUUID(), "a ball", measurements("xyz", 1, ts, lum));
    assertThat(noHash.status()).isEqualTo(400);
  }

  @Test
  void clipsWithoutAudioOrThatDoNotDecodeAreMalformed() throws Exception {
    Reply silent = outputCheck(UUID.randomUUID(), MEDIA.put(silentClip), "a ball");
    assertThat(silent.body().get("category").asString()).isEqualTo("malformed_media");
    assertThat(silent.body().get("reason").asString()).contains("no audio");

    byte[] garbage = new byte[50_000];
    new java.util.Random(1).nextBytes(garbage);
    Reply junk = outputCheck(UUID.randomUUID(), MEDIA.put(garbage), "a ball");
    assertThat(junk.body().get("category").asString()).isEqualTo("malformed_media");

    // A clip cut off halfway has no index (moov) and must not pass as a shorter clip.
    byte[] truncated = java.util.Arrays.copyOf(calmClip, calmClip.length / 2);
    Reply cut = outputCheck(UUID.randomUUID(), MEDIA.put(truncated), "a ball");
    assertThat(cut.body().get("category").asString()).isEqualTo("malformed_media");

    Reply huge = outputCheck(UUID.randomUUID(), MEDIA.put(new byte[MAX_CLIP_BYTES + 1]), "a ball");
    assertThat(huge.body().get("category").asString()).isEqualTo("malformed_media");
    assertThat(huge.body().get("reason").asString()).contains("larger than");
  }

  @Test
  void blockedPromptIsCaughtBeforeTheClipIsFetched() throws Exception {
    UUID asset = MEDIA.put(calmClip);
    int before = MEDIA.requests.get();
    Reply r = outputCheck(UUID.randomUUID(), asset, "a red ball bounces through a pool of gore");
    assertThat(r.body().get("category").asString()).isEqualTo("graphic_violence");
    assertThat(MEDIA.requests.get()).isEqualTo(before);
  }

  @Test
  void missingAssetIsAnError() throws Exception {
    Reply r = outputCheck(UUID.randomUUID(), UUID.randomUUID(), "a ball");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("code").asString()).isEqualTo("asset_not_found");
  }

  @Test
  void usersSeeOnlyTheirOwnDecisions() throws Exception {
    UUID owner = UUID.randomUUID();
    PromptChecked blocked = promptChecked(owner, "a red ball bounces through a pool of gore");
    publish(blocked);
    await().atMost(Duration.ofSeconds(20)).until(() -> decisionsOf(owner) == 1);
    String id = blocked.decisionId().toString();
    String ownerToken = TestInfra.issuer().userToken(owner, "alice", "free");

    Reply mine = send("GET", "/api/moderation/decisions/" + id, ownerToken, null);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.body().get("id").asString()).isEqualTo(id);
    assertThat(mine.body().get("allowed").asBoolean()).isFalse();
    assertThat(mine.body().get("category").asString()).isEqualTo("graphic_violence");
    assertThat(mine.body().get("kind").asString()).isEqualTo("prompt");
    assertThat(mine.body().has("subject_id")).isTrue();
    assertThat(mine.body().has("created_at")).isTrue();
    assertThat(mine.body().has("matched_rule")).isFalse();

    String otherToken = TestInfra.issuer().userToken(UUID.randomUUID(), "bob", "free");
    Reply theirs = send("GET", "/api/moderation/decisions/" + id, otherToken, null);
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(
            send("GET", "/api/moderation/decisions/" + UUID.randomUUID(), ownerToken, null)
                .status())
        .isEqualTo(404);
    assertThat(send("GET", "/api/moderation/decisions/nope", ownerToken, null).status())
        .isEqualTo(404);
    assertThat(send("GET", "/api/moderation/decisions/" + id, service, null).status())
        .isEqualTo(403);
  }
}
