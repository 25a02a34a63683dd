package dev.zoetrope.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.common.testing.TestInfra.Need;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway for all integration tests (same properties, so Spring caches one context): real
 * Postgres and Redis, and real HTTP servers standing in for the services behind it. Moderation
 * points at a closed port, to see what clients get when a service is down.
 */
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayITSupport {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Downstream GENERATION = Downstream.start("generation");
  static final Downstream MEDIA = Downstream.start("media-store");
  static final Downstream CAMEO = Downstream.start("cameo-consent");
  static final Downstream FEED = Downstream.start("feed");
  static final int DEAD_PORT = TestInfra.freePort();
  static final String CLIENT_ID = "test-client";
  static final String CLIENT_SECRET = "test-client-secret-" + UUID.randomUUID();
  static final int RATE_LIMIT_CAPACITY = 3;
  private static final Path KEY_DIR = tempDir();

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry r) {
    TestInfra.register(r, "identity", Need.POSTGRES, Need.REDIS);
    r.add("zoetrope.routes.generation", GENERATION::url);
    r.add("zoetrope.routes.media-store", MEDIA::url);
    r.add("zoetrope.routes.cameo-consent", CAMEO::url);
    r.add("zoetrope.routes.feed", FEED::url);
    r.add("zoetrope.routes.moderation", () -> "http://127.0.0.1:" + DEAD_PORT);
    r.add(
        "zoetrope.identity.signing-key-path", () -> KEY_DIR.resolve("jwt-signing.pem").toString());
    r.add("zoetrope.identity.service-clients." + CLIENT_ID, () -> CLIENT_SECRET);
    r.add("zoetrope.gateway.rate-limit.capacity", () -> RATE_LIMIT_CAPACITY);
  }

  record Session(UUID userId, String username, String token) {}

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request);
  }

  HttpResponse<String> postJson(String path, String bearer, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request);
  }

  static String uniqueUsername() {
    return "u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  Session signUp() {
    String username = uniqueUsername();
    HttpResponse<String> response =
        postJson(
            "/api/auth/signup",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode body = json(response);
    return new Session(
        UUID.fromString(body.get("user").get("id").asString()),
        username,
        body.get("access_token").asString());
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** Verifies a token against the gateway's published JWKS, as every service does. */
  JWTClaimsSet verifiedClaims(String token) {
    try {
      JWKSet jwks = JWKSet.parse(get("/.well-known/jwks.json", null).body());
      SignedJWT jwt = SignedJWT.parse(token);
      RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
      assertThat(key).as("kid %s in JWKS", jwt.getHeader().getKeyID()).isNotNull();
      assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
      return jwt.getJWTClaimsSet();
    } catch (Exception e) {
      throw new AssertionError("token does not verify against the JWKS: " + e, e);
    }
  }

  /** A problem-JSON error body with the given status and stable code. */
  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode body = json(response);
    assertThat(body.get("code").asString()).isEqualTo(code);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("detail").asString()).isNotBlank();
  }

  /** An OpenAI-shaped error body ({@code {"error":{message,type,param,code}}}). */
  static void assertOpenAiError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode error = json(response).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("code").asString()).isEqualTo(code);
    assertThat(error.get("message").asString()).isNotBlank();
    assertThat(error.get("type").asString()).isNotBlank();
    assertThat(error.has("param")).isTrue();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("gateway-it-keys");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
