package dev.zoetrope.contracts.generation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Events produced by generation-service. Topic names, event types and versions live here and only
 * here; consumers depend on these records (see docs/events.md).
 */
public final class GenerationEvents {
  /** Work queue for the DJL workers; key = video id. */
  public static final String JOBS_TOPIC = "zoetrope.generation.jobs";

  /** Lifecycle facts about videos; key = video id. */
  public static final String VIDEOS_TOPIC = "zoetrope.generation.videos";

  /**
   * Prompt decisions made in-process on moderation's policy (ADR 0009), for moderation-service to
   * keep with every other decision; key = subject (video) id.
   */
  public static final String PROMPT_CHECKS_TOPIC = "zoetrope.generation.prompt-checks";

  private GenerationEvents() {}

  /**
   * A prompt was judged on moderation's policy {@code policyVersion}; written in the transaction
   * that records its outcome (the queued job, or the failed one a block makes), so every decision a
   * client saw the effect of is kept, and none that it did not.
   *
   * @param decisionId the decision's id in moderation's audit trail
   * @param subjectId what was judged: the video id
   * @param category the blocking category, null when allowed
   * @param matchedRule the policy term that matched, for reviewers; null when allowed
   * @param textSha256 SHA-256 of the normalized prompt: the trail proves which text was judged
   *     without holding it
   */
  public record PromptChecked(
      UUID decisionId,
      UUID userId,
      String subjectId,
      boolean allowed,
      String category,
      String reason,
      String matchedRule,
      String textSha256,
      String policyVersion,
      Instant checkedAt) {
    public static final String TYPE = "prompt.checked";
    public static final int VERSION = 1;
  }

  /** A job ready to render. {@code attempt} counts redeliveries after a worker died. */
  public record JobRequested(
      UUID videoId,
      UUID ownerId,
      String model,
      String prompt,
      int seconds,
      String size,
      List<UUID> cameoIds,
      long seed,
      int attempt) {
    public static final String TYPE = "generation.job.requested";
    public static final int VERSION = 1;
  }

  /** A clip finished, passed the output check and is stored as {@code assetId}. */
  public record VideoCompleted(
      UUID videoId,
      UUID ownerId,
      UUID assetId,
      String model,
      int seconds,
      String size,
      List<UUID> cameoIds,
      Instant completedAt) {
    public static final String TYPE = "video.completed";
    public static final int VERSION = 1;
  }

  /** A job ended without a clip; {@code code} is the stable error code shown to the client. */
  public record VideoFailed(UUID videoId, UUID ownerId, String code, String message) {
    public static final String TYPE = "video.failed";
    public static final int VERSION = 1;
  }

  /**
   * A video was deleted by its owner: its row is tombstoned (the id is never reused) and its stored
   * assets are gone. An active job is first ended with a {@link VideoFailed} of code {@code
   * cancelled}.
   */
  public record VideoDeleted(UUID videoId, UUID ownerId, Instant deletedAt) {
    public static final String TYPE = "video.deleted";
    public static final int VERSION = 1;
  }
}
