package dev.zoetrope.devstack;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Users the benchmarks sign up through the gateway, as a developer would with the SDK. */
final class BenchUsers {
  private BenchUsers() {}

  /** Signs up a fresh user and returns a client authenticated with a new API key of theirs. */
  static Client withApiKey(String gatewayUrl) {
    Client anonymous = new Client(gatewayUrl, null);
    Client.Response signup =
        anonymous.post(
            "/api/auth/signup",
            Map.of(
                "username",
                "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                "password",
                "benchmark passphrase"));
    if (signup.status() != 201) {
      throw new IllegalStateException("signup failed: " + signup);
    }
    Client session = anonymous.withToken(signup.json().get("access_token").asString());
    Client.Response key = session.post("/api/keys", Map.of("name", "benchmark"));
    if (key.status() != 201) {
      throw new IllegalStateException("API key creation failed: " + key);
    }
    return anonymous.withToken(key.json().get("key").asString());
  }

  /** Polls {@code id} until it ends; throws unless it completed. */
  static JsonNode awaitCompleted(Client user, String id, Duration timeout) {
    JsonNode done =
        Await.until(
            "video " + id,
            timeout,
            () -> user.get("/v1/videos/" + id).json(),
            v -> v.get("status").asString().matches("completed|failed"));
    if (!"completed".equals(done.get("status").asString())) {
      throw new IllegalStateException("generation failed: " + done);
    }
    return done;
  }

  /** The standard clip of docs/benchmarks.md: zoetrope-1, 4 s, 720x1280. */
  static Map<String, Object> standardClip() {
    return Map.of(
        "prompt",
        "a red ball drops and bounces twice on a wooden floor",
        "seconds",
        "4",
        "size",
        "720x1280");
  }
}
