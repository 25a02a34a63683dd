package dev.zoetrope.cameo.consent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides whether someone may use a cameo. Deny by default: an unknown cameo, a revoked one, or a
 * permission the requester does not meet all answer no, and the caller cannot tell them apart.
 */
public final class ConsentPolicy {
  private ConsentPolicy() {}

  /**
   * What the policy needs to know about one cameo.
   *
   * @param requesterApproved whether the requester is on the cameo's approved list
   * @param mutualFollows whether the owner follows the requester and the requester follows the
   *     owner, as far as feed-service's follow events have arrived
   */
  public record Facts(
      UUID ownerId,
      Permission permission,
      CameoStatus status,
      boolean requesterApproved,
      boolean mutualFollows) {}

  public static boolean mayUse(Facts cameo, UUID requester) {
    if (cameo == null || requester == null || cameo.status() != CameoStatus.ACTIVE) {
      return false;
    }
    if (cameo.ownerId().equals(requester)) {
      return true;
    }
    return switch (cameo.permission()) {
      case EVERYONE -> true;
      case APPROVED -> cameo.requesterApproved();
      // Both directions: one-sided following is something anyone can do to anyone.
      case MUTUALS -> cameo.mutualFollows();
      case ONLY_ME -> false;
    };
  }

  /** The requested ids the requester may not use, in request order, without duplicates. */
  public static List<UUID> denied(List<UUID> requested, Map<UUID, Facts> known, UUID requester) {
    List<UUID> denied = new ArrayList<>();
    for (UUID id : new LinkedHashSet<>(requested)) {
      if (!mayUse(known.get(id), requester)) {
        denied.add(id);
      }
    }
    return denied;
  }
}
