package dev.zoetrope.generation.videos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.common.testing.TestMp4;
import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.support.PeerStubs;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Remix, edits, extensions, image references and negative prompts through the API process alone (no
 * worker: the jobs stay queued and what was recorded for the worker is asserted).
 */
@TestPropertySource(
    properties = {
      "zoetrope.generation.worker.enabled=false",
      "zoetrope.generation.max-active-jobs-per-user=6",
      "zoetrope.generation.credits.daily-allowance-credits=100000"
    })
class DerivedVideosApiIT extends IntegrationTest {
  private final List<UUID> owners = new ArrayList<>();

  @AfterEach
  void discardQueuedJobs() {
    discardQueuedJobs(owners, "DerivedVideosApiIT");
  }

  private User user() {
    User user = newUser();
    owners.add(user.id());
    return user;
  }

  /** A finished 8 s clip of {@code owner}, as a worker would have left it. */
  private String completedSource(User owner) {
    HttpResponse<String> created =
        postJson(
            owner,
            "/v1/videos",
            "{\"prompt\":\"a red ball drops\",\"seconds\":\"8\",\"size\":\"1280x720\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = json(created).get("id").asString();
    jdbc.sql(
            """
            update videos set status = 'completed', progress = 100, asset_id = :asset,
              completed_at = now(), started_at = now()
            where id = :id
            """)
        .param("asset", UUID.randomUUID())
        .param("id", WireIds.parseVideo(id).orElseThrow())
        .update();
    return id;
  }

  private Map<String, Object> row(String wireId) {
    return jdbc.sql(
            "select kind, source_video_id, input_asset_id, negative_prompt, seconds, size, model"
                + " from videos where id = :id")
        .param("id", WireIds.parseVideo(wireId).orElseThrow())
        .query()
        .singleRow();
  }

  @Test
  void remixKeepsTheSourcesModelLengthAndSize() {
    User ann = user();
    String source = completedSource(ann);

    HttpResponse<String> response =
        postJson(ann, "/v1/videos/" + source + "/remix", "{\"prompt\":\"a blue ball drops\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode video = json(response);
    assertThat(video.get("status").asString()).isEqualTo("queued");
    assertThat(video.get("remixed_from_video_id").asString()).isEqualTo(source);
    assertThat(video.get("source_video_id").asString()).isEqualTo(source);
    assertThat(video.get("seconds").asString()).isEqualTo("8");
    assertThat(video.get("size").asString()).isEqualTo("1280x720");
    assertThat(video.get("prompt").asString()).isEqualTo("a blue ball drops");
    Map<String, Object> row = row(video.get("id").asString());
    assertThat(row.get("kind")).isEqualTo("remix");
    assertThat(row.get("source_video_id")).isEqualTo(WireIds.parseVideo(source).orElseThrow());
  }

  @Test
  void onlyTheOwnersCompletedVideosCanBeSources() {
    User ann = user();
    User bob = user();
    String source = completedSource(ann);
    String queued =
        json(postJson(ann, "/v1/videos", "{\"prompt\":\"still waiting\"}")).get("id").asString();
    long before = videosOwnedBy(bob.id());

    assertError(
        postJson(bob, "/v1/videos/" + source + "/remix", "{\"prompt\":\"mine now\"}"), 404, null);
    assertError(
        postJson(
            bob, "/v1/videos/edits", "{\"video\":{\"id\":\"" + source + "\"},\"prompt\":\"x\"}"),
        404,
        null);
    assertError(
        postJson(ann, "/v1/videos/" + queued + "/remix", "{\"prompt\":\"too soon\"}"),
        400,
        "video_id");
    assertThat(
            json(postJson(ann, "/v1/videos/" + queued + "/remix", "{\"prompt\":\"x\"}"))
                .at("/error/code")
                .asString())
        .isEqualTo("video_not_completed");
    assertError(postJson(ann, "/v1/videos/video_nope/remix", "{\"prompt\":\"x\"}"), 404, null);
    assertError(postJson(ann, "/v1/videos/" + source + "/remix", "{}"), 400, "prompt");
    assertError(postJson(ann, "/v1/videos/edits", "{\"prompt\":\"x\"}"), 400, "video");
    assertThat(videosOwnedBy(bob.id())).isEqualTo(before);
  }

  @Test
  void editsAndExtensionsStartFromTheSource() {
    User cid = user();
    String source = completedSource(cid);

    JsonNode edit =
        json(
            postJson(
                cid,
                "/v1/videos/edits",
                "{\"video\":{\"id\":\"" + source + "\"},\"prompt\":\"make the ball green\"}"));
    assertThat(edit.get("source_video_id").asString()).isEqualTo(source);
    assertThat(edit.get("remixed_from_video_id").isNull()).isTrue();
    assertThat(row(edit.get("id").asString()).get("kind")).isEqualTo("edit");

    JsonNode extension =
        json(
            postJson(
                cid,
                "/v1/videos/extensions",
                "{\"video\":{\"id\":\""
                    + source
                    + "\"},\"prompt\":\"the ball rolls away\",\"seconds\":\"4\"}"));
    // One clip: the 8 s source and its 4 s continuation.
    assertThat(extension.get("seconds").asString()).isEqualTo("12");
    assertThat(row(extension.get("id").asString()).get("kind")).isEqualTo("extend");

    assertError(
        postJson(
            cid,
            "/v1/videos/extensions",
            "{\"video\":{\"id\":\"" + source + "\"},\"prompt\":\"x\",\"seconds\":\"16\"}"),
        400,
        "seconds");
    assertError(
        postJson(
            cid,
            "/v1/videos/extensions",
            "{\"video\":{\"id\":\"" + source + "\"},\"prompt\":\"x\",\"seconds\":\"5\"}"),
        400,
        "seconds");
  }

  @Test
  void anUploadedClipCanBeEditedAndKeepsItsLengthAndOrientation() throws Exception {
    User gus = user();
    byte[] clip = TestMp4.encode(96, 160, 12, 7.5, true, 440, (i, bgr, w, h, stride) -> {});

    HttpResponse<String> response =
        postMultipart(
            gus,
            "/v1/videos/edits",
            List.of(
                Part.text("prompt", "make it green"),
                Part.file("video", "clip.mp4", "video/mp4", clip)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode video = json(response);
    assertThat(video.get("seconds").asString()).isEqualTo("8");
    assertThat(video.get("size").asString()).isEqualTo("720x1280");
    assertThat(video.get("source_video_id").isNull()).isTrue();
    UUID id = WireIds.parseVideo(video.get("id").asString()).orElseThrow();
    assertThat(row(video.get("id").asString()).get("kind")).isEqualTo("edit");
    assertThat(PEERS.uploadsFor(id))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.variant()).isEqualTo("input");
              assertThat(u.bytes()).isEqualTo(clip);
            });

    long before = videosOwnedBy(gus.id());
    assertError(
        postMultipart(
            gus,
            "/v1/videos/edits",
            List.of(
                Part.text("prompt", "x"),
                Part.file("video", "clip.mp4", "video/mp4", "not a video at all".getBytes()))),
        400,
        "video");
    assertError(
        postMultipart(gus, "/v1/videos/edits", List.of(Part.text("prompt", "x"))), 400, "video");
    assertThat(videosOwnedBy(gus.id())).isEqualTo(before);
  }

  @Test
  void negativePromptsAreNormalizedStoredAndBounded() {
    User dee = user();
    JsonNode video =
        json(
            postJson(
                dee, "/v1/videos", "{\"prompt\":\"a ball\",\"negative_prompt\":\"  ＢＬＵＲ  \"}"));
    assertThat(video.get("negative_prompt").asString()).isEqualTo("BLUR");
    assertThat(row(video.get("id").asString()).get("negative_prompt")).isEqualTo("BLUR");
    long before = videosOwnedBy(dee.id());
    assertError(
        postJson(
            dee,
            "/v1/videos",
            "{\"prompt\":\"a ball\",\"negative_prompt\":\"" + "x".repeat(4001) + "\"}"),
        400,
        "negative_prompt");
    assertThat(videosOwnedBy(dee.id())).isEqualTo(before);
  }

  @Test
  void imageReferencesAreKeptAsTheJobsInput() throws Exception {
    User eve = user();
    byte[] png = png();

    JsonNode fromJson =
        json(
            postJson(
                eve,
                "/v1/videos",
                "{\"prompt\":\"a ball\",\"input_reference\":{\"image_url\":\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(png)
                    + "\"}}"));
    assertStoredInput(fromJson.get("id").asString(), png, "image/png");

    HttpResponse<String> multipart =
        postMultipart(
            eve,
            "/v1/videos",
            List.of(
                Part.text("prompt", "a ball"),
                Part.file("input_reference", "ref.png", "image/png", png)));
    assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(200);
    assertStoredInput(json(multipart).get("id").asString(), png, "image/png");

    long before = videosOwnedBy(eve.id());
    assertError(
        postJson(
            eve,
            "/v1/videos",
            "{\"prompt\":\"p\",\"input_reference\":{\"image_url\":\"data:image/png;base64,AAAA\"}}"),
        400,
        "input_reference");
    assertError(
        postJson(
            eve, "/v1/videos", "{\"prompt\":\"p\",\"input_reference\":{\"file_id\":\"file_1\"}}"),
        400,
        "input_reference");
    assertThat(videosOwnedBy(eve.id())).isEqualTo(before);
  }

  @Test
  void aBlockedPromptStoresNoInput() throws Exception {
    User fay = user();
    HttpResponse<String> response =
        postMultipart(
            fay,
            "/v1/videos",
            List.of(
                Part.text("prompt", "something " + PeerStubs.BLOCKED_WORD),
                Part.file("input_reference", "ref.png", "image/png", png())));
    assertThat(json(response).get("status").asString()).isEqualTo("failed");
    assertThat(PEERS.uploads).noneMatch(u -> u.ownerId().equals(fay.id()));
  }

  private void assertStoredInput(String wireId, byte[] bytes, String type) {
    UUID id = WireIds.parseVideo(wireId).orElseThrow();
    Map<String, Object> row = row(wireId);
    assertThat(row.get("kind")).isEqualTo("image");
    List<PeerStubs.Upload> uploads = PEERS.uploadsFor(id);
    assertThat(uploads).hasSize(1);
    assertThat(uploads.getFirst().variant()).isEqualTo("input");
    assertThat(uploads.getFirst().contentType()).isEqualTo(type);
    assertThat(uploads.getFirst().bytes()).isEqualTo(bytes);
    assertThat(row.get("input_asset_id")).isEqualTo(uploads.getFirst().assetId());
  }

  private static void assertError(HttpResponse<String> response, int status, String param) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = json(response).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("code").asString()).isNotBlank();
    if (param != null) {
      assertThat(error.get("param").asString()).isEqualTo(param);
    }
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 3, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
