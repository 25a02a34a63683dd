package dev.zoetrope.generation.queue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fair queue ({@code zoetrope.generation.queue.*}); see docs/adr/0005.
 *
 * @param schedulerEnabled run a scheduler candidate in this process (one instance is active at a
 *     time, whatever the number of candidates)
 * @param tickIntervalMs how often the active scheduler dispatches, expires leases and recomputes
 *     queue positions (also woken at once by a create in this process)
 * @param proWeight pro jobs dispatched per free job while both classes wait
 * @param maxDispatchedPerUser most dispatched-or-running jobs of one user
 * @param leaseMs how long a worker's claim on a running job lasts without a heartbeat
 * @param heartbeatIntervalMs how often a worker renews its leases and its presence
 * @param workerTtlMs a worker not seen for this long adds no capacity
 * @param dispatchTimeoutMs a dispatched job not started after this long is dispatched again
 * @param scarcityPolicy what a free request meets when the backlog is too long
 * @param scarcityThresholdSeconds the ETA of a new free job above which the policy applies
 * @param defaultRenderMsPerSecond render time per clip-second assumed for a model with no recent
 *     renders
 * @param renderSamples recent renders per model the ETA's moving average uses
 * @param maxPlannedJobs most queued jobs one tick orders (the rest keep their FIFO position)
 */
@ConfigurationProperties("zoetrope.generation.queue")
public record QueueProperties(
    @DefaultValue("true") boolean schedulerEnabled,
    @DefaultValue("200") long tickIntervalMs,
    @DefaultValue("3") int proWeight,
    @DefaultValue("2") int maxDispatchedPerUser,
    @DefaultValue("30000") long leaseMs,
    @DefaultValue("5000") long heartbeatIntervalMs,
    @DefaultValue("15000") long workerTtlMs,
    @DefaultValue("600000") long dispatchTimeoutMs,
    @DefaultValue("accept") ScarcityPolicy scarcityPolicy,
    @DefaultValue("1800") long scarcityThresholdSeconds,
    @DefaultValue("15000") long defaultRenderMsPerSecond,
    @DefaultValue("20") int renderSamples,
    @DefaultValue("5000") int maxPlannedJobs) {

  public enum ScarcityPolicy {
    /** Free requests answer 429 queue_full with Retry-After. */
    REFUSE,
    /** Free requests are queued and shown their (long) ETA. */
    ACCEPT
  }

  public QueueProperties {
    if (tickIntervalMs < 10
        || proWeight < 1
        || maxDispatchedPerUser < 1
        || heartbeatIntervalMs < 10
        || leaseMs <= heartbeatIntervalMs
        || workerTtlMs <= heartbeatIntervalMs
        || dispatchTimeoutMs < 1000
        || scarcityThresholdSeconds < 0
        || defaultRenderMsPerSecond < 1
        || renderSamples < 1
        || maxPlannedJobs < 1) {
      throw new IllegalArgumentException(
          "zoetrope.generation.queue: intervals must be positive, lease-ms and worker-ttl-ms"
              + " must exceed heartbeat-interval-ms, weights and caps must be >= 1");
    }
  }
}
