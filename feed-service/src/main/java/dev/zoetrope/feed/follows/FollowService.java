package dev.zoetrope.feed.follows;

import dev.zoetrope.common.web.ApiException;
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
  private final int maxFollows;

  FollowService(FollowRepository follows, FeedProperties properties) {
    this.follows = follows;
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
    }
  }

  @Transactional
  void unfollow(UUID follower, UUID followee) {
    follows.delete(follower, followee);
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
