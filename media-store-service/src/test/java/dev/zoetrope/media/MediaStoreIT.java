package dev.zoetrope.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.common.testing.TestInfra.Need;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.PostPublished;
import dev.zoetrope.media.assets.AssetService;
import dev.zoetrope.media.assets.Variant;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "zoetrope.media.max-upload-bytes=" + MediaStoreIT.MAX_UPLOAD,
      // The S3 minimum, so the 7 MiB chunked upload below really goes up in several parts.
      "zoetrope.media.unknown-length-part-bytes=5242880"
    })
class MediaStoreIT {
  static final long MAX_UPLOAD = 12L * 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SERVICE_TOKEN = TestInfra.issuer().serviceToken("generation-service");

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry r) {
    TestInfra.register(r, "media", Need.POSTGRES, Need.KAFKA, Need.S3);
  }

  @LocalServerPort int port;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired JdbcClient jdbc;
  @Autowired MinioClient minio;
  @Autowired AssetService assetService;
  @Autowired MediaStoreProperties properties;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void ownerFetchesTheWholeClipAndSingleRanges() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID video = UUID.randomUUID();
    byte[] clip = mp4(300_000);

    HttpResponse<String> stored = upload(video, owner, "video", "video/mp4", clip, SERVICE_TOKEN);
    assertThat(stored.statusCode()).isEqualTo(201);
    JsonNode asset = JSON.readTree(stored.body());
    assertThat(asset.get("videoId").asString()).isEqualTo(video.toString());
    assertThat(asset.get("variant").asString()).isEqualTo("video");
    assertThat(asset.get("contentType").asString()).isEqualTo("video/mp4");
    assertThat(asset.get("sizeBytes").asLong()).isEqualTo(clip.length);
    assertThat(asset.get("sha256").asString()).isEqualTo(sha256(clip));
    String token = user(owner);

    HttpResponse<byte[]> full = fetch(video, token, null);
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(clip);
    assertThat(full.headers().firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(full.headers().firstValueAsLong("Content-Length")).hasValue(clip.length);
    assertThat(full.headers().firstValue("ETag")).hasValue("\"" + sha256(clip) + "\"");
    assertThat(full.headers().firstValue("Accept-Ranges")).hasValue("bytes");

    HttpResponse<byte[]> head = fetch(video, token, "bytes=0-9");
    assertThat(head.statusCode()).isEqualTo(206);
    assertThat(head.headers().firstValue("Content-Range")).hasValue("bytes 0-9/" + clip.length);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(10);
    assertThat(head.body()).isEqualTo(Arrays.copyOfRange(clip, 0, 10));

    HttpResponse<byte[]> suffix = fetch(video, token, "bytes=-100");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.headers().firstValue("Content-Range"))
        .hasValue("bytes " + (clip.length - 100) + "-" + (clip.length - 1) + "/" + clip.length);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(clip, clip.length - 100, clip.length));

    HttpResponse<byte[]> open = fetch(video, token, "bytes=123456-");
    assertThat(open.statusCode()).isEqualTo(206);
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(clip, 123456, clip.length));

    HttpResponse<byte[]> clamped = fetch(video, token, "bytes=299990-999999999");
    assertThat(clamped.statusCode()).isEqualTo(206);
    assertThat(clamped.body()).isEqualTo(Arrays.copyOfRange(clip, 299990, clip.length));

    for (String bad : new String[] {"bytes=" + clip.length + "-", "bytes=9-3", "bytes=0-1,5-9"}) {
      HttpResponse<byte[]> refused = fetch(video, token, bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(416);
      assertThat(refused.headers().firstValue("Content-Range")).hasValue("bytes */" + clip.length);
    }

    HttpResponse<byte[]> unchanged =
        http.send(
            get("/v1/videos/" + publicId(video) + "/content", token)
                .header("If-None-Match", "\"" + sha256(clip) + "\"")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(unchanged.statusCode()).isEqualTo(304);

    HttpResponse<String> noThumbnail =
        http.send(
            get("/v1/videos/" + publicId(video) + "/content?variant=thumbnail", token).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noThumbnail.statusCode()).isEqualTo(404);

    HttpResponse<String> badVariant =
        http.send(
            get("/v1/videos/" + publicId(video) + "/content?variant=poster", token).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(badVariant.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badVariant.body()).at("/error/param").asString()).isEqualTo("variant");

    HttpResponse<byte[]> internal =
        http.send(
            get("/internal/assets/" + asset.get("assetId").asString() + "/content", SERVICE_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(internal.statusCode()).isEqualTo(200);
    assertThat(internal.body()).isEqualTo(clip);
  }

  @Test
  void newestAssetOfAVariantIsServed() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID video = UUID.randomUUID();
    byte[] first = png(2_000);
    byte[] second = png(3_000);
    assertThat(upload(video, owner, "thumbnail", "image/png", first, SERVICE_TOKEN).statusCode())
        .isEqualTo(201);
    assertThat(upload(video, owner, "thumbnail", "image/png", second, SERVICE_TOKEN).statusCode())
        .isEqualTo(201);

    HttpResponse<byte[]> got =
        http.send(
            get("/v1/videos/" + publicId(video) + "/content?variant=thumbnail", user(owner))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(got.body()).isEqualTo(second);
  }

  @Test
  void inputsAreForWorkersOnly() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID video = UUID.randomUUID();
    byte[] image = png(2_500);
    HttpResponse<String> stored = upload(video, owner, "input", "image/png", image, SERVICE_TOKEN);
    assertThat(stored.statusCode()).isEqualTo(201);
    String assetId = JSON.readTree(stored.body()).get("assetId").asString();

    // Even its owner cannot fetch an input through the public API: it was never a published asset.
    HttpResponse<String> viaPublic =
        http.send(
            get("/v1/videos/" + publicId(video) + "/content?variant=input", user(owner)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(viaPublic.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(viaPublic.body()).at("/error/param").asString()).isEqualTo("variant");

    HttpResponse<byte[]> internal =
        http.send(
            get("/internal/assets/" + assetId + "/content", SERVICE_TOKEN).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(internal.statusCode()).isEqualTo(200);
    assertThat(internal.body()).isEqualTo(image);
  }

  @Test
  void othersSeeAVideoOnlyOnceItIsPublished() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID video = UUID.randomUUID();
    byte[] clip = mp4(50_000);
    assertThat(upload(video, owner, "video", "video/mp4", clip, SERVICE_TOKEN).statusCode())
        .isEqualTo(201);
    String bob = user(UUID.randomUUID());

    HttpResponse<byte[]> hidden = fetch(video, bob, null);
    HttpResponse<byte[]> unknown = fetch(UUID.randomUUID(), bob, null);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    // A private video and a missing one must be indistinguishable.
    assertThat(new String(hidden.body())).isEqualTo(new String(unknown.body()));
    JsonNode error = JSON.readTree(hidden.body()).get("error");
    assertThat(error.get("type").asString()).isEqualTo("not_found_error");
    assertThat(error.get("code").asString()).isEqualTo("not_found");

    EventEnvelope published =
        EventEnvelope.of(
            PostPublished.TYPE,
            PostPublished.VERSION,
            video.toString(),
            new PostPublished(UUID.randomUUID(), video, owner, Instant.now()));
    kafka.send(FeedEvents.POSTS_TOPIC, video.toString(), EventJson.write(published)).get();
    // A redelivery of the same event must be absorbed by the inbox.
    kafka.send(FeedEvents.POSTS_TOPIC, video.toString(), EventJson.write(published)).get();

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> fetch(video, bob, null).statusCode() == 200);
    assertThat(fetch(video, bob, null).body()).isEqualTo(clip);
    assertThat(fetch(video, bob, "bytes=0-3").body()).isEqualTo(Arrays.copyOf(clip, 4));

    // A later event on the same key (same partition) is handled only after both copies above, so
    // once it is processed the duplicate went through the listener without blocking it.
    EventEnvelope later =
        EventEnvelope.of(
            PostPublished.TYPE,
            PostPublished.VERSION,
            video.toString(),
            new PostPublished(UUID.randomUUID(), video, owner, Instant.now()));
    kafka.send(FeedEvents.POSTS_TOPIC, video.toString(), EventJson.write(later)).get();
    await().atMost(Duration.ofSeconds(30)).until(() -> processed(later.eventId()) == 1);
    assertThat(processed(published.eventId())).isEqualTo(1);
    assertThat(
            jdbc.sql("select count(*) from public_videos where video_id = :v")
                .param("v", video)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void internalApiNeedsAServiceTokenAndUserApiAUserToken() throws Exception {
    UUID video = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    byte[] clip = mp4(1_000);
    assertThat(upload(video, owner, "video", "video/mp4", clip, user(owner)).statusCode())
        .isEqualTo(403);
    assertThat(upload(video, owner, "video", "video/mp4", clip, null).statusCode()).isEqualTo(401);
    assertThat(assetCount(video)).isZero();

    assertThat(upload(video, owner, "video", "video/mp4", clip, SERVICE_TOKEN).statusCode())
        .isEqualTo(201);
    assertThat(fetch(video, SERVICE_TOKEN, null).statusCode()).isEqualTo(403);
    assertThat(fetch(video, null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void bodiesThatAreNotTheDeclaredTypeAreRefused() throws Exception {
    UUID video = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    HttpResponse<String> pngAsMp4 =
        upload(video, owner, "video", "video/mp4", png(500), SERVICE_TOKEN);
    assertThat(pngAsMp4.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(pngAsMp4.body()).get("code").asString())
        .isEqualTo("unsupported_media_type");
    assertThat(
            upload(
                    video,
                    owner,
                    "thumbnail",
                    "image/jpeg",
                    "<svg/>".repeat(10).getBytes(),
                    SERVICE_TOKEN)
                .statusCode())
        .isEqualTo(415);
    assertThat(upload(video, owner, "video", "image/png", png(500), SERVICE_TOKEN).statusCode())
        .isEqualTo(415);
    assertThat(
            upload(video, owner, "video", "application/octet-stream", mp4(500), SERVICE_TOKEN)
                .statusCode())
        .isEqualTo(415);
    assertThat(upload(video, owner, "video", "video/mp4", new byte[3], SERVICE_TOKEN).statusCode())
        .isEqualTo(415);
    assertThat(upload(video, owner, "poster", "image/png", png(500), SERVICE_TOKEN).statusCode())
        .isEqualTo(400);
    assertThat(assetCount(video)).isZero();
    assertThat(objectsUnder(video)).isZero();
  }

  @Test
  void largeUploadsStreamInPartsAndOversizedOnesLeaveNothing() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID video = UUID.randomUUID();
    // Chunked (no Content-Length) and above the 5 MiB part size: a real multipart upload.
    byte[] big = mp4(7 * 1024 * 1024);
    HttpResponse<String> stored =
        http.send(
            uploadRequest(video, owner, "video", "video/mp4", SERVICE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(stored.body()).get("sha256").asString()).isEqualTo(sha256(big));
    HttpResponse<byte[]> middle = fetch(video, user(owner), "bytes=6000000-6000099");
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(big, 6_000_000, 6_000_100));

    UUID other = UUID.randomUUID();
    assertThat(announceOnly(other, owner, MAX_UPLOAD + 1)).startsWith("HTTP/1.1 413");
    byte[] tooBig = mp4((int) MAX_UPLOAD + 1);
    HttpResponse<String> chunked =
        http.send(
            uploadRequest(other, owner, "video", "video/mp4", SERVICE_TOKEN)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(tooBig)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(assetCount(other)).isZero();
    assertThat(objectsUnder(other)).isZero();
  }

  @Test
  void anExistingKeyIsNeverOverwritten() throws Exception {
    UUID assetId = UUID.randomUUID();
    UUID video = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    byte[] original = mp4(10_000);
    assetService.store(
        assetId,
        video,
        owner,
        Variant.VIDEO,
        "video/mp4",
        original.length,
        new ByteArrayInputStream(original));

    // Larger than the sockets' buffers, so the store could answer before the body is all sent.
    byte[] replacement = mp4(3 * 1024 * 1024);
    assertThatThrownBy(
            () ->
                assetService.store(
                    assetId,
                    video,
                    owner,
                    Variant.VIDEO,
                    "video/mp4",
                    replacement.length,
                    new ByteArrayInputStream(replacement)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
              assertThat(e.code()).isEqualTo("asset_exists");
            });

    HttpResponse<byte[]> served = fetch(video, user(owner), null);
    assertThat(served.body()).isEqualTo(original);
    assertThat(assetCount(video)).isEqualTo(1);

    // Same asset id under another video: a fresh key, so the upload succeeds, but the index row
    // cannot be inserted (duplicate id), and the object written for it must be removed again.
    UUID otherVideo = UUID.randomUUID();
    assertThatThrownBy(
            () ->
                assetService.store(
                    assetId,
                    otherVideo,
                    owner,
                    Variant.VIDEO,
                    "video/mp4",
                    replacement.length,
                    new ByteArrayInputStream(replacement)))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(objectsUnder(otherVideo)).isZero();
    assertThat(objectsUnder(video)).isEqualTo(1);
  }

  @Test
  void aBodyThatEndsBeforeItsLengthLeavesNothing() throws Exception {
    UUID video = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    byte[] clip = mp4(1_000_000);
    // The relay streams to storage as the body arrives, so storage has the first part of it when
    // the client stops: it must not keep it.
    String status = sendPart(video, owner, clip, 400_000);
    assertThat(status).startsWith("HTTP/1.1 400");
    assertThat(assetCount(video)).isZero();
    assertThat(objectsUnder(video)).isZero();

    // The same body in full goes up and comes back whole.
    HttpResponse<String> stored = upload(video, owner, "video", "video/mp4", clip, SERVICE_TOKEN);
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
    assertThat(JSON.readTree(stored.body()).get("sha256").asString()).isEqualTo(sha256(clip));
    assertThat(fetch(video, user(owner), null).body()).isEqualTo(clip);
  }

  @Test
  void aCallerMayNameAFreshAssetIdButNeverReuseOne() throws Exception {
    UUID video = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    UUID assetId = UUID.randomUUID();
    byte[] clip = mp4(12_000);
    HttpResponse<String> stored =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base()
                            + "/internal/assets?videoId="
                            + video
                            + "&ownerId="
                            + owner
                            + "&variant=video&assetId="
                            + assetId))
                .header("Content-Type", "video/mp4")
                .header("Authorization", "Bearer " + SERVICE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(clip))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
    assertThat(stored.body()).contains(assetId.toString());

    // Again under the same video, and under another: refused, the stored bytes stay.
    for (UUID under : List.of(video, UUID.randomUUID())) {
      HttpResponse<String> again =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          base()
                              + "/internal/assets?videoId="
                              + under
                              + "&ownerId="
                              + owner
                              + "&variant=video&assetId="
                              + assetId))
                  .header("Content-Type", "video/mp4")
                  .header("Authorization", "Bearer " + SERVICE_TOKEN)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(mp4(15_000)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
      assertThat(again.body()).contains("asset_exists");
    }
    assertThat(fetch(video, user(owner), null).body()).isEqualTo(clip);
    assertThat(assetCount(video)).isEqualTo(1);
  }

  @Test
  void deletingAVideoRemovesItsObjectsRowsAndContentAndRefusesLaterUploads() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID video = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    assertThat(upload(video, owner, "video", "video/mp4", mp4(20_000), SERVICE_TOKEN).statusCode())
        .isEqualTo(201);
    assertThat(
            upload(video, owner, "thumbnail", "image/png", png(2_000), SERVICE_TOKEN).statusCode())
        .isEqualTo(201);
    assertThat(upload(other, owner, "video", "video/mp4", mp4(20_000), SERVICE_TOKEN).statusCode())
        .isEqualTo(201);
    String token = user(owner);
    assertThat(fetch(video, token, null).statusCode()).isEqualTo(200);

    assertThat(deleteAssets(video, null).statusCode()).isEqualTo(401);
    assertThat(deleteAssets(video, token).statusCode()).isIn(401, 403);
    assertThat(assetCount(video)).isEqualTo(2);

    HttpResponse<String> deleted = deleteAssets(video, SERVICE_TOKEN);
    assertThat(deleted.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(deleted.body());
    assertThat(body.get("videoId").asString()).isEqualTo(video.toString());
    assertThat(body.get("assetsDeleted").asInt()).isEqualTo(2);
    assertThat(assetCount(video)).isZero();
    assertThat(objectsUnder(video)).isZero();
    assertThat(fetch(video, token, null).statusCode()).isEqualTo(404);
    HttpRequest thumbnail =
        get("/v1/videos/" + publicId(video) + "/content?variant=thumbnail", token).build();
    assertThat(http.send(thumbnail, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(404);

    // A render finishing after the delete cannot bring the content back.
    HttpResponse<String> late =
        upload(video, owner, "video", "video/mp4", mp4(20_000), SERVICE_TOKEN);
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(late.body()).contains("video_deleted");
    assertThat(objectsUnder(video)).isZero();

    HttpResponse<String> again = deleteAssets(video, SERVICE_TOKEN);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("assetsDeleted").asInt()).isZero();
    // Other videos are untouched.
    assertThat(fetch(other, token, null).statusCode()).isEqualTo(200);
    assertThat(objectsUnder(other)).isEqualTo(1);
  }

  private HttpResponse<String> deleteAssets(UUID video, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + "/internal/videos/" + video + "/assets"))
            .DELETE();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> upload(
      UUID video, UUID owner, String variant, String type, byte[] body, String token)
      throws Exception {
    return http.send(
        uploadRequest(video, owner, variant, type, token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends only the headers of an upload announcing {@code length} bytes: an oversized upload must
   * be refused before its body is read. Returns the status line.
   */
  private String announceOnly(UUID video, UUID owner, long length) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(uploadHead(video, owner, length));
      socket.getOutputStream().flush();
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  /**
   * Announces all of {@code body} but sends only its first {@code sent} bytes, then ends the
   * request side of the connection; returns the answer's status line.
   */
  private String sendPart(UUID video, UUID owner, byte[] body, int sent) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(uploadHead(video, owner, body.length));
      socket.getOutputStream().write(body, 0, sent);
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  /** The request line and headers of a clip upload announcing {@code length} bytes, raw. */
  private static byte[] uploadHead(UUID video, UUID owner, long length) {
    String head =
        "POST /internal/assets?videoId="
            + video
            + "&ownerId="
            + owner
            + "&variant=video HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + SERVICE_TOKEN
            + "\r\n"
            + "Content-Type: video/mp4\r\n"
            + "Content-Length: "
            + length
            + "\r\n\r\n";
    return head.getBytes(StandardCharsets.US_ASCII);
  }

  private HttpRequest.Builder uploadRequest(
      UUID video, UUID owner, String variant, String type, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    base()
                        + "/internal/assets?videoId="
                        + video
                        + "&ownerId="
                        + owner
                        + "&variant="
                        + variant))
            .header("Content-Type", type);
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private HttpResponse<byte[]> fetch(UUID video, String token, String range) throws Exception {
    HttpRequest.Builder b = get("/v1/videos/" + publicId(video) + "/content", token);
    if (range != null) {
      b.header("Range", range);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private long assetCount(UUID video) {
    return jdbc.sql("select count(*) from assets where video_id = :v")
        .param("v", video)
        .query(Long.class)
        .single();
  }

  private long processed(UUID eventId) {
    return jdbc.sql("select count(*) from processed_events where event_id = :e")
        .param("e", eventId)
        .query(Long.class)
        .single();
  }

  private long objectsUnder(UUID video) {
    return StreamSupport.stream(
            minio
                .listObjects(
                    ListObjectsArgs.builder()
                        .bucket(properties.media().bucket())
                        .prefix("videos/" + video + "/")
                        .recursive(true)
                        .build())
                .spliterator(),
            false)
        .count();
  }

  private static String user(UUID id) {
    return TestInfra.issuer().userToken(id, "user-" + id.toString().substring(0, 6), "free");
  }

  private static String publicId(UUID video) {
    return "video_" + video.toString().replace("-", "");
  }

  private static byte[] mp4(int size) {
    byte[] b = random(size);
    byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    System.arraycopy(head, 0, b, 0, Math.min(head.length, size));
    return b;
  }

  private static byte[] png(int size) {
    byte[] b = random(size);
    byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(head, 0, b, 0, head.length);
    return b;
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
