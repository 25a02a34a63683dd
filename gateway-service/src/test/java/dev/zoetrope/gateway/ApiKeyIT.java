package dev.zoetrope.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiKeyIT extends GatewayITSupport {

  @Test
  void anApiKeyWorksAsBearerAndServicesSeeAUserJwtInstead() throws Exception {
    Session session = signUp();
    JsonNode created = createKey(session, "laptop");
    String key = created.get("key").asString();
    assertThat(key).matches("zk_[A-Za-z0-9_-]{43}");
    assertThat(created.get("id").asString()).matches("key_[0-9a-f]{32}");
    assertThat(created.get("created_at").asString()).isNotBlank();

    String testId = UUID.randomUUID().toString();
    HttpResponse<String> routed =
        send(
            HttpRequest.newBuilder(uri("/v1/videos/video_abc"))
                .header("Authorization", "Bearer " + key)
                .header(Downstream.TEST_ID, testId)
                .GET());

    assertThat(routed.statusCode()).as(routed.body()).isEqualTo(200);
    Downstream.Seen seen = GENERATION.seen(testId);
    String forwarded = seen.header("Authorization");
    assertThat(forwarded).startsWith("Bearer ").doesNotContain(key).doesNotContain("zk_");
    JWTClaimsSet claims = verifiedClaims(forwarded.substring("Bearer ".length()));
    assertThat(claims.getSubject()).isEqualTo(session.userId().toString());
    assertThat(claims.getStringClaim("username")).isEqualTo(session.username());
    assertThat(claims.getStringClaim("scope")).isEqualTo("user");
    assertThat(claims.getStringClaim("tier")).isEqualTo("free");

    // The minted token is reused for the next request with the same key.
    String secondId = UUID.randomUUID().toString();
    send(
        HttpRequest.newBuilder(uri("/v1/videos/video_abc"))
            .header("Authorization", "Bearer " + key)
            .header(Downstream.TEST_ID, secondId)
            .GET());
    assertThat(GENERATION.seen(secondId).header("Authorization")).isEqualTo(forwarded);
  }

  @Test
  void theListShowsKeysWithoutTheirSecretAndWhenTheyWereLastUsed() {
    Session session = signUp();
    JsonNode created = createKey(session, "ci");
    String key = created.get("key").asString();
    assertThat(get("/api/feed", key).statusCode()).isEqualTo(200);

    HttpResponse<String> list = get("/api/keys", session.token());
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(key);
    JsonNode only = json(list).get("data").get(0);
    assertThat(json(list).get("data").size()).isEqualTo(1);
    assertThat(only.get("id").asString()).isEqualTo(created.get("id").asString());
    assertThat(only.get("name").asString()).isEqualTo("ci");
    assertThat(key).startsWith(only.get("prefix").asString());
    assertThat(only.has("key")).isFalse();
    assertThat(only.get("last_used_at").isNull()).isFalse();
  }

  @Test
  void aRevokedKeyIsRefusedAtOnce() {
    Session session = signUp();
    JsonNode created = createKey(session, "old");
    String key = created.get("key").asString();
    assertThat(get("/v1/videos", key).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked =
        send(
            HttpRequest.newBuilder(uri("/api/keys/" + created.get("id").asString()))
                .header("Authorization", "Bearer " + session.token())
                .DELETE());
    assertThat(revoked.statusCode()).isEqualTo(204);

    assertOpenAiError(get("/v1/videos", key), 401, "invalid_api_key");
    assertProblem(get("/api/feed", key), 401, "invalid_api_key");
    assertThat(json(get("/api/keys", session.token())).get("data").size()).isZero();
  }

  @Test
  void unknownKeysAreRefused() {
    assertOpenAiError(get("/v1/videos", "zk_" + "A".repeat(43)), 401, "invalid_api_key");
    assertOpenAiError(get("/v1/videos", "zk_short"), 401, "invalid_api_key");
  }

  @Test
  void anotherUsersKeyCannotBeRevoked() {
    Session owner = signUp();
    Session other = signUp();
    JsonNode created = createKey(owner, "mine");

    HttpResponse<String> attempt =
        send(
            HttpRequest.newBuilder(uri("/api/keys/" + created.get("id").asString()))
                .header("Authorization", "Bearer " + other.token())
                .DELETE());

    assertProblem(attempt, 404, "not_found");
    assertThat(get("/v1/videos", created.get("key").asString()).statusCode()).isEqualTo(200);
    assertProblem(
        send(
            HttpRequest.newBuilder(uri("/api/keys/not-an-id"))
                .header("Authorization", "Bearer " + other.token())
                .DELETE()),
        404,
        "not_found");
  }

  @Test
  void anApiKeyCannotManageApiKeys() {
    Session session = signUp();
    String key = createKey(session, "leaky").get("key").asString();

    assertProblem(postJson("/api/keys", key, "{\"name\":\"more\"}"), 403, "session_required");
  }

  @Test
  void keysAreLimitedPerUserAndNamed() {
    Session session = signUp();
    assertProblem(postJson("/api/keys", session.token(), "{\"name\":\"  \"}"), 400, "invalid_name");
    assertProblem(
        postJson("/api/keys", session.token(), "{\"name\":\"" + "n".repeat(65) + "\"}"),
        400,
        "invalid_name");
    for (int i = 0; i < 20; i++) {
      createKey(session, "key " + i);
    }
    assertProblem(
        postJson("/api/keys", session.token(), "{\"name\":\"one too many\"}"),
        409,
        "api_key_limit_reached");
  }

  private JsonNode createKey(Session session, String name) {
    HttpResponse<String> response =
        postJson("/api/keys", session.token(), "{\"name\":\"" + name + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response);
  }
}
