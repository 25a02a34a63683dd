package dev.zoetrope.generation.videos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.PromptChecked;
import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.support.PeerStubs;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The API process alone, as dev-stack runs it ({@code worker.enabled=false}): no Kafka consumer in
 * this context, so created jobs stay queued and the assertions on them are deterministic.
 */
@TestPropertySource(
    properties = {
      "zoetrope.generation.worker.enabled=false",
      "zoetrope.generation.max-active-jobs-per-user=6",
      "zoetrope.generation.credits.daily-allowance-credits=100000"
    })
class VideosApiIT extends IntegrationTest {
  private final List<UUID> owners = new ArrayList<>();

  /**
   * The jobs created here stay on the jobs topic; a worker context started later in this JVM would
   * render them all. Marking them final makes that worker skip them at once.
   */
  @AfterEach
  void discardQueuedJobs() {
    discardQueuedJobs(owners, "VideosApiIT");
  }

  private User user() {
    User user = newUser();
    owners.add(user.id());
    return user;
  }

  @Test
  void createsFromJsonLikeOpenAi() {
    User alice = user();
    long before = Instant.now().getEpochSecond();

    HttpResponse<String> response =
        postJson(
            alice,
            "/v1/videos",
            """
            {"model":"sora-2","prompt":"  A ＣＡＴ on a skateboard\\r\\n ","seconds":"8","size":"1280x720"}
            """);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("openai-poll-after-ms")).contains("1000");
    JsonNode video = json(response);
    assertThat(video.get("id").asString()).matches("video_[0-9a-f]{32}");
    assertThat(video.get("object").asString()).isEqualTo("video");
    assertThat(video.get("model").asString()).isEqualTo("zoetrope-1");
    assertThat(video.get("status").asString()).isEqualTo("queued");
    assertThat(video.get("progress").asInt()).isZero();
    assertThat(video.get("created_at").asLong()).isBetween(before, before + 60);
    assertThat(video.get("seconds").asString()).isEqualTo("8");
    assertThat(video.get("size").asString()).isEqualTo("1280x720");
    assertThat(video.get("prompt").asString()).isEqualTo("A CAT on a skateboard");
    assertThat(video.get("queue_position").asInt()).isPositive();
    assertThat(video.get("cameo_ids").isArray()).isTrue();
    assertThat(video.get("cameo_ids")).isEmpty();
    // OpenAI's object always carries these, null until they apply.
    for (String field : List.of("completed_at", "expires_at", "remixed_from_video_id", "error")) {
      assertThat(video.has(field)).as(field).isTrue();
      assertThat(video.get(field).isNull()).as(field).isTrue();
    }

