package dev.zoetrope.contracts.feed;

import java.time.Instant;
import java.util.UUID;

/** Events produced by feed-service (see docs/events.md). */
public final class FeedEvents {
  /** Posts published to the feed; key = video id, so a video's posts stay ordered. */
  public static final String POSTS_TOPIC = "zoetrope.feed.posts";

  /**
   * Follow edges as they change; key = follower id, so the changes of one edge (and of everything
   * one user follows) stay ordered on one partition.
   */
  public static final String FOLLOWS_TOPIC = "zoetrope.feed.follows";

  private FeedEvents() {}

  /** A completed video was published; its content becomes visible to other signed-in users. */
  public record PostPublished(UUID postId, UUID videoId, UUID authorId, Instant publishedAt) {
    public static final String TYPE = "post.published";
    public static final int VERSION = 1;
  }

  /**
   * {@code followerId} started ({@code following} true) or stopped following {@code followeeId}.
   * Only changes are published; repeating a follow or an unfollow publishes nothing. Existing
   * follows were published once as {@code following = true, sequence = 1} when this event was
   * introduced.
   *
   * @param sequence grows by one with every change of this (follower, followee) pair; a consumer
   *     keeps the highest it applied and ignores anything not above it, so a redelivered or
   *     reordered older change can never bring back an edge that was removed
   * @param changedAt when the change committed, for information only: order by {@code sequence}
   */
  public record FollowChanged(
      UUID followerId, UUID followeeId, boolean following, long sequence, Instant changedAt) {
    public static final String TYPE = "follow.changed";
    public static final int VERSION = 1;
  }
}
