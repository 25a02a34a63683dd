package dev.zoetrope.feed.rules;

import java.util.Optional;
import java.util.UUID;

/** Who may follow whom. */
public final class FollowRules {
  /** Why {@code follower} may not start following {@code followee}, if they may not. */
  public enum Refusal {
    SELF,
    LIMIT_REACHED
  }

  private FollowRules() {}

  /**
   * @param alreadyFollowing following again is a no-op, so it never counts against the limit
   * @param currentCount how many users {@code follower} follows now
   */
  public static Optional<Refusal> check(
      UUID follower, UUID followee, boolean alreadyFollowing, long currentCount, int max) {
    if (follower.equals(followee)) {
      return Optional.of(Refusal.SELF);
    }
    if (!alreadyFollowing && currentCount >= max) {
      return Optional.of(Refusal.LIMIT_REACHED);
    }
    return Optional.empty();
  }
}
