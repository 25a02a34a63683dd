package dev.zoetrope.feed.follows;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.FollowChanged;
import dev.zoetrope.feed.FeedProperties;
import dev.zoetrope.feed.rules.FollowRules;
import dev.zoetrope.feed.rules.PageCursor;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class FollowService {
  private final FollowRepository follows;
  private final Outbox outbox;
  private final int maxFollows;

  FollowService(FollowRepository follows, Outbox outbox, FeedProperties properties) {
    this.follows = follows;
    this.outbox = outbox;
    this.maxFollows = properties.maxFollows();
  }

  /** Idempotent: following someone already followed changes nothing. */
  @Transactional
  void follow(UUID follower, UUID followee) {
    if (follower.equals(followee)) {
      throw refusal(FollowRules.Refusal.SELF);
    }
    follows.lockFollower(follower);
    boolean already = follows.exists(follower, followee);
    long count = already ? 0 : follows.count(follower);
    FollowRules.check(follower, followee, already, count, maxFollows)
        .ifPresent(
            r -> {
              throw refusal(r);
            });
    if (!already) {
      follows.insert(follower, followee);
      changed(follower, followee, true);
    }
  }

  /** Idempotent: unfollowing someone not followed changes nothing and publishes nothing. */
  @Transactional
  void unfollow(UUID follower, UUID followee) {
    // The same lock as follow, so a pair's changes commit in the order of their sequence numbers.
    follows.lockFollower(follower);
    if (follows.delete(follower, followee)) {
      changed(follower, followee, false);
    }
  }

  /**
   * Publishes the change with the edge, in its transaction: cameo-consent decides {@code mutuals}
   * from these events and stops renders when an edge goes away.
   */
  private void changed(UUID follower, UUID followee, boolean following) {
    FollowRepository.Change change = follows.nextChange(follower, followee);
    outbox.append(
        FeedEvents.FOLLOWS_TOPIC,
        EventEnvelope.of(
            FollowChanged.TYPE,
            FollowChanged.VERSION,
            follower.toString(),
            new FollowChanged(
                follower, followee, following, change.sequence(), change.changedAt())));
  }

  @Transactional(readOnly = true)
  List<Follow> page(UUID follower, PageCursor after, int limit) {
    return follows.page(follower, after, limit);
  }

  private ApiException refusal(FollowRules.Refusal refusal) {
    return switch (refusal) {
      case SELF ->
          new ApiException(
              HttpStatus.BAD_REQUEST,
              "cannot_follow_self",
              "you cannot follow yourself",
              "user_id");
      case LIMIT_REACHED ->
          new ApiException(
              HttpStatus.CONFLICT,
              "follow_limit_reached",
              "you can follow at most " + maxFollows + " users");
    };
  }
}
