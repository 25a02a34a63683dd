package dev.zoetrope.generation.progress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The progress stream {@code GET /v1/videos/{id}/events} ({@code zoetrope.generation.progress.*}).
 *
 * @param pollIntervalMs how often the one shared poller reads the rows of all watched jobs
 * @param heartbeatIntervalMs a comment line is written after this much silence, so proxies keep the
 *     connection open and a vanished client is noticed
 * @param maxStreamsPerUser open streams one user may hold; more answer 429
 * @param maxStreams open streams this process holds in total; more answer 429
 * @param maxStreamMs a stream is closed after this long (clients reconnect); bounds how long one
 *     request can hold a slot
 */
@ConfigurationProperties("zoetrope.generation.progress")
public record ProgressProperties(
    @DefaultValue("250") long pollIntervalMs,
    @DefaultValue("15000") long heartbeatIntervalMs,
    @DefaultValue("5") int maxStreamsPerUser,
    @DefaultValue("1000") int maxStreams,
    @DefaultValue("3600000") long maxStreamMs) {

  public ProgressProperties {
    if (pollIntervalMs < 10 || heartbeatIntervalMs < 100 || maxStreamMs < 1000) {
      throw new IllegalArgumentException("zoetrope.generation.progress intervals are too small");
    }
    if (maxStreamsPerUser < 1 || maxStreams < 1) {
      throw new IllegalArgumentException("zoetrope.generation.progress stream caps must be >= 1");
    }
  }
}
