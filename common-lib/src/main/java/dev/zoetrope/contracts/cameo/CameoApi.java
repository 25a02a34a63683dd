package dev.zoetrope.contracts.cameo;

import java.util.List;
import java.util.UUID;

/** cameo-consent-service's internal API (service tokens only). */
public final class CameoApi {
  public static final String USAGE_CHECKS = "/internal/cameo-checks";

  /** Stable error code for a clip that names a cameo its requester may not use. */
  public static final String DENIED_CODE = "cameo_permission_denied";

  /**
   * GET: one cameo's recording (MP4 with video and audio, {@link #RECORDING_MEDIA_TYPE}), for the
   * generation worker to derive the subject's look and voice at render time. Answers only if the
   * requester may use the cameo right now (same rule as {@link #USAGE_CHECKS}); otherwise 404 with
   * {@link #DENIED_CODE}, alike for unknown, revoked and forbidden cameos. {@code Content-Length}
   * is set; the {@code ETag} is the recording's SHA-256 in quotes, stable for the cameo's life.
   */
  public static final String RECORDING = "/internal/cameos/{cameoId}/recording";

  /** Query parameter of {@link #RECORDING}: the user the clip is rendered for (a UUID). */
  public static final String RECORDING_REQUESTER_PARAM = "requesterId";

  public static final String RECORDING_MEDIA_TYPE = "video/mp4";

  private CameoApi() {}

  /** May {@code requesterId} put all of {@code cameoIds} in a clip right now? */
  public record UsageCheckRequest(UUID requesterId, List<UUID> cameoIds) {}

  /** Unknown and forbidden cameos are reported alike, so the check leaks nothing. */
  public record UsageCheckResult(boolean allowed, List<UUID> denied) {}
}
