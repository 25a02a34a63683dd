package dev.zoetrope.contracts.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** moderation-service's internal API (service tokens only). */
public final class ModerationApi {
  /**
   * The prompt policy in force, for services that screen prompts in-process (ADR 0009) and record
   * each decision through their outbox ({@code prompt.checked}).
   */
  public static final String PROMPT_POLICY = "/internal/prompt-policy";

  public static final String OUTPUT_CHECKS = "/internal/output-checks";

  /** Stable error code for a job refused by moderation. */
  public static final String BLOCKED_CODE = "moderation_blocked";

  private ModerationApi() {}

  /**
   * The prompt policy: terms per category in the order they are tried ({@code
   * dev.zoetrope.common.policy.PromptPolicy}), and the version that names them.
   */
  public record PromptPolicySnapshot(String version, Map<String, List<String>> categories) {}

  /** The verdict; {@code category} names the policy rule that blocked it, or null. */
  public record Verdict(UUID decisionId, boolean allowed, String category, String reason) {}

  /**
   * Checks a finished clip before it becomes visible. Without {@code measurements} moderation
   * fetches the clip from media-store by asset id and decodes it; with them it judges the measured
   * frames instead (ADR 0007) and records the decision against {@code assetId} all the same.
   *
   * @param measurements what the producer of the clip measured while encoding it; optional, and
   *     left out of the JSON when absent so a moderation-service that predates it still reads it
   */
  public record OutputCheckRequest(
      UUID userId,
      UUID videoId,
      UUID assetId,
      String prompt,
      @JsonInclude(JsonInclude.Include.NON_NULL) ClipMeasurements measurements) {

    /** A check by asset id alone: moderation decodes the clip itself. */
    public OutputCheckRequest(UUID userId, UUID videoId, UUID assetId, String prompt) {
      this(userId, videoId, assetId, prompt, null);
    }
  }

  /**
   * The facts an output check needs, measured on the exact frames that were encoded into the MP4.
   *
   * @param mp4Sha256 hex SHA-256 of the MP4 bytes stored as the asset
   * @param videoStreams video streams written (one for anything we publish)
   * @param audioStreams audio streams written
   * @param width frame width in pixels
   * @param height frame height in pixels
   * @param frameTimestampsMicros presentation time of each video frame, non-decreasing
   * @param frameLuminance mean relative luminance (WCAG 2.x, 0..1) of each video frame as encoded,
   *     letterbox bars included
   */
  public record ClipMeasurements(
      String mp4Sha256,
      int videoStreams,
      int audioStreams,
      int width,
      int height,
      long[] frameTimestampsMicros,
      double[] frameLuminance) {}
}
