package dev.zoetrope.contracts.cameo;

import java.util.List;
import java.util.UUID;

/** cameo-consent-service's internal API (service tokens only). */
public final class CameoApi {
  public static final String USAGE_CHECKS = "/internal/cameo-checks";

  /** Stable error code for a clip that names a cameo its requester may not use. */
  public static final String DENIED_CODE = "cameo_permission_denied";

  private CameoApi() {}

  /** May {@code requesterId} put all of {@code cameoIds} in a clip right now? */
  public record UsageCheckRequest(UUID requesterId, List<UUID> cameoIds) {}

  /** Unknown and forbidden cameos are reported alike, so the check leaks nothing. */
  public record UsageCheckResult(boolean allowed, List<UUID> denied) {}
}
