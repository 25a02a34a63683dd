package dev.zoetrope.cameo.characters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.cameo.HttpTestSupport;
import dev.zoetrope.cameo.cameos.TestClips;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code /v1/videos/characters}: OpenAI's shapes on the outside, cameos underneath. */
class CharacterIT extends HttpTestSupport {
  private static final String PATH = "/v1/videos/characters";

  private static byte[] recording;
  private static byte[] silent;

  @BeforeAll
  static void clips() throws Exception {
    recording = TestClips.mp4(96, 72, 12, 2, true);
    silent = TestClips.mp4(96, 72, 12, 2, false);
  }

  @Autowired JdbcClient jdbc;

  private Reply create(User u, byte[] video, Map<String, String> fields) throws Exception {
    return multipart(PATH, u, "video", video, fields);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.propertyNames().forEach(names::add);
    return names;
  }

  /** The OpenAI error object, exactly: {"error":{message,type,param,code}} and nothing else. */
  private static void assertOpenAiError(
      Reply r, int status, String type, String code, String param) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(fieldNames(r.body())).containsExactly("error");
    JsonNode e = r.error();
    assertThat(fieldNames(e)).containsExactlyInAnyOrder("message", "type", "param", "code");
    assertThat(e.get("type").asString()).isEqualTo(type);
    assertThat(e.get("code").asString()).isEqualTo(code);
    if (param == null) {
      assertThat(e.get("param").isNull()).isTrue();
    } else {
      assertThat(e.get("param").asString()).isEqualTo(param);
    }
    assertThat(e.get("message").asString()).isNotBlank();
  }

  private long cameosOf(User u) {
    return jdbc.sql("select count(*) from cameos where owner_id = :o")
        .param("o", u.id())
        .query(Long.class)
        .single();
  }

  @Test
  void createsACharacterThatIsACameoAndGetsItBack() throws Exception {
    User alice = user("alice");
    long before = Instant.now().getEpochSecond();
    Reply created = create(alice, recording, Map.of("name", "  Alice  "));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(200);
    JsonNode c = created.body();
    assertThat(fieldNames(c)).containsExactlyInAnyOrder("id", "name", "created_at");
    String id = c.get("id").asString();
    assertThat(id).matches("cameo_[0-9a-f]{32}");
    assertThat(c.get("name").asString()).isEqualTo("Alice");
    assertThat(c.get("created_at").isIntegralNumber()).isTrue();
    assertThat(c.get("created_at").asLong()).isBetween(before - 1, Instant.now().getEpochSecond());

    Reply got = json("GET", PATH + "/" + id, alice.token(), null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(c);

    // The same id in the cameo API: a private cameo with the character's name and recording.
    Reply cameo = json("GET", "/api/cameos/" + id, alice.token(), null);
    assertThat(cameo.status()).isEqualTo(200);
    assertThat(cameo.body().get("permission").asString()).isEqualTo("only_me");
    assertThat(cameo.body().get("status").asString()).isEqualTo("active");
    assertThat(cameo.body().get("name").asString()).isEqualTo("Alice");
    assertThat(
            jdbc.sql("select recording_bytes from cameos where id = :id")
                .param("id", raw(id))
                .query(Long.class)
                .single())
        .isEqualTo((long) recording.length);
  }

  @Test
  void anotherUsersCharacterIsNotFoundUntilTheyMayUseIt() throws Exception {
    User alice = user("alice");
    User bob = user("bob");
    String id = create(alice, recording, Map.of("name", "alice")).body().get("id").asString();

    Reply hidden = json("GET", PATH + "/" + id, bob.token(), null);
    assertOpenAiError(hidden, 404, "not_found_error", "not_found", null);
    Reply unknown =
        json(
            "GET",
            PATH + "/cameo_" + UUID.randomUUID().toString().replace("-", ""),
            bob.token(),
            null);
    assertOpenAiError(unknown, 404, "not_found_error", "not_found", null);
    // Unknown and forbidden read the same, so an id cannot be probed.
    assertThat(unknown.error()).isEqualTo(hidden.error());
    assertOpenAiError(
        json("GET", PATH + "/not-a-character", bob.token(), null),
        404,
        "not_found_error",
        "not_found",
        null);

    assertThat(
            json("PATCH", "/api/cameos/" + id, alice.token(), "{\"permission\":\"everyone\"}")
                .status())
        .isEqualTo(200);
    Reply shared = json("GET", PATH + "/" + id, bob.token(), null);
    assertThat(shared.status()).isEqualTo(200);
    assertThat(shared.body().get("id").asString()).isEqualTo(id);
    assertThat(shared.body().get("name").asString()).isEqualTo("alice");
    assertThat(fieldNames(shared.body())).containsExactlyInAnyOrder("id", "name", "created_at");

    assertThat(json("DELETE", "/api/cameos/" + id, alice.token(), null).status()).isEqualTo(204);
    assertOpenAiError(
        json("GET", PATH + "/" + id, bob.token(), null), 404, "not_found_error", "not_found", null);
  }

  @Test
  void badInputIsRefusedInTheOpenAiShapeAndStoresNothing() throws Exception {
    User dave = user("dave");

    assertOpenAiError(
        create(dave, null, Map.of("name", "x")),
        400,
        "invalid_request_error",
        "invalid_request",
        "video");
    assertOpenAiError(
        create(dave, "just text".getBytes(StandardCharsets.UTF_8), Map.of("name", "x")),
        400,
        "invalid_request_error",
        "invalid_recording",
        "video");
    Reply noAudio = create(dave, silent, Map.of("name", "x"));
    assertOpenAiError(noAudio, 400, "invalid_request_error", "invalid_recording", "video");
    assertThat(noAudio.error().get("message").asString()).contains("no audio track");
    assertOpenAiError(
        create(dave, new byte[0], Map.of("name", "x")),
        400,
        "invalid_request_error",
        "invalid_recording",
        "video");
    Reply tooLarge = create(dave, new byte[20 * 1024 * 1024 + 1], Map.of("name", "x"));
    assertOpenAiError(tooLarge, 400, "invalid_request_error", "invalid_recording", "video");
    assertThat(tooLarge.error().get("message").asString()).contains("at most 20 MB");

    assertOpenAiError(
        create(dave, recording, Map.of()), 400, "invalid_request_error", "invalid_request", "name");
    assertOpenAiError(
        create(dave, recording, Map.of("name", "   ")),
        400,
        "invalid_request_error",
        "invalid_request",
        "name");
    assertOpenAiError(
        create(dave, recording, Map.of("name", "n".repeat(41))),
        400,
        "invalid_request_error",
        "invalid_request",
        "name");
    assertOpenAiError(
        json("POST", PATH, dave.token(), "{\"name\":\"x\"}"),
        415,
        "invalid_request_error",
        "unsupported_media_type",
        null);
    assertThat(cameosOf(dave)).isZero();

    assertThat(create(dave, recording, Map.of("name", "n".repeat(40))).status()).isEqualTo(200);
    assertThat(cameosOf(dave)).isEqualTo(1);
  }

  @Test
  void needsAUserToken() throws Exception {
    assertOpenAiError(
        json("GET", PATH + "/cameo_" + "0".repeat(32), null, null),
        401,
        "authentication_error",
        "unauthenticated",
        null);
    Reply asService = json("GET", PATH + "/cameo_" + "0".repeat(32), service, null);
    assertThat(asService.status()).isEqualTo(403);
    assertThat(asService.error()).isNotNull();
  }
}
