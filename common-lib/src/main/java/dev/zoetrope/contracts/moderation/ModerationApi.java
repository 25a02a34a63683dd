package dev.zoetrope.contracts.moderation;

import java.util.UUID;

/** moderation-service's internal API (service tokens only). */
public final class ModerationApi {
  public static final String PROMPT_CHECKS = "/internal/prompt-checks";
  public static final String OUTPUT_CHECKS = "/internal/output-checks";

  /** Stable error code for a job refused by moderation. */
  public static final String BLOCKED_CODE = "moderation_blocked";

  private ModerationApi() {}

  public record PromptCheckRequest(UUID userId, String subjectId, String prompt) {}

  /** The verdict; {@code category} names the policy rule that blocked it, or null. */
  public record Verdict(UUID decisionId, boolean allowed, String category, String reason) {}

  /** Checks a finished clip (fetched from media-store by asset id) before it becomes visible. */
  public record OutputCheckRequest(UUID userId, UUID videoId, UUID assetId, String prompt) {}
}
