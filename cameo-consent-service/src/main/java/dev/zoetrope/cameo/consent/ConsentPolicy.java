package dev.zoetrope.cameo.consent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides whether someone may use a cameo. Deny by default: an unknown cameo, a revoked one, or a
 * permission this service cannot check yet all answer no, and the caller cannot tell them apart.
 */
public final class ConsentPolicy {
  private ConsentPolicy() {}

  /**
   * What the policy needs to know about one cameo.
   *
   * @param requesterApproved whether the requester is on the cameo's approved list
   */
  public record Facts(
      UUID ownerId, Permission permission, CameoStatus status, boolean requesterApproved) {}

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
      // Needs the follow graph, which feed-service owns; until it is wired in, mutuals is
      // denied rather than guessed.
      case MUTUALS -> false;
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
