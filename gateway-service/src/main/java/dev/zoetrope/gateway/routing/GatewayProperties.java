package dev.zoetrope.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits the gateway enforces on client traffic ({@code zoetrope.gateway.*}).
 *
 * @param maxBodyBytes largest request body on ordinary endpoints
 * @param maxUploadBodyBytes largest request body on the upload paths ({@code /v1/videos}, {@code
 *     /v1/videos/characters}, {@code /api/cameos}), which carry reference images and cameo
 *     recordings
 * @param rateLimit the per-user token bucket on the job-creating calls ({@code POST /v1/videos},
 *     {@code /v1/videos/{id}/remix}, {@code /v1/videos/edits}, {@code /v1/videos/extensions})
 */
@ConfigurationProperties("zoetrope.gateway")
public record GatewayProperties(
    @DefaultValue("1048576") long maxBodyBytes,
    @DefaultValue("62914560") long maxUploadBodyBytes,
    @DefaultValue RateLimit rateLimit) {

  /**
   * @param capacity burst size: requests a user may make at once
   * @param refillPerSecond tokens added per second (0.2 = one video every five seconds)
   * @param redisTimeoutMs how long a request waits for Redis before failing open
   * @param idempotencyWindowSeconds how long a repeat of an {@code Idempotency-Key} that already
   *     got a 2xx is let through without a token. Must not exceed generation-service's {@code
   *     zoetrope.generation.idempotency-key-ttl-hours} (24 h): past that window the repeat would
   *     create a new job. 0 charges every request.
   */
  public record RateLimit(
      @DefaultValue("20") int capacity,
      @DefaultValue("0.2") double refillPerSecond,
      @DefaultValue("500") long redisTimeoutMs,
      @DefaultValue("86400") long idempotencyWindowSeconds) {
    public RateLimit {
      if (capacity < 1 || refillPerSecond <= 0 || idempotencyWindowSeconds < 0) {
        throw new IllegalArgumentException(
            "zoetrope.gateway.rate-limit needs capacity >= 1, refill-per-second > 0 and"
                + " idempotency-window-seconds >= 0");
      }
    }
  }
}
