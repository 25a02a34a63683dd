package dev.zoetrope.generation;

import dev.zoetrope.generation.videos.domain.Models;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything generation-service can be tuned with ({@code zoetrope.generation.*}). Peer base URLs
 * live under {@code zoetrope.peers.*} (see {@link dev.zoetrope.generation.peers.PeerProperties}).
 *
 * @param modelAliases extra model names accepted on create, mapped to a canonical model; merged
 *     over the built-in sora-2 / sora-2-pro aliases
 * @param pollAfterMs value of the {@code openai-poll-after-ms} header on jobs that are not final
 * @param promptMaxChars longest prompt, in code points after NFKC normalization and trimming
 * @param maxCameos most cameos one clip may name
 * @param maxActiveJobsPerUser most queued or running jobs one user may have; more answer 429
 * @param inputReferenceMaxBytes largest accepted {@code input_reference} image
 * @param editUploadMaxBytes largest video accepted by {@code POST /v1/videos/edits} as an upload
 * @param peerTimeoutMs read timeout for fetching the prompt policy and for cameo-consent calls
 * @param promptPolicyRefreshSeconds how old the in-process copy of moderation's prompt policy may
 *     grow before a create fetches a fresh one in the background (ADR 0009): how long a policy
 *     change can take to reach this instance
 * @param outputCheckTimeoutMs read timeout for an output check (moderation fetches and decodes the
 *     whole clip)
 * @param uploadTimeoutMs read timeout for storing a clip in media-store
 * @param idempotencyKeyTtlHours how long an {@code Idempotency-Key} of {@code POST /v1/videos} is
 *     remembered; a key older than this creates a new job
 * @param idempotencyPendingTimeoutMs how long a duplicate waits for the first request with its key,
 *     and after which a first request that never finished (its process died) is taken over
 * @param topics partitions and replication of the topics this service produces
 * @param worker the Kafka-driven render worker
 */
@ConfigurationProperties("zoetrope.generation")
public record GenerationProperties(
    Map<String, String> modelAliases,
    @DefaultValue("1000") long pollAfterMs,
    @DefaultValue("4000") int promptMaxChars,
    @DefaultValue("3") int maxCameos,
    @DefaultValue("10") int maxActiveJobsPerUser,
    @DefaultValue("10485760") long inputReferenceMaxBytes,
    @DefaultValue("52428800") long editUploadMaxBytes,
    @DefaultValue("5000") long peerTimeoutMs,
    @DefaultValue("30") int promptPolicyRefreshSeconds,
    @DefaultValue("60000") long outputCheckTimeoutMs,
    @DefaultValue("60000") long uploadTimeoutMs,
    @DefaultValue("24") int idempotencyKeyTtlHours,
    @DefaultValue("30000") long idempotencyPendingTimeoutMs,
    @DefaultValue Topics topics,
    @DefaultValue Worker worker) {

  private static final Map<String, String> DEFAULT_ALIASES =
      Map.of("sora-2", Models.ZOETROPE_1, "sora-2-pro", Models.ZOETROPE_1_PRO);

  public GenerationProperties {
    Map<String, String> merged = new LinkedHashMap<>(DEFAULT_ALIASES);
    if (modelAliases != null) {
      merged.putAll(modelAliases);
    }
    merged.forEach(
        (alias, target) -> {
          if (!Models.CANONICAL.contains(target)) {
            // Fail at startup rather than accept jobs for a model no worker can render.
            throw new IllegalArgumentException(
                "zoetrope.generation.model-aliases." + alias + " -> unknown model " + target);
          }
        });
    modelAliases = Map.copyOf(merged);
    require(pollAfterMs >= 0, "poll-after-ms must be >= 0");
    require(promptMaxChars >= 1, "prompt-max-chars must be >= 1");
    require(maxCameos >= 0, "max-cameos must be >= 0");
    require(maxActiveJobsPerUser >= 1, "max-active-jobs-per-user must be >= 1");
    require(inputReferenceMaxBytes > 0, "input-reference-max-bytes must be > 0");
    require(promptPolicyRefreshSeconds >= 1, "prompt-policy-refresh-seconds must be >= 1");
    require(idempotencyKeyTtlHours >= 1, "idempotency-key-ttl-hours must be >= 1");
    require(idempotencyPendingTimeoutMs > 0, "idempotency-pending-timeout-ms must be > 0");
    require(
        peerTimeoutMs > 0 && outputCheckTimeoutMs > 0 && uploadTimeoutMs > 0,
        "peer timeouts must be > 0");
  }

  public Models models() {
    return new Models(modelAliases);
  }

  /**
   * @param jobsPartitions partitions of the jobs topic: the most listener threads that can render
   *     at once across all workers
   * @param videosPartitions partitions of the video lifecycle topic
   * @param promptChecksPartitions partitions of the prompt decisions topic moderation consumes
   * @param replicationFactor replicas of each topic (1 for a single dev broker)
   */
  public record Topics(
      @DefaultValue("3") int jobsPartitions,
      @DefaultValue("3") int videosPartitions,
      @DefaultValue("3") int promptChecksPartitions,
      @DefaultValue("1") short replicationFactor) {}

  /**
   * @param enabled run the Kafka render worker in this process (an API-only process sets false)
   * @param concurrency listener threads, each rendering one job at a time
   * @param maxPollIntervalMs how long one job may take before Kafka hands its partition to another
   *     worker; must exceed the slowest render
   * @param progressStepPercent write progress to the database only when it moved this much
   * @param maxAttempts deliveries of one job (a worker that died mid-render) before it fails
   * @param peerRetries extra tries of a failing peer call before the job fails
   * @param peerRetryBackoffMs wait before the first retry; doubles each time
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1") int concurrency,
      @DefaultValue("900000") long maxPollIntervalMs,
      @DefaultValue("5") int progressStepPercent,
      @DefaultValue("3") int maxAttempts,
      @DefaultValue("2") int peerRetries,
      @DefaultValue("500") long peerRetryBackoffMs,
      @DefaultValue("true") boolean finishOffSlot) {
    public Worker {
      require(concurrency >= 1, "worker.concurrency must be >= 1");
      require(progressStepPercent >= 1, "worker.progress-step-percent must be >= 1");
      require(maxAttempts >= 1, "worker.max-attempts must be >= 1");
      require(peerRetries >= 0 && peerRetryBackoffMs >= 0, "worker peer retries must be >= 0");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("zoetrope.generation." + message);
    }
  }
}
