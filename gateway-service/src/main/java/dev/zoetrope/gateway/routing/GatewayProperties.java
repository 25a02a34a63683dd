package dev.zoetrope.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits the gateway enforces on client traffic ({@code zoetrope.gateway.*}).
 *
 * @param maxBodyBytes largest request body on ordinary endpoints
 * @param maxUploadBodyBytes largest request body on the upload paths ({@code /v1/videos}, {@code
 *     /api/cameos}), which carry reference images and cameo recordings
 * @param rateLimit the per-user token bucket on {@code POST /v1/videos}
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
   */
  public record RateLimit(
      @DefaultValue("20") int capacity,
      @DefaultValue("0.2") double refillPerSecond,
      @DefaultValue("500") long redisTimeoutMs) {
    public RateLimit {
      if (capacity < 1 || refillPerSecond <= 0) {
        throw new IllegalArgumentException(
            "zoetrope.gateway.rate-limit needs capacity >= 1 and refill-per-second > 0");
      }
    }
  }
}