    UUID id = WireIds.parseVideo(video.get("id").asString()).orElseThrow();
    // No worker is registered here, so the fair scheduler dispatches nothing (ADR 0005).
    assertThat(eventTypes(id, GenerationEvents.JOBS_TOPIC)).isEmpty();
    // The prompt was judged here on moderation's policy, and the decision goes to moderation's
    // audit trail with the job (ADR 0009).
    assertThat(eventTypes(id, GenerationEvents.PROMPT_CHECKS_TOPIC))
        .containsExactly(PromptChecked.TYPE);
    PromptChecked decision = promptDecision(id);
    assertThat(decision.userId()).isEqualTo(alice.id());
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.category()).isNull();
    assertThat(decision.policyVersion()).isEqualTo(PeerStubs.POLICY.version());
    assertThat(decision.textSha256())
        .isEqualTo(PeerStubs.POLICY.check("A CAT on a skateboard").normalizedSha256());
    Map<String, Object> row =
        jdbc.sql("select owner_id, model, seconds, size, seed from videos where id = :id")
            .param("id", id)
            .query()
            .singleRow();
    assertThat(row.get("owner_id")).isEqualTo(alice.id());
    assertThat(row.get("seconds")).isEqualTo(8);
  }

  @Test
  void appliesDefaults() {
    JsonNode video = json(postJson(user(), "/v1/videos", "{\"prompt\":\"a red ball\"}"));
    assertThat(video.get("model").asString()).isEqualTo("zoetrope-1");
    assertThat(video.get("seconds").asString()).isEqualTo("4");
    assertThat(video.get("size").asString()).isEqualTo("720x1280");
  }

  @Test
  void createsFromMultipartWithReferenceImageAndCameos() throws Exception {
    User bob = user();
    UUID cameo = UUID.randomUUID();

    HttpResponse<String> response =
        postMultipart(
            bob,
            "/v1/videos",
            List.of(
                Part.text("model", "sora-2-pro"),
                Part.text("prompt", "a dog surfing"),
                Part.text("seconds", "12"),
                Part.text("size", "1792x1024"),
                Part.text("cameo_ids", WireIds.cameo(cameo)),
                Part.file("input_reference", "ref.png", "image/png", image("png"))));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode video = json(response);
    assertThat(video.get("model").asString()).isEqualTo("zoetrope-1-pro");
    assertThat(video.get("seconds").asString()).isEqualTo("12");
    assertThat(video.get("size").asString()).isEqualTo("1792x1024");
    assertThat(video.get("cameo_ids").get(0).asString()).isEqualTo(WireIds.cameo(cameo));
    assertThat(PEERS.cameoChecks)
        .anyMatch(c -> c.requesterId().equals(bob.id()) && c.cameoIds().equals(List.of(cameo)));
  }

  @Test
  void multipartAcceptsJpegLabelledAsOctetStream() throws Exception {
    User carol = user();
    HttpResponse<String> response =
        postMultipart(
            carol,
            "/v1/videos",
            List.of(
                Part.text("prompt", "a kite"),
                Part.file("input_reference", "ref.bin", "application/octet-stream", image("jpg"))));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  static Stream<Arguments> badReferences() throws Exception {
    return Stream.of(
        Arguments.of("text.png", "image/png", "not really a png".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("ref.png", "image/png", image("jpg")),
        Arguments.of("ref.gif", "image/gif", image("gif")),
        Arguments.of("empty.png", "image/png", new byte[0]));
  }

  @ParameterizedTest
  @MethodSource("badReferences")
  void rejectsReferencesThatAreNotTheImagesTheyClaim(String name, String type, byte[] bytes) {
    User dave = user();
    HttpResponse<String> response =
        postMultipart(
            dave,
            "/v1/videos",
            List.of(Part.text("prompt", "p"), Part.file("input_reference", name, type, bytes)));
    assertOpenAiError(response, 400, "invalid_request", "input_reference");
    assertNothingStored(dave);
  }

  @Test
  void rejectsOversizedReference() {
    User erin = user();
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    big[0] = (byte) 0xff;
    big[1] = (byte) 0xd8;
    big[2] = (byte) 0xff;
    HttpResponse<String> response =
        postMultipart(
            erin,
            "/v1/videos",
            List.of(
                Part.text("prompt", "p"),
                Part.file("input_reference", "a.jpg", "image/jpeg", big)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("error").get("code").asString()).isEqualTo("payload_too_large");
    assertNothingStored(erin);
  }

  @Test
  void multipartRejectsUnknownAndRepeatedFields() {
    User frank = user();
    assertOpenAiError(
        postMultipart(
            frank, "/v1/videos", List.of(Part.text("prompt", "p"), Part.text("quality", "hd"))),
        400,
        "invalid_request",
        "quality");
    assertOpenAiError(
        postMultipart(
            frank, "/v1/videos", List.of(Part.text("prompt", "p"), Part.text("prompt", "q"))),
        400,
        "invalid_request",
        "prompt");
    assertNothingStored(frank);
  }

  static Stream<Arguments> badJson() {
    String fourCameos =
        Stream.generate(() -> "\"" + WireIds.cameo(UUID.randomUUID()) + "\"")
            .limit(4)
            .reduce((a, b) -> a + "," + b)
            .orElseThrow();
    return Stream.of(
        Arguments.of("{}", "invalid_request", "prompt"),
        Arguments.of("{\"prompt\":\"   \"}", "invalid_request", "prompt"),
        Arguments.of("{\"prompt\":\"" + "x".repeat(4001) + "\"}", "invalid_request", "prompt"),
        Arguments.of("{\"prompt\":\"ring \\u0007 bell\"}", "invalid_request", "prompt"),
        Arguments.of("{\"prompt\":\"p\",\"seconds\":\"5\"}", "invalid_request", "seconds"),
        Arguments.of("{\"prompt\":\"p\",\"size\":\"640x480\"}", "invalid_request", "size"),
        Arguments.of("{\"prompt\":\"p\",\"model\":\"gpt-4o\"}", "invalid_request", "model"),
        Arguments.of(
            "{\"prompt\":\"p\",\"cameo_ids\":[" + fourCameos + "]}",
            "invalid_request",
            "cameo_ids"),
        Arguments.of("{\"prompt\":\"p\",\"cameo_ids\":[\"bob\"]}", "invalid_request", "cameo_ids"),
        Arguments.of(
            "{\"prompt\":\"p\",\"input_reference\":{\"image_url\":\"https://x/y.png\"}}",
            "invalid_request",
            "input_reference"),
        Arguments.of("{\"prompt\":\"p\",\"quality\":\"hd\"}", "invalid_json", null),
        Arguments.of("{\"prompt\":", "invalid_json", null),
        Arguments.of("[]", "invalid_json", null));
  }

  @ParameterizedTest
  @MethodSource("badJson")
  void rejectsBadInputWithOpenAiErrorsAndQueuesNothing(String body, String code, String param) {
    User grace = user();
    assertOpenAiError(postJson(grace, "/v1/videos", body), 400, code, param);
    assertNothingStored(grace);
  }

  /** The prompt decision recorded with video {@code id}, as moderation will receive it. */
  private PromptChecked promptDecision(UUID id) {
    String envelope =
        jdbc.sql("select payload::text from outbox where msg_key = :k and topic = :t")
            .param("k", id.toString())
            .param("t", GenerationEvents.PROMPT_CHECKS_TOPIC)
            .query(String.class)
            .single();
    return EventJson.read(envelope).payloadAs(PromptChecked.class);
  }

  private long promptDecisionsOf(UUID user) {
    return jdbc.sql(
            "select count(*) from outbox where topic = :t and payload->'payload'->>'userId' = :u")
        .param("t", GenerationEvents.PROMPT_CHECKS_TOPIC)
        .param("u", user.toString())
        .query(Long.class)
        .single();
  }

  @Test
  void rejectsOversizedJsonBodies() {
    User heidi = user();
    HttpResponse<String> response =
        postJson(heidi, "/v1/videos", "{\"prompt\":\"" + "x".repeat(70_000) + "\"}");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("error").get("code").asString()).isEqualTo("payload_too_large");
    assertNothingStored(heidi);
  }

  @Test
  void blockedPromptBecomesAFailedVideoAndNothingIsQueued() {
    User ivan = user();
    HttpResponse<String> response =
        postJson(ivan, "/v1/videos", "{\"prompt\":\"something " + PeerStubs.BLOCKED_WORD + "\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("openai-poll-after-ms")).isEmpty();
    JsonNode video = json(response);
    assertThat(video.get("status").asString()).isEqualTo("failed");
    assertThat(video.get("error").get("code").asString()).isEqualTo("moderation_blocked");
    assertThat(video.get("error").get("message").asString()).isNotBlank();
    assertThat(video.get("completed_at").isNumber()).isTrue();
    assertThat(video.get("queue_position").isNull()).isTrue();

    UUID id = WireIds.parseVideo(video.get("id").asString()).orElseThrow();
    assertThat(eventTypes(id, GenerationEvents.JOBS_TOPIC)).isEmpty();
    assertThat(eventTypes(id, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
    PromptChecked decision = promptDecision(id);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.category()).isEqualTo("violence");
    assertThat(decision.matchedRule()).isEqualTo(PeerStubs.BLOCKED_WORD);
    assertThat(video.get("error").get("message").asString()).contains("violence");
    // The refused job stays visible to its owner, like OpenAI's failed jobs.
    JsonNode again = json(get(ivan, "/v1/videos/" + video.get("id").asString()));
    assertThat(again.get("status").asString()).isEqualTo("failed");
  }

  @Test
  void refusedCameoAnswers403AndStoresNothing() {
    User judy = user();
    UUID mine = UUID.randomUUID();
    UUID notMine = UUID.randomUUID();
    PEERS.deniedCameos.add(notMine);

    HttpResponse<String> response =
        postJson(
            judy,
            "/v1/videos",
            "{\"prompt\":\"p\",\"cameo_ids\":[\""
                + WireIds.cameo(mine)
                + "\",\""
                + WireIds.cameo(notMine)
                + "\"]}");

    assertOpenAiError(response, 403, "cameo_permission_denied", "cameo_ids");
    assertThat(json(response).get("error").get("type").asString()).isEqualTo("permission_error");
    assertNothingStored(judy);
  }

  @Test
  void unavailablePeersAnswer503AndQueueNothing() {
    User ken = user();
    UUID flaky = UUID.randomUUID();
    PEERS.unavailableCameos.add(flaky);
    assertOpenAiError(
        postJson(
            ken,
            "/v1/videos",
            "{\"prompt\":\"p\",\"cameo_ids\":[\"" + WireIds.cameo(flaky) + "\"]}"),
        503,
        "dependency_unavailable",
        null);
    assertNothingStored(ken);
  }

  @Test
  void retrievesOwnVideosOnly() {
    User owner = user();
    User other = user();
    String id = json(postJson(owner, "/v1/videos", "{\"prompt\":\"mine\"}")).get("id").asString();

    HttpResponse<String> mine = get(owner, "/v1/videos/" + id);
    assertThat(mine.statusCode()).isEqualTo(200);
    JsonNode video = json(mine);
    assertThat(video.get("id").asString()).isEqualTo(id);
    assertThat(video.get("prompt").asString()).isEqualTo("mine");
    assertThat(video.get("status").asString()).isEqualTo("queued");
    assertThat(video.get("queue_position").asInt()).isPositive();
    assertThat(mine.headers().firstValue("openai-poll-after-ms")).contains("1000");

    assertOpenAiError(get(other, "/v1/videos/" + id), 404, "not_found", null);
    assertOpenAiError(
        get(owner, "/v1/videos/" + WireIds.video(UUID.randomUUID())), 404, "not_found", null);
    assertOpenAiError(get(owner, "/v1/videos/not-an-id"), 404, "not_found", null);
    assertOpenAiError(get(owner, "/v1/videos/" + id.toUpperCase()), 404, "not_found", null);
  }

  @Test
  void capsQueuedJobsPerUser() {
    User busy = user();
    for (int i = 0; i < 6; i++) {
      assertThat(postJson(busy, "/v1/videos", "{\"prompt\":\"job " + i + "\"}").statusCode())
          .isEqualTo(200);
    }

    assertOpenAiError(
        postJson(busy, "/v1/videos", "{\"prompt\":\"one too many\"}"),
        429,
        "too_many_active_jobs",
        null);
    // A prompt that would be blocked is refused the same way: no failed video either.
    assertOpenAiError(
        postJson(busy, "/v1/videos", "{\"prompt\":\"a " + PeerStubs.BLOCKED_WORD + " act\"}"),
        429,
        "too_many_active_jobs",
        null);
    assertThat(videosOwnedBy(busy.id())).isEqualTo(6);
    // Nothing came of those creates, so no decision about their prompts is recorded.
    assertThat(promptDecisionsOf(busy.id())).isEqualTo(6);
    // Other users are not affected.
    assertThat(postJson(user(), "/v1/videos", "{\"prompt\":\"p\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void requiresAUserToken() {
    HttpResponse<String> response = get(null, "/v1/videos");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").get("code").asString()).isEqualTo("unauthenticated");
  }

  @Test
  void listsWithCursorPagination() {
    User lee = user();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(
          json(postJson(lee, "/v1/videos", "{\"prompt\":\"clip " + i + "\"}"))
              .get("id")
              .asString());
    }
    List<String> newestFirst = created.reversed();

    JsonNode page1 = json(get(lee, "/v1/videos?limit=2"));
    assertThat(page1.get("object").asString()).isEqualTo("list");
    assertThat(ids(page1)).containsExactlyElementsOf(newestFirst.subList(0, 2));
    assertThat(page1.get("first_id").asString()).isEqualTo(newestFirst.get(0));
    assertThat(page1.get("last_id").asString()).isEqualTo(newestFirst.get(1));
    assertThat(page1.get("has_more").asBoolean()).isTrue();

    JsonNode page2 = json(get(lee, "/v1/videos?limit=2&after=" + page1.get("last_id").asString()));
    assertThat(ids(page2)).containsExactlyElementsOf(newestFirst.subList(2, 4));
    assertThat(page2.get("has_more").asBoolean()).isTrue();

    JsonNode page3 = json(get(lee, "/v1/videos?limit=2&after=" + page2.get("last_id").asString()));
    assertThat(ids(page3)).containsExactly(newestFirst.get(4));
    assertThat(page3.get("has_more").asBoolean()).isFalse();

    JsonNode ascending = json(get(lee, "/v1/videos?order=asc&limit=100"));
    assertThat(ids(ascending)).containsExactlyElementsOf(created);
    JsonNode ascPage2 = json(get(lee, "/v1/videos?order=asc&limit=3&after=" + created.get(2)));
    assertThat(ids(ascPage2)).containsExactlyElementsOf(created.subList(3, 5));

    JsonNode defaults = json(get(lee, "/v1/videos"));
    assertThat(ids(defaults)).containsExactlyElementsOf(newestFirst);
    assertThat(defaults.get("has_more").asBoolean()).isFalse();

    JsonNode someoneElse = json(get(user(), "/v1/videos"));
    assertThat(someoneElse.get("data")).isEmpty();
    assertThat(someoneElse.get("first_id").isNull()).isTrue();
    assertThat(someoneElse.get("has_more").asBoolean()).isFalse();
  }

  @Test
  void rejectsBadListParameters() {
    User mallory = user();
    User victim = user();
    String victimsVideo =
        json(postJson(victim, "/v1/videos", "{\"prompt\":\"v\"}")).get("id").asString();

    assertOpenAiError(get(mallory, "/v1/videos?after=garbage"), 400, "invalid_request", "after");
    assertOpenAiError(
        get(mallory, "/v1/videos?after=" + victimsVideo), 400, "invalid_request", "after");
    assertOpenAiError(get(mallory, "/v1/videos?limit=0"), 400, "invalid_request", "limit");
    assertOpenAiError(get(mallory, "/v1/videos?limit=101"), 400, "invalid_request", "limit");
    assertOpenAiError(get(mallory, "/v1/videos?limit=ten"), 400, "invalid_request", "limit");
    assertOpenAiError(get(mallory, "/v1/videos?order=sideways"), 400, "invalid_request", "order");
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("data").forEach(v -> ids.add(v.get("id").asString()));
    return ids;
  }

  private void assertNothingStored(User user) {
    assertThat(videosOwnedBy(user.id())).isZero();
    assertThat(eventsFor(user.id())).isZero();
  }

  private static void assertOpenAiError(
      HttpResponse<String> response, int status, String code, String param) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode error = json(response).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("code").asString()).isEqualTo(code);
    assertThat(error.get("message").asString()).isNotBlank();
    assertThat(error.get("type").asString()).isNotBlank();
    if (param == null) {
      assertThat(error.get("param").isNull()).as(response.body()).isTrue();
    } else {
      assertThat(error.get("param").asString()).isEqualTo(param);
    }
  }

  private static byte[] image(String format) throws Exception {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }
}
