package dev.zoetrope.generation.webhooks;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhooks ({@code zoetrope.generation.webhooks.*}).
 *
 * @param dispatcherEnabled send due deliveries from this process (any number of processes may; they
 *     claim rows with SKIP LOCKED)
 * @param allowPrivateTargets allow endpoints on loopback, private, link-local and other internal
 *     addresses; only for tests and a local dev stack, never in production (SSRF)
 * @param maxEndpointsPerUser endpoints one user may register
 * @param attemptTimeoutMs one delivery attempt, connect to answer
 * @param retryDelaysMs wait before each retry of a failed attempt; when they are used up the
 *     delivery is marked failed
 * @param concurrency deliveries in flight at once in this process
 * @param pollIntervalMs how often the dispatcher looks for due deliveries
 */
@ConfigurationProperties("zoetrope.generation.webhooks")
public record WebhookProperties(
    @DefaultValue("true") boolean dispatcherEnabled,
    @DefaultValue("false") boolean allowPrivateTargets,
    @DefaultValue("10") int maxEndpointsPerUser,
    @DefaultValue("10000") long attemptTimeoutMs,
    @DefaultValue({"5000", "30000", "120000", "600000", "3600000"}) List<Long> retryDelaysMs,
    @DefaultValue("8") int concurrency,
    @DefaultValue("1000") long pollIntervalMs) {

  public WebhookProperties {
    retryDelaysMs = List.copyOf(retryDelaysMs);
    if (maxEndpointsPerUser < 1 || concurrency < 1) {
      throw new IllegalArgumentException(
          "zoetrope.generation.webhooks max-endpoints-per-user and concurrency must be >= 1");
    }
    if (attemptTimeoutMs < 100 || pollIntervalMs < 10) {
      throw new IllegalArgumentException("zoetrope.generation.webhooks intervals are too small");
    }
    if (retryDelaysMs.stream().anyMatch(d -> d == null || d < 0)) {
      throw new IllegalArgumentException(
          "zoetrope.generation.webhooks.retry-delays-ms must be >= 0");
    }
  }
}
