package dev.zoetrope.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The whole platform as a client sees it: every service, the worker and the infrastructure run as
 * separate processes exactly as the README's run command starts them, and this test talks to the
 * gateway only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformE2EIT {
  private static final Duration RENDER_TIMEOUT = Duration.ofMinutes(4);
  private static Stack stack;
  private static Client anonymous;
  private static Client alice;
  private static Client bob;
  private static String aliceId;
  private static String bobId;
  private static String videoId;
  private static byte[] mp4;

  @BeforeAll
  static void startPlatform() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path data = Files.createTempDirectory("zoetrope-e2e-");
    stack = Stack.start(new StackConfig(root, data, Ports.random()));
    anonymous = new Client(stack.gatewayUrl(), null);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    JsonNode a = signUp("alice_" + suffix);
    JsonNode b = signUp("bob_" + suffix);
    aliceId = a.get("user").get("id").asString();
    bobId = b.get("user").get("id").asString();
    // Alice uses an API key, as the OpenAI SDKs send it; Bob uses his session JWT.
    Client aliceSession = anonymous.withToken(a.get("access_token").asString());
    Client.Response key = aliceSession.post("/api/keys", Map.of("name", "e2e"));
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    alice = anonymous.withToken(key.json().get("key").asString());
    bob = anonymous.withToken(b.get("access_token").asString());
  }

  @AfterAll
  static void stopPlatform() {
    if (stack != null) {
      stack.close();
    }
  }

  private static JsonNode signUp(String username) {
    Client.Response r =
        anonymous.post(
            "/api/auth/signup",
            Map.of("username", username, "password", "correct horse " + username));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  @Test
  @Order(1)
  void requestsWithoutTokenAreRejectedInOpenAiShape() {
    Client.Response r = anonymous.get("/v1/videos");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error").get("code").asString()).isNotBlank();
  }

  @Test
  @Order(1)
  void everyServiceIsLiveReadyAndDocumented() {
    for (var service : stack.serviceUrls().entrySet()) {
      Client direct = new Client(service.getValue(), null);
      assertThat(direct.get("/actuator/health/liveness").status())
          .as(service.getKey())
          .isEqualTo(200);
      assertThat(direct.get("/actuator/health/readiness").status())
          .as(service.getKey())
          .isEqualTo(200);
      assertThat(direct.get("/actuator/prometheus").text()).as(service.getKey()).contains("jvm_");
      Client.Response api = direct.get("/v3/api-docs");
      assertThat(api.status()).as(service.getKey()).isEqualTo(200);
      assertThat(api.json().get("openapi").asString()).as(service.getKey()).startsWith("3.");
    }
    // None of that is reachable from outside: what an ingress forwards carries X-Forwarded-For,
    // and the gateway serves its own metrics only to in-cluster scrapes without it.
    assertThat(anonymous.get("/actuator/prometheus", "X-Forwarded-For", "203.0.113.7").status())
        .isEqualTo(404);
    assertThat(anonymous.get("/actuator/env").status()).isEqualTo(404);
    assertThat(anonymous.get("/internal/cameo-checks").status()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void bobFollowsAlice() {
    Client.Response r = bob.put("/api/follows/" + aliceId);
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  @Test
  @Order(3)
  void aliceGeneratesAClipWithSound() throws Exception {
    Client.Response created =
        alice.post(
            "/v1/videos",
            Map.of(
                "model", "zoetrope-1",
                "prompt", "a red ball bounces twice on a wooden floor",
                "seconds", "4",
                "size", "720x1280"));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    JsonNode video = created.json();
    assertThat(video.get("object").asString()).isEqualTo("video");
    assertThat(video.get("status").asString()).isIn("queued", "in_progress");
    videoId = video.get("id").asString();
    assertThat(videoId).startsWith("video_");

    JsonNode done =
        Await.until(
            "video " + videoId + " to finish",
            RENDER_TIMEOUT,
            () -> alice.get("/v1/videos/" + videoId).json(),
            v -> List.of("completed", "failed").contains(v.get("status").asString()));
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
    assertThat(done.get("progress").asInt()).isEqualTo(100);
    assertThat(done.get("seconds").asString()).isEqualTo("4");

    Client.Response content = alice.get("/v1/videos/" + videoId + "/content");
    assertThat(content.status()).as(content.toString()).isEqualTo(200);
    mp4 = content.body();
    assertMp4(mp4, 4.0, 720, 1280);

    Client.Response firstBytes =
        alice.get("/v1/videos/" + videoId + "/content", "Range", "bytes=0-99");
    assertThat(firstBytes.status()).isEqualTo(206);
    assertThat(firstBytes.body()).hasSize(100);
  }

  /**
   * Decodes the whole file: one H.264 video stream and one AAC audio stream of the right length.
   */
  private static void assertMp4(byte[] bytes, double seconds, int width, int height)
      throws Exception {
    Path file = Files.createTempFile("e2e", ".mp4");
    Files.write(file, bytes);
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      assertThat(grabber.getFormatContext().nb_streams()).isEqualTo(2);
      assertThat(grabber.hasVideo()).isTrue();
      assertThat(grabber.hasAudio()).isTrue();
      assertThat(grabber.getVideoCodecName()).isEqualTo("h264");
      assertThat(grabber.getAudioCodecName()).isEqualTo("aac");
      assertThat(grabber.getImageWidth()).isEqualTo(width);
      assertThat(grabber.getImageHeight()).isEqualTo(height);
      int videoFrames = 0;
      long audioSamples = 0;
      Frame frame;
      while ((frame = grabber.grab()) != null) {
        if (frame.image != null) {
          videoFrames++;
        }
        if (frame.samples != null) {
          audioSamples += frame.samples[0].limit();
        }
      }
      double videoSeconds = videoFrames / grabber.getFrameRate();
      double audioSeconds =
          (double) audioSamples / grabber.getSampleRate() / grabber.getAudioChannels();
      assertThat(videoSeconds).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.1));
      assertThat(audioSeconds).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.15));
      grabber.stop();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  @Order(4)
  void aDraftIsInvisibleToOthers() {
    assertThat(bob.get("/v1/videos/" + videoId).status()).isEqualTo(404);
    assertThat(bob.get("/v1/videos/" + videoId + "/content").status()).isEqualTo(404);
  }

  @Test
  @Order(5)
  void alicePublishesAndItAppearsInBobsFollowingFeed() {
    // Completion reaches the feed as an event; until it has, publishing answers 409.
    Client.Response published =
        Await.until(
            "the feed to accept the completed video",
            Duration.ofSeconds(30),
            () -> alice.post("/api/posts", Map.of("video_id", videoId, "caption", "first light")),
            r -> r.status() != 409 || !r.text().contains("video_not_ready"));
    assertThat(published.status()).as(published.toString()).isEqualTo(201);

    JsonNode feed = bob.get("/api/feed").json();
    assertThat(feed.get("data").findValuesAsString("video_id")).contains(videoId);

    // Publishing reaches media-store as an event too; then Bob may watch it.
    Client.Response content =
        Await.until(
            "published content to become visible",
            Duration.ofSeconds(30),
            () -> bob.get("/v1/videos/" + videoId + "/content"),
            r -> r.status() == 200);
    assertThat(content.body()).isEqualTo(mp4);
  }

  @Test
  @Order(6)
  void aBlockedPromptEndsModerationBlocked() {
    Client.Response created =
        alice.post(
            "/v1/videos",
            Map.of("prompt", "a red ball bounces through a pool of gore", "seconds", "4"));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String id = created.json().get("id").asString();
    JsonNode finished =
        Await.until(
            "the blocked job to end",
            Duration.ofSeconds(30),
            () -> alice.get("/v1/videos/" + id).json(),
            v -> List.of("completed", "failed").contains(v.get("status").asString()));
    assertThat(finished.get("status").asString()).isEqualTo("failed");
    assertThat(finished.get("error").get("code").asString()).isEqualTo("moderation_blocked");
  }

  @Test
  @Order(7)
  void bobCannotUseAlicesOnlyMeCameo() {
    Client.Response cameo =
        alice.postMultipart(
            "/api/cameos",
            Map.of("name", "Alice", "permission", "only_me"),
            "recording",
            "alice.mp4",
            "video/mp4",
            mp4);
    assertThat(cameo.status()).as(cameo.toString()).isEqualTo(201);
    String cameoId = cameo.json().get("id").asString();

    Client.Response refused =
        bob.post(
            "/v1/videos",
            Map.of("prompt", "bob and alice wave", "seconds", "4", "cameo_ids", List.of(cameoId)));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    assertThat(refused.json().get("error").get("code").asString())
        .isEqualTo("cameo_permission_denied");

    // The owner herself may use it: the refusal above is about consent, not a broken path.
    Client.Response own =
        alice.post(
            "/v1/videos",
            Map.of("prompt", "alice waves", "seconds", "4", "cameo_ids", List.of(cameoId)));
    assertThat(own.status()).as(own.toString()).isEqualTo(200);
  }

  @Test
  @Order(7)
  void aMutualsCameoNeedsFollowsBothWaysAndAnUnfollowTakesItBack() {
    Client.Response cameo =
        alice.postMultipart(
            "/api/cameos",
            Map.of("name", "Alice", "permission", "mutuals"),
            "recording",
            "alice.mp4",
            "video/mp4",
            mp4);
    assertThat(cameo.status()).as(cameo.toString()).isEqualTo(201);
    String cameoId = cameo.json().get("id").asString();

    // Bob follows Alice (order 2), but she does not follow him back.
    Client.Response refused =
        bob.post(
            "/v1/videos",
            Map.of("prompt", "bob and alice wave", "seconds", "4", "cameo_ids", List.of(cameoId)));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    assertThat(refused.json().get("error").get("code").asString())
        .isEqualTo("cameo_permission_denied");

    // The follow travels feed -> Kafka -> cameo-consent; a cameo Bob may use is one he may see.
    assertThat(alice.put("/api/follows/" + bobId).status()).isEqualTo(204);
    Await.until(
        "the mutual follow to reach cameo-consent",
        Duration.ofSeconds(30),
        () -> bob.get("/api/cameos/" + cameoId),
        r -> r.status() == 200);

    assertThat(alice.delete("/api/follows/" + bobId).status()).isEqualTo(204);
    Await.until(
        "the unfollow to reach cameo-consent",
        Duration.ofSeconds(30),
        () -> bob.get("/api/cameos/" + cameoId),
        r -> r.status() == 404);
    Client.Response again =
        bob.post(
            "/v1/videos",
            Map.of("prompt", "bob and alice wave", "seconds", "4", "cameo_ids", List.of(cameoId)));
    assertThat(again.status()).as(again.toString()).isEqualTo(403);
  }

  @Test
  @Order(8)
  void anIdempotencyKeyGivesTheSameJobAndRefusesOtherParameters() {
    Map<String, Object> body = Map.of("prompt", "a green block rolls", "seconds", "4");
    Client.Response first = alice.post("/v1/videos", body, "Idempotency-Key", "e2e-key-1");
    Client.Response again = alice.post("/v1/videos", body, "Idempotency-Key", "e2e-key-1");
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
    Client.Response other =
        alice.post(
            "/v1/videos",
            Map.of("prompt", "a blue ball rolls", "seconds", "4"),
            "Idempotency-Key",
            "e2e-key-1");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().get("error").get("code").asString())
        .isEqualTo("idempotency_key_reused");

    // The list pages in the OpenAI shape, newest first.
    JsonNode page = alice.get("/v1/videos?limit=2").json();
    assertThat(page.get("object").asString()).isEqualTo("list");
    assertThat(page.get("data")).hasSize(2);
    assertThat(page.get("has_more").asBoolean()).isTrue();
    assertThat(page.get("first_id").asString()).isEqualTo(first.json().get("id").asString());
    JsonNode next = alice.get("/v1/videos?limit=2&after=" + page.get("last_id").asString()).json();
    assertThat(next.get("data").get(0).get("id").asString())
        .isNotEqualTo(page.get("last_id").asString());
  }

  @Test
  @Order(9)
  void aQuoteNamesTheCreditsBeforeAnythingIsSpent() {
    Client.Response quote =
        alice.post("/v1/videos/quote", Map.of("model", "zoetrope-1-pro", "seconds", "8"));
    assertThat(quote.status()).as(quote.toString()).isEqualTo(200);
    assertThat(quote.json().get("credits").asInt()).isPositive();
    assertThat(alice.get("/v1/credits").status()).isEqualTo(200);
  }

  @Test
  @Order(10)
  void progressStreamsAsServerSentEventsAndAWebhookArrivesSigned() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      Client.Response endpoint = alice.post("/v1/webhook_endpoints", Map.of("url", receiver.url()));
      assertThat(endpoint.status()).as(endpoint.toString()).isIn(200, 201);
      String secret = endpoint.json().get("secret").asString();

      Client.Response created =
          alice.post("/v1/videos", Map.of("prompt", "a red ball drops", "seconds", "4"));
      String id = created.json().get("id").asString();
      List<String> events = alice.streamEvents("/v1/videos/" + id + "/events", RENDER_TIMEOUT);
      assertThat(events).contains("video.completed");
      assertThat(events).doesNotContain("video.failed");

      WebhookReceiver.Delivery delivery = receiver.await(id, RENDER_TIMEOUT);
      assertThat(delivery.verify(secret)).as("Standard Webhooks signature").isTrue();
      JsonNode event = Client.JSON.readTree(delivery.body());
      assertThat(event.get("type").asString()).isEqualTo("video.completed");
      assertThat(event.get("data").get("id").asString()).isEqualTo(id);
    }
  }

  @Test
  @Order(11)
  void charactersRemixesEditsAndExtensionsStartFromWhatTheyName() throws Exception {
    Client.Response character =
        alice.postMultipart(
            "/v1/videos/characters", Map.of("name", "Ally"), "video", "ally.mp4", "video/mp4", mp4);
    assertThat(character.status()).as(character.toString()).isEqualTo(200);
    String characterId = character.json().get("id").asString();
    assertThat(alice.get("/v1/videos/characters/" + characterId).json().get("name").asString())
        .isEqualTo("Ally");
    assertThat(bob.get("/v1/videos/characters/" + characterId).status()).isEqualTo(404);
    assertThat(bob.post("/v1/videos/" + videoId + "/remix", Map.of("prompt", "mine")).status())
        .isEqualTo(404);

    String remix =
        finished(
            alice.post(
                "/v1/videos/" + videoId + "/remix",
                Map.of("prompt", "a blue ball bounces twice on a wooden floor")));
    assertThat(alice.get("/v1/videos/" + remix).json().get("remixed_from_video_id").asString())
        .isEqualTo(videoId);
    String edit =
        finished(
            alice.post(
                "/v1/videos/edits",
                Map.of("video", Map.of("id", videoId), "prompt", "the ball is green")));
    String extension =
        finished(
            alice.post(
                "/v1/videos/extensions",
                Map.of(
                    "video", Map.of("id", videoId), "prompt", "the ball rolls", "seconds", "4")));
    assertMp4(alice.get("/v1/videos/" + extension + "/content").body(), 8.0, 720, 1280);
    String withCharacter =
        finished(
            alice.post(
                "/v1/videos",
                Map.of(
                    "prompt",
                    "Ally jumps",
                    "characters",
                    List.of(Map.of("id", characterId)),
                    "negative_prompt",
                    "a red ball")));
    for (String id : List.of(remix, edit, withCharacter)) {
      assertMp4(alice.get("/v1/videos/" + id + "/content").body(), 4.0, 720, 1280);
    }
    Client.Response sheet = alice.get("/v1/videos/" + remix + "/content?variant=spritesheet");
    assertThat(sheet.status()).as(sheet.toString()).isEqualTo(200);
    assertThat(ImageIO.read(new ByteArrayInputStream(sheet.body())).getWidth()).isEqualTo(640);
  }

  /** Waits for a created job to end and answers its id once it completed. */
  private static String finished(Client.Response created) {
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String id = created.json().get("id").asString();
    JsonNode done =
        Await.until(
            "video " + id + " to finish",
            RENDER_TIMEOUT,
            () -> alice.get("/v1/videos/" + id).json(),
            v -> List.of("completed", "failed").contains(v.get("status").asString()));
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
    return id;
  }

  @Test
  @Order(12)
  void cancelEndsAJobAndDeleteRemovesAVideoAndItsContent() {
    // Bob's job: Alice's daily free credits went on the clips above.
    String id =
        bob.post("/v1/videos", Map.of("prompt", "a yellow ball bounces", "seconds", "4"))
            .json()
            .get("id")
            .asString();
    Client.Response cancel = bob.post("/v1/videos/" + id + "/cancel", Map.of());
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
    JsonNode ended =
        Await.until(
            "the cancelled job to end",
            RENDER_TIMEOUT,
            () -> bob.get("/v1/videos/" + id).json(),
            v -> List.of("completed", "failed").contains(v.get("status").asString()));
    assertThat(ended.get("error").get("code").asString()).isEqualTo("cancelled");

    Client.Response deleted = alice.delete("/v1/videos/" + videoId);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
    assertThat(alice.get("/v1/videos/" + videoId).status()).isEqualTo(404);
    assertThat(alice.get("/v1/videos/" + videoId + "/content").status()).isEqualTo(404);
    assertThat(bob.get("/v1/videos/" + videoId + "/content").status()).isEqualTo(404);
  }

  @Test
  @Order(13)
  void aJobSurvivesItsWorkerBeingKilledMidRender() {
    String id =
        bob.post(
                "/v1/videos",
                // 8 s keeps the worker busy long enough to be killed mid-render.
                Map.of("prompt", "a red ball bounces", "seconds", "8"))
            .json()
            .get("id")
            .asString();
    Await.until(
        "the job to start rendering",
        RENDER_TIMEOUT,
        () -> bob.get("/v1/videos/" + id).json(),
        v -> !v.get("status").asString().equals("queued"));
    stack.kill("generation-worker"); // kill -9: no graceful shutdown, the lease is not released
    stack.restart("generation-worker");

    JsonNode done =
        Await.until(
            "the job to finish on the new worker",
            RENDER_TIMEOUT,
            () -> bob.get("/v1/videos/" + id).json(),
            v -> List.of("completed", "failed").contains(v.get("status").asString()));
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
    Client.Response content = bob.get("/v1/videos/" + id + "/content");
    assertThat(content.status()).isEqualTo(200);
  }

  @Test
  @Order(14)
  void revokingACameoStopsARenderAlreadyRunningOnIt() {
    Client.Response cameo =
        bob.postMultipart(
            "/api/cameos",
            Map.of("name", "Bob", "permission", "only_me"),
            "recording",
            "bob.mp4",
            "video/mp4",
            mp4);
    assertThat(cameo.status()).as(cameo.toString()).isEqualTo(201);
    String cameoId = cameo.json().get("id").asString();
    String id =
        bob.post(
                "/v1/videos",
                // 8 s keeps the worker busy long enough for the revocation to arrive mid-render.
                Map.of("prompt", "bob waves", "seconds", "8", "cameo_ids", List.of(cameoId)))
            .json()
            .get("id")
            .asString();
    Await.until(
        "the job to start rendering",
        RENDER_TIMEOUT,
        () -> bob.get("/v1/videos/" + id).json(),
        v -> !v.get("status").asString().equals("queued"));

    Client.Response revoked = bob.delete("/api/cameos/" + cameoId);
    assertThat(revoked.status()).as(revoked.toString()).isBetween(200, 204);

    // cameo-consent publishes cameo.consent.changed; generation flags the job; the worker stops
    // between denoising steps and stores nothing.
    JsonNode ended =
        Await.until(
            "the job to end",
            RENDER_TIMEOUT,
            () -> bob.get("/v1/videos/" + id).json(),
            v -> List.of("completed", "failed").contains(v.get("status").asString()));
    assertThat(ended.get("status").asString()).as(ended.toString()).isEqualTo("failed");
    assertThat(ended.get("error").get("code").asString()).isEqualTo("cameo_permission_denied");
    assertThat(bob.get("/v1/videos/" + id + "/content").status()).isEqualTo(404);
  }
}
