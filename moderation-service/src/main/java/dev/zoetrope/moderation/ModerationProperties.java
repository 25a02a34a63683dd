package dev.zoetrope.moderation;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything moderation-service can be tuned with, under {@code zoetrope.moderation}.
 *
 * @param policy the prompt policy
 * @param output the output (clip) checks
 */
@ConfigurationProperties("zoetrope.moderation")
public record ModerationProperties(@DefaultValue Policy policy, @DefaultValue Output output) {

  /**
   * @param maxPromptChars longer prompts are refused with 400
   * @param categories terms per category; a category given here replaces the built-in list of the
   *     same name (an empty list switches it off), other names add categories
   */
  public record Policy(
      @DefaultValue("4000") int maxPromptChars,
      @DefaultValue Map<String, List<String>> categories) {}

  /**
   * @param maxClipBytes larger clips are blocked as malformed without decoding
   * @param maxClipDurationMs longer clips are blocked as malformed (nothing we make is longer)
   * @param maxVideoFrames decoding stops and blocks beyond this many frames
   * @param maxFrameWidthPx wider sources are blocked as malformed
   * @param maxFrameHeightPx taller sources are blocked as malformed
   * @param analysisWidthPx frames are scaled down to this width before measuring luminance
   * @param fetchTimeoutMs read timeout for fetching the clip from media-store
   * @param maxConcurrentChecks decodes running at once; more wait (CPU-bound work)
   * @param queueTimeoutMs how long a check waits for a slot before answering 503
   * @param flashMinDeltaLuminance smallest luminance swing that counts as a transition
   * @param flashDarkerBelowLuminance a transition counts only if its darker end is below this
   * @param maxFlashesPerWindow more flashes than this in one window block the clip
   * @param flashWindowMs the sliding window length
   */
  public record Output(
      @DefaultValue("104857600") long maxClipBytes,
      @DefaultValue("60000") long maxClipDurationMs,
      @DefaultValue("7200") int maxVideoFrames,
      @DefaultValue("4096") int maxFrameWidthPx,
      @DefaultValue("4096") int maxFrameHeightPx,
      @DefaultValue("160") int analysisWidthPx,
      @DefaultValue("30000") long fetchTimeoutMs,
      @DefaultValue("2") int maxConcurrentChecks,
      @DefaultValue("30000") long queueTimeoutMs,
      @DefaultValue("0.1") double flashMinDeltaLuminance,
      @DefaultValue("0.8") double flashDarkerBelowLuminance,
      @DefaultValue("3") int maxFlashesPerWindow,
      @DefaultValue("1000") long flashWindowMs) {}
}
