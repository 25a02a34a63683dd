package dev.zoetrope.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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

    HttpResponse<String> limited = postJson("/v1/videos", alice.token(), "{\"prompt\":\"a ball\"}");
    assertOpenAiError(limited, 429, "rate_limit_exceeded");
    assertThat(json(limited).get("error").get("type").asString()).isEqualTo("rate_limit_error");
    String retryAfter = limited.headers().firstValue("Retry-After").orElseThrow();
    assertThat(retryAfter).matches("\\d+");
    assertThat(Integer.parseInt(retryAfter)).isBetween(1, 5); // refill 0.2/s: one token in <= 5 s
    assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");

    // Reads are not metered, and other users have their own bucket.
    assertThat(get("/v1/videos", alice.token()).statusCode()).isEqualTo(200);
    Session bob = signUp();
    assertThat(postJson("/v1/videos", bob.token(), "{\"prompt\":\"a ball\"}").statusCode())
        .isEqualTo(200);
  }
}
