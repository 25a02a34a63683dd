package dev.zoetrope.cameo.cameos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.common.testing.S3Proxy;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.common.testing.TestInfra.Need;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CameoIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BUCKET = "cameo-it";
  private static final int MAX_APPROVALS = 3;

  private static byte[] recording;
  private static byte[] silent;
  private static byte[] tooShort;
  private static byte[] tooLong;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry r) {
    TestInfra.register(r, "cameo", Need.POSTGRES, Need.S3, Need.KAFKA);
    r.add("zoetrope.cameo.bucket", () -> BUCKET);
    // The real limit is 500; a small one keeps the limit test to a few requests.
    r.add("zoetrope.cameo.max-approvals-per-cameo", () -> MAX_APPROVALS);
  }

  @BeforeAll
  static void clips() throws IOException {
    recording = TestClips.mp4(96, 72, 12, 2, true);
    silent = TestClips.mp4(96, 72, 12, 2, false);
    tooShort = TestClips.mp4(96, 72, 12, 0.5, true);
    tooLong = TestClips.mp4(48, 36, 6, 16, true);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String service = TestInfra.issuer().serviceToken("generation-service");
  private final MinioClient s3 = s3Client();

  private static MinioClient s3Client() {
    S3Proxy proxy = TestInfra.s3();
    return MinioClient.builder()
        .endpoint(proxy.endpoint())
        .credentials(proxy.accessKey(), proxy.secretKey())
        .region("us-east-1")
        .build();
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    String code() {
      return body == null || body.get("code") == null ? null : body.get("code").asString();
    }
  }

  record User(UUID id, String token) {}

  private static User user(String name) {
    UUID id = UUID.randomUUID();
    return new User(id, TestInfra.issuer().userToken(id, name, "free"));
  }

  private Reply send(String method, String path, String token, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String text = response.body();
    JsonNode json = text == null || text.isEmpty() ? null : JSON.readTree(text);
    return new Reply(response.statusCode(), json, response);
  }

  private Reply json(String method, String path, String token, String body) throws Exception {
    return send(
        method,
        path,
        token,
        body == null ? null : "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** A multipart/form-data body; a null {@code file} leaves the recording part out. */
  private Reply upload(User u, byte[] file, Map<String, String> fields) throws Exception {
    String boundary = "zoetrope-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      out.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    if (file != null) {
      out.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"recording\"; filename=\"me.mp4\"\r\n"
                  + "Content-Type: video/mp4\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(file);
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        "POST",
        "/api/cameos",
        u.token(),
        "multipart/form-data; boundary=" + boundary,
        out.toByteArray());
  }

  private String create(User u, String name, String permission) throws Exception {
    Reply r =
        upload(
            u,
            recording,
            permission == null
                ? Map.of("name", name)
                : Map.of("name", name, "permission", permission));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    return r.body().get("id").asString();
  }

  private static UUID raw(String wireId) {
    String h = wireId.substring("cameo_".length());
    return UUID.fromString(
        h.replaceFirst("(\\w{8})(\\w{4})(\\w{4})(\\w{4})(\\w{12})", "$1-$2-$3-$4-$5"));
  }

  private Reply check(UUID requester, List<UUID> ids) throws Exception {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("requesterId", requester);
    body.put("cameoIds", ids);
    return json("POST", "/internal/cameo-checks", service, JSON.writeValueAsString(body));
  }

  private boolean allowed(User u, String wireId) throws Exception {
    Reply r = check(u.id(), List.of(raw(wireId)));
    assertThat(r.status()).isEqualTo(200);
    boolean allowed = r.body().get("allowed").asBoolean();
    assertThat(r.body().get("denied").size()).isEqualTo(allowed ? 0 : 1);
    return allowed;
  }

  private void follows(UUID follower, UUID followee, boolean following) {
    jdbc.sql(
            """
            insert into follows (follower_id, followee_id, following, sequence, changed_at)
            values (:f, :t, :following, 1, now())
            on conflict (follower_id, followee_id) do update
              set following = excluded.following, sequence = follows.sequence + 1
            """)
        .param("f", follower)
        .param("t", followee)
        .param("following", following)
        .update();
  }

  private Set<String> objectKeys() throws Exception {
    Set<String> keys = new HashSet<>();
    if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      return keys; // the service creates it on the first upload
    }
    for (Result<Item> item :
        s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET).recursive(true).build())) {
      keys.add(item.get().objectName());
    }
    return keys;
  }

  private boolean objectExists(String key) throws Exception {
    try {
      s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      return false;
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void createsACameoFromARealRecording() throws Exception {
    User alice = user("alice");
    Reply r = upload(alice, recording, Map.of("name", "  Alice waving  "));
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    JsonNode c = r.body();
    String id = c.get("id").asString();
    assertThat(id).matches("cameo_[0-9a-f]{32}");
    assertThat(c.get("name").asString()).isEqualTo("Alice waving");
    assertThat(c.get("permission").asString()).isEqualTo("only_me");
    assertThat(c.get("status").asString()).isEqualTo("active");
    assertThat(c.get("owner_id").asString()).isEqualTo(alice.id().toString());
    assertThat(Instant.parse(c.get("created_at").asString()))
        .isBefore(Instant.now().plusSeconds(5));
    assertThat(r.raw().headers().firstValue("Location")).hasValue("/api/cameos/" + id);

    String key = "cameos/" + raw(id) + "/recording.mp4";
    try (InputStream in =
        s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
      assertThat(in.readAllBytes()).isEqualTo(recording);
    }
    Map<String, Object> row =
        jdbc.sql("select * from cameos where id = :id").param("id", raw(id)).query().singleRow();
    assertThat(row.get("recording_key")).isEqualTo(key);
    assertThat(row.get("recording_sha256")).isEqualTo(sha256(recording));
    assertThat(row.get("recording_bytes")).isEqualTo((long) recording.length);
    assertThat((Integer) row.get("duration_ms")).isBetween(1900, 2300);

    Reply mine = json("GET", "/api/cameos", alice.token(), null);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.body().get("data").size()).isEqualTo(1);
    assertThat(mine.body().get("data").get(0).get("id").asString()).isEqualTo(id);
    Reply one = json("GET", "/api/cameos/" + id, alice.token(), null);
    assertThat(one.body().get("owner_id").asString()).isEqualTo(alice.id().toString());

    Reply everyone = upload(alice, recording, Map.of("name", "public", "permission", "everyone"));
    assertThat(everyone.body().get("permission").asString()).isEqualTo("everyone");
  }

  @Test
  void refusesRecordingsThatAreNotUsableAndKeepsNothing() throws Exception {
    User dave = user("dave");
    Set<String> before = objectKeys();

    Reply noAudio = upload(dave, silent, Map.of("name", "quiet"));
    assertThat(noAudio.status()).isEqualTo(400);
    assertThat(noAudio.code()).isEqualTo("invalid_recording");
    assertThat(noAudio.body().get("detail").asString()).contains("no audio track");

    Reply text =
        upload(
            dave,
            "just some text, not a video".getBytes(StandardCharsets.UTF_8),
            Map.of("name", "x"));
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.code()).isEqualTo("invalid_recording");

    Reply cut =
        upload(dave, java.util.Arrays.copyOf(recording, recording.length / 2), Map.of("name", "x"));
    assertThat(cut.code()).isEqualTo("invalid_recording");

    Reply empty = upload(dave, new byte[0], Map.of("name", "x"));
    assertThat(empty.code()).isEqualTo("invalid_recording");

    Reply shortOne = upload(dave, tooShort, Map.of("name", "x"));
    assertThat(shortOne.code()).isEqualTo("invalid_recording");
    assertThat(shortOne.body().get("detail").asString()).contains("1 to 15 seconds");

    Reply longOne = upload(dave, tooLong, Map.of("name", "x"));
    assertThat(longOne.code()).isEqualTo("invalid_recording");

    Reply huge = upload(dave, new byte[20 * 1024 * 1024 + 1], Map.of("name", "x"));
    assertThat(huge.status()).as(String.valueOf(huge.body())).isEqualTo(400);
    assertThat(huge.code()).isEqualTo("invalid_recording");
    assertThat(huge.body().get("detail").asString()).contains("at most 20 MB");
    Reply hugeBody = upload(dave, new byte[30 * 1024 * 1024], Map.of("name", "x"));
    assertThat(hugeBody.code()).isEqualTo("invalid_recording");

    assertThat(objectKeys()).isEqualTo(before);
    assertThat(
            jdbc.sql("select count(*) from cameos where owner_id = :o")
                .param("o", dave.id())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void badInputShapes() throws Exception {
    User erin = user("erin");
    assertThat(upload(erin, null, Map.of("name", "x")).status()).isEqualTo(400);
    assertThat(upload(erin, recording, Map.of()).status()).isEqualTo(400);
    assertThat(upload(erin, recording, Map.of("name", "   ")).code()).isEqualTo("invalid_request");
    assertThat(upload(erin, recording, Map.of("name", "n".repeat(41))).code())
        .isEqualTo("invalid_request");
    assertThat(upload(erin, recording, Map.of("name", "ok", "permission", "friends")).code())
        .isEqualTo("invalid_request");

    String id = create(erin, "n".repeat(40), null);
    String path = "/api/cameos/" + id;
    assertThat(json("PATCH", path, erin.token(), "{\"permission\":\"friends\"}").status())
        .isEqualTo(400);
    assertThat(json("PATCH", path, erin.token(), "{}").status()).isEqualTo(400);
    assertThat(
            json("PATCH", path, erin.token(), "{\"permission\":\"everyone\",\"owner_id\":\"x\"}")
                .status())
        .isEqualTo(400);
    assertThat(json("PATCH", path, erin.token(), "everyone").status()).isEqualTo(400);
    assertThat(json("GET", "/api/cameos/not-an-id", erin.token(), null).status()).isEqualTo(404);
    assertThat(json("GET", "/api/cameos/" + UUID.randomUUID(), erin.token(), null).status())
        .isEqualTo(404);
    assertThat(json("PUT", path + "/approvals/bob", erin.token(), null).status()).isEqualTo(400);
    assertThat(json("PUT", path + "/approvals/" + erin.id(), erin.token(), null).status())
        .isEqualTo(400);
    assertThat(json("GET", "/api/cameos?status=bogus", erin.token(), null).status()).isEqualTo(400);
    assertThat(json("GET", "/api/cameos?limit=0", erin.token(), null).status()).isEqualTo(400);
    assertThat(json("GET", "/api/cameos?limit=x", erin.token(), null).status()).isEqualTo(400);
    assertThat(json("GET", "/api/cameos", null, null).status()).isEqualTo(401);
    assertThat(json("GET", "/api/cameos", service, null).status()).isEqualTo(403);
  }

  @Test
  void anotherUsersCameoIsNotFound() throws Exception {
    User alice = user("alice");
    User bob = user("bob");
    String id = create(alice, "alice", null);
    String path = "/api/cameos/" + id;

    assertThat(json("GET", path, bob.token(), null).status()).isEqualTo(404);
    assertThat(json("PATCH", path, bob.token(), "{\"permission\":\"everyone\"}").status())
        .isEqualTo(404);
    assertThat(json("PUT", path + "/approvals/" + bob.id(), bob.token(), null).status())
        .isEqualTo(404);
    assertThat(json("DELETE", path + "/approvals/" + bob.id(), bob.token(), null).status())
        .isEqualTo(404);
    assertThat(json("GET", path + "/approvals", bob.token(), null).status()).isEqualTo(404);
    assertThat(json("DELETE", path, bob.token(), null).status()).isEqualTo(404);
    assertThat(json("GET", path, alice.token(), null).body().get("status").asString())
        .isEqualTo("active");
    assertThat(json("GET", "/api/cameos", bob.token(), null).body().get("data").size()).isZero();

    // Once bob may use it, he sees enough to pick it and nothing else.
    assertThat(json("PATCH", path, alice.token(), "{\"permission\":\"everyone\"}").status())
        .isEqualTo(200);
    Reply seen = json("GET", path, bob.token(), null);
    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.body().get("id").asString()).isEqualTo(id);
    assertThat(seen.body().get("name").asString()).isEqualTo("alice");
    assertThat(seen.body().size()).isEqualTo(2);
  }

  @Test
  void usageCheckPermissionMatrix() throws Exception {
    User owner = user("olive");
    User other = user("oscar");
    String id = create(owner, "olive", null);
    String path = "/api/cameos/" + id;

    assertThat(allowed(owner, id)).isTrue();
    assertThat(allowed(other, id)).as("only_me").isFalse();

    json("PATCH", path, owner.token(), "{\"permission\":\"everyone\"}");
    assertThat(allowed(other, id)).as("everyone").isTrue();

    json("PATCH", path, owner.token(), "{\"permission\":\"approved\"}");
    assertThat(allowed(other, id)).as("approved, not on the list").isFalse();
    assertThat(json("PUT", path + "/approvals/" + other.id(), owner.token(), null).status())
        .isEqualTo(204);
    assertThat(allowed(other, id)).as("approved, on the list").isTrue();
    assertThat(json("GET", path, other.token(), null).status()).isEqualTo(200);
    Reply list = json("GET", path + "/approvals", owner.token(), null);
    assertThat(list.body().get("data").get(0).get("user_id").asString())
        .isEqualTo(other.id().toString());
    assertThat(json("DELETE", path + "/approvals/" + other.id(), owner.token(), null).status())
        .isEqualTo(204);
    assertThat(allowed(other, id)).as("approval withdrawn").isFalse();

    json("PUT", path + "/approvals/" + other.id(), owner.token(), null);
    json("PATCH", path, owner.token(), "{\"permission\":\"only_me\"}");
    assertThat(allowed(other, id)).as("approval kept but permission only_me").isFalse();

    json("PATCH", path, owner.token(), "{\"permission\":\"mutuals\"}");
    assertThat(allowed(other, id)).as("mutuals, not following each other").isFalse();
    assertThat(allowed(owner, id)).isTrue();
    // The projection as follow.changed leaves it (MutualsIT drives it through Kafka).
    follows(owner.id(), other.id(), true);
    assertThat(allowed(other, id)).as("mutuals, followed by the owner only").isFalse();
    follows(other.id(), owner.id(), true);
    assertThat(allowed(other, id)).as("mutuals, following each other").isTrue();
    assertThat(json("GET", path, other.token(), null).status()).isEqualTo(200);
    follows(owner.id(), other.id(), false);
    assertThat(allowed(other, id)).as("mutuals, owner unfollowed").isFalse();

    json("PATCH", path, owner.token(), "{\"permission\":\"everyone\"}");
    assertThat(json("DELETE", path, owner.token(), null).status()).isEqualTo(204);
    assertThat(allowed(other, id)).as("revoked").isFalse();
    assertThat(allowed(owner, id)).as("revoked, even for the owner").isFalse();

    // Unknown ids are denied like forbidden ones, and one bad id denies the whole clip.
    String open = create(owner, "open", "everyone");
    UUID unknown = UUID.randomUUID();
    Reply mixed = check(other.id(), List.of(raw(open), unknown, raw(id), unknown));
    assertThat(mixed.body().get("allowed").asBoolean()).isFalse();
    List<String> denied = new ArrayList<>();
    mixed.body().get("denied").forEach(n -> denied.add(n.asString()));
    assertThat(denied).containsExactly(unknown.toString(), raw(id).toString());
    assertThat(check(other.id(), List.of(raw(open))).body().get("allowed").asBoolean()).isTrue();
  }

  @Test
  void usageCheckInputIsBounded() throws Exception {
    List<UUID> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(UUID.randomUUID());
    }
    assertThat(check(UUID.randomUUID(), eleven).status()).isEqualTo(400);
    assertThat(check(UUID.randomUUID(), eleven.subList(0, 10)).status()).isEqualTo(200);
    assertThat(check(null, List.of()).status()).isEqualTo(400);
    assertThat(
            json(
                    "POST",
                    "/internal/cameo-checks",
                    service,
                    "{\"requesterId\":\"" + UUID.randomUUID() + "\"}")
                .status())
        .isEqualTo(400);
    assertThat(
            json(
                    "POST",
                    "/internal/cameo-checks",
                    service,
                    "{\"requesterId\":\"" + UUID.randomUUID() + "\",\"cameoIds\":[],\"x\":1}")
                .status())
        .isEqualTo(400);
    String userToken = user("mallory").token();
    assertThat(
            json(
                    "POST",
                    "/internal/cameo-checks",
                    userToken,
                    "{\"requesterId\":\"" + UUID.randomUUID() + "\",\"cameoIds\":[]}")
                .status())
        .isEqualTo(403);
  }

  @Test
  void revocationIsFinalAndDeletesTheRecording() throws Exception {
    User fay = user("fay");
    String id = create(fay, "fay", "everyone");
    String path = "/api/cameos/" + id;
    String key = "cameos/" + raw(id) + "/recording.mp4";
    assertThat(objectExists(key)).isTrue();

    assertThat(json("DELETE", path, fay.token(), null).status()).isEqualTo(204);
    Reply after = json("GET", path, fay.token(), null);
    assertThat(after.body().get("status").asString()).isEqualTo("revoked");
    assertThat(after.body().get("revoked_at").isNull()).isFalse();
    Instant deadline = Instant.now().plusSeconds(10);
    while (objectExists(key) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(objectExists(key)).isFalse();

    assertThat(json("DELETE", path, fay.token(), null).status()).isEqualTo(204);
    assertThat(json("PATCH", path, fay.token(), "{\"permission\":\"everyone\"}").code())
        .isEqualTo("cameo_revoked");
    assertThat(json("PUT", path + "/approvals/" + UUID.randomUUID(), fay.token(), null).code())
        .isEqualTo("cameo_revoked");
    assertThat(json("GET", path, user("gus").token(), null).status()).isEqualTo(404);
    assertThat(json("GET", "/api/cameos", fay.token(), null).body().get("data").size()).isZero();
    assertThat(
            json("GET", "/api/cameos?status=revoked", fay.token(), null).body().get("data").size())
        .isEqualTo(1);

    // Even a direct write cannot bring it back.
    try {
      jdbc.sql("update cameos set status = 'active', revoked_at = null where id = :id")
          .param("id", raw(id))
          .update();
      throw new AssertionError("reactivation must fail");
    } catch (org.springframework.dao.DataAccessException expected) {
      assertThat(expected.getMessage()).contains("cannot be reactivated");
    }
  }

  @Test
  void atMostTenActiveCameosAndApprovalLimit() throws Exception {
    User carol = user("carol");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(create(carol, "carol " + i, null));
    }
    Set<String> before = objectKeys();
    Reply eleventh = upload(carol, recording, Map.of("name", "one too many"));
    assertThat(eleventh.status()).isEqualTo(409);
    assertThat(eleventh.code()).isEqualTo("cameo_limit_reached");
    assertThat(objectKeys()).isEqualTo(before);

    json("DELETE", "/api/cameos/" + ids.getFirst(), carol.token(), null);
    create(carol, "carol again", null);

    String path = "/api/cameos/" + ids.get(1);
    for (int i = 0; i < MAX_APPROVALS; i++) {
      assertThat(
              json("PUT", path + "/approvals/" + UUID.randomUUID(), carol.token(), null).status())
          .isEqualTo(204);
    }
    Reply over = json("PUT", path + "/approvals/" + UUID.randomUUID(), carol.token(), null);
    assertThat(over.status()).isEqualTo(409);
    assertThat(over.code()).isEqualTo("approval_limit_reached");
  }

  @Test
  void aFailedInsertLeavesNoRecordingBehind() throws Exception {
    // A real database failure on the insert, after the upload to S3 has happened.
    jdbc.sql(
            """
            create or replace function test_reject_insert() returns trigger language plpgsql as $$
            begin raise exception 'insert refused by test'; end $$
            """)
        .update();
    jdbc.sql(
            "create trigger test_reject_insert before insert on cameos for each row"
                + " when (new.name = 'insert-fails') execute function test_reject_insert()")
        .update();
    try {
      Reply r = upload(user("hank"), recording, Map.of("name", "insert-fails"));
      assertThat(r.status()).isEqualTo(500);
    } finally {
      jdbc.sql("drop trigger test_reject_insert on cameos").update();
    }
    Set<String> rowKeys =
        new HashSet<>(
            jdbc.sql("select recording_key from cameos where status = 'active'")
                .query(String.class)
                .list());
    assertThat(rowKeys).containsAll(objectKeys());
  }
}
