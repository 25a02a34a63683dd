package dev.zoetrope.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimitIT extends GatewayITSupport {

  @Test
  void creatingVideosIsLimitedPerUserWithRetryAfter() {
    Session alice = signUp();
    for (int i = 1; i <= RATE_LIMIT_CAPACITY; i++) {
      HttpResponse<String> ok = postJson("/v1/videos", alice.token(), "{\"prompt\":\"a ball\"}");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.headers().firstValue("X-RateLimit-Remaining"))
          .hasValue(Integer.toString(RATE_LIMIT_CAPACITY - i));
    }

    String testId = UUID.randomUUID().toString();
    HttpResponse<String> limited = create("/v1/videos", alice, null, Downstream.TEST_ID, testId);
    assertOpenAiError(limited, 429, "rate_limit_exceeded");
    assertThat(json(limited).get("error").get("type").asString()).isEqualTo("rate_limit_error");
    String retryAfter = limited.headers().firstValue("Retry-After").orElseThrow();
    assertThat(retryAfter).matches("\\d+");
    assertThat(Integer.parseInt(retryAfter)).isBetween(1, 5); // refill 0.2/s: one token in <= 5 s
    assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(GENERATION.seen(testId)).as("a refused request never reaches the service").isNull();

    // Reads are not metered, and other users have their own bucket.
    assertThat(get("/v1/videos", alice.token()).statusCode()).isEqualTo(200);
    Session bob = signUp();
    assertThat(postJson("/v1/videos", bob.token(), "{\"prompt\":\"a ball\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void repeatsOfAnIdempotencyKeyDoNotDrainTheBucketNewKeysDo() {
    Session alice = signUp();
    HttpResponse<String> first = create("/v1/videos", alice, "key-1");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(remaining(first)).isEqualTo(RATE_LIMIT_CAPACITY - 1);

    for (int i = 0; i < RATE_LIMIT_CAPACITY + 2; i++) {
      String testId = UUID.randomUUID().toString();
      HttpResponse<String> replay =
          create("/v1/videos", alice, "key-1", Downstream.TEST_ID, testId);
      assertThat(replay.statusCode()).isEqualTo(200);
      assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(replay.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
      assertThat(GENERATION.seen(testId)).isNotNull();
    }

    // Fresh keys pay: the bucket still holds what the first request left.
    assertThat(remaining(create("/v1/videos", alice, "key-2"))).isEqualTo(RATE_LIMIT_CAPACITY - 2);
    for (int i = RATE_LIMIT_CAPACITY - 2; i > 0; i--) {
      create("/v1/videos", alice, "fill-" + i);
    }
    assertOpenAiError(create("/v1/videos", alice, "key-3"), 429, "rate_limit_exceeded");
    // An empty bucket still answers a retry of a key that went through.
    assertThat(create("/v1/videos", alice, "key-1").statusCode()).isEqualTo(200);
    // The memory is per user and per path: bob's "key-1" is new, and so is key-1 on another path.
    Session bob = signUp();
    assertThat(remaining(create("/v1/videos", bob, "key-1"))).isEqualTo(RATE_LIMIT_CAPACITY - 1);
    assertThat(remaining(create("/v1/videos/edits", bob, "key-1")))
        .isEqualTo(RATE_LIMIT_CAPACITY - 2);
  }

  @Test
  void aKeyWhoseRequestFailedPaysAgainAndOddKeysAreCharged() {
    Session alice = signUp();
    HttpResponse<String> refused =
        create("/v1/videos", alice, "bad-params", Downstream.STATUS, "400");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(remaining(refused)).isEqualTo(RATE_LIMIT_CAPACITY - 1);
    // Nothing was stored for the key downstream, so its retry may create a job: it pays.
    assertThat(remaining(create("/v1/videos", alice, "bad-params")))
        .isEqualTo(RATE_LIMIT_CAPACITY - 2);

    // Keys generation-service would refuse are never remembered: charged every time.
    Session bob = signUp();
    String tooLong = "k".repeat(256);
    assertThat(remaining(create("/v1/videos", bob, tooLong))).isEqualTo(RATE_LIMIT_CAPACITY - 1);
    assertThat(remaining(create("/v1/videos", bob, tooLong))).isEqualTo(RATE_LIMIT_CAPACITY - 2);
  }

  @Test
  void aFreeRepeatThatCreatedAJobAfterAllIsChargedAfterwards() {
    Session alice = signUp();
    String ignoring = Downstream.IGNORE_IDEMPOTENCY;
    assertThat(remaining(create("/v1/videos/extensions", alice, "k", ignoring, "true")))
        .isEqualTo(RATE_LIMIT_CAPACITY - 1);
    // Let through as a replay, but the service made a new job: the token is taken afterwards
    // and the key forgotten, so the next repeat pays up front.
    HttpResponse<String> unconfirmed =
        create("/v1/videos/extensions", alice, "k", ignoring, "true");
    assertThat(unconfirmed.statusCode()).isEqualTo(200);
    assertThat(unconfirmed.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
    assertThat(remaining(create("/v1/videos/extensions", alice, "k", ignoring, "true")))
        .isEqualTo(RATE_LIMIT_CAPACITY - 3);
  }

  @Test
  void everyJobCreatingCallIsMeteredCharactersAreNot() {
    Session alice = signUp();
    assertThat(remaining(create("/v1/videos/video_1/remix", alice, null)))
        .isEqualTo(RATE_LIMIT_CAPACITY - 1);
    assertThat(remaining(create("/v1/videos/edits", alice, null)))
        .isEqualTo(RATE_LIMIT_CAPACITY - 2);
    assertThat(remaining(create("/v1/videos/extensions/", alice, null)))
        .isEqualTo(RATE_LIMIT_CAPACITY - 3);
    String testId = UUID.randomUUID().toString();
    assertOpenAiError(
        create("/v1/videos/video_2/remix", alice, null, Downstream.TEST_ID, testId),
        429,
        "rate_limit_exceeded");
    assertThat(GENERATION.seen(testId)).isNull();

    HttpResponse<String> character = create("/v1/videos/characters", alice, null);
    assertThat(character.statusCode()).isEqualTo(200);
    assertThat(character.headers().firstValue("X-Downstream")).hasValue("cameo-consent");
    assertThat(character.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
    // Other calls under /v1/videos stay unmetered.
    assertThat(create("/v1/videos/video_1/cancel", alice, null).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> create(
      String path, Session user, String idempotencyKey, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + user.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a ball\"}"));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  private static int remaining(HttpResponse<String> response) {
    return Integer.parseInt(
        response
            .headers()
            .firstValue("X-RateLimit-Remaining")
            .orElseThrow(() -> new AssertionError("not metered: " + response.body())));
  }
}
