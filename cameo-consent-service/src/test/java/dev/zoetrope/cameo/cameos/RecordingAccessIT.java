package dev.zoetrope.cameo.cameos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.cameo.HttpTestSupport;
import dev.zoetrope.cameo.recording.RecordingStore;
import dev.zoetrope.common.testing.S3Proxy;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.contracts.cameo.CameoApi;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker's read of a recording: the bytes only while the requester may use the cameo. */
class RecordingAccessIT extends HttpTestSupport {
  private static byte[] recording;

  @BeforeAll
  static void clips() throws Exception {
    recording = TestClips.mp4(96, 72, 12, 2, true);
  }

  private String createCameo(User owner, String permission) throws Exception {
    Reply r =
        multipart(
            "/api/cameos",
            owner,
            "recording",
            recording,
            Map.of("name", "me", "permission", permission));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    return r.body().get("id").asString();
  }

  private static String path(UUID cameoId, Object requester) {
    return CameoApi.RECORDING.replace("{cameoId}", cameoId.toString())
        + "?"
        + CameoApi.RECORDING_REQUESTER_PARAM
        + "="
        + requester;
  }

  private Reply fetch(UUID cameoId, User requester) throws Exception {
    return send("GET", path(cameoId, requester.id()), service, null, null);
  }

  private void assertServed(Reply r) throws Exception {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo(CameoApi.RECORDING_MEDIA_TYPE);
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(recording.length));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(recording));
    assertThat(r.header("ETag")).isEqualTo("\"" + sha + "\"");
    assertThat(r.raw().body()).isEqualTo(recording);
  }

  /** Refused, and refused the same way whatever the reason. */
  private static void assertDenied(Reply r) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(404);
    assertThat(r.code()).isEqualTo(CameoApi.DENIED_CODE);
    assertThat(r.body().get("detail").asString())
        .isEqualTo("no usable cameo with this id for this user");
    assertThat(r.raw().body().length).isLessThan(1000);
  }

  @Test
  void servesTheRecordingOnlyWhileTheRequesterMayUseIt() throws Exception {
    User owner = user("olive");
    User stranger = user("sam");
    UUID id = raw(createCameo(owner, "only_me"));
    String cameoPath = "/api/cameos/" + CameoIds.format(id);

    assertServed(fetch(id, owner));
    assertDenied(fetch(id, stranger));

    json("PATCH", cameoPath, owner.token(), "{\"permission\":\"approved\"}");
    assertDenied(fetch(id, stranger));
    assertThat(json("PUT", cameoPath + "/approvals/" + stranger.id(), owner.token(), null).status())
        .isEqualTo(204);
    assertServed(fetch(id, stranger));

    json("PATCH", cameoPath, owner.token(), "{\"permission\":\"mutuals\"}");
    assertDenied(fetch(id, stranger));

    json("PATCH", cameoPath, owner.token(), "{\"permission\":\"everyone\"}");
    assertServed(fetch(id, stranger));

    assertThat(json("DELETE", cameoPath, owner.token(), null).status()).isEqualTo(204);
    assertDenied(fetch(id, stranger));
    assertDenied(fetch(id, owner));

    assertDenied(fetch(UUID.randomUUID(), owner));
  }

  @Test
  void aRecordingGoneFromStorageIsDeniedLikeAnyOther() throws Exception {
    User owner = user("otto");
    UUID id = raw(createCameo(owner, "only_me"));
    S3Proxy proxy = TestInfra.s3();
    MinioClient s3 =
        MinioClient.builder()
            .endpoint(proxy.endpoint())
            .credentials(proxy.accessKey(), proxy.secretKey())
            .region("us-east-1")
            .build();
    s3.removeObject(
        RemoveObjectArgs.builder().bucket(BUCKET).object(RecordingStore.keyFor(id)).build());
    assertDenied(fetch(id, owner));
  }

  @Test
  void needsAServiceTokenAndAWellFormedRequest() throws Exception {
    User owner = user("olga");
    UUID id = raw(createCameo(owner, "everyone"));

    Reply asUser = send("GET", path(id, owner.id()), owner.token(), null, null);
    assertThat(asUser.status()).isEqualTo(403);
    assertThat(asUser.raw().body()).isNotEqualTo(recording);
    assertThat(send("GET", path(id, owner.id()), null, null, null).status()).isEqualTo(401);

    assertThat(
            send("GET", CameoApi.RECORDING.replace("{cameoId}", id.toString()), service, null, null)
                .status())
        .isEqualTo(400);
    assertThat(send("GET", path(id, "not-a-uuid"), service, null, null).status()).isEqualTo(400);
    assertThat(send("GET", path(id, owner.id()), service, null, null).status()).isEqualTo(200);
  }
}
