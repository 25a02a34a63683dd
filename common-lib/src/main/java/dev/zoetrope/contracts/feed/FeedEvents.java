package dev.zoetrope.contracts.feed;

import java.time.Instant;
import java.util.UUID;

/** Events produced by feed-service (see docs/events.md). */
public final class FeedEvents {
  /** Posts published to the feed; key = video id, so a video's posts stay ordered. */
  public static final String POSTS_TOPIC = "zoetrope.feed.posts";

  private FeedEvents() {}

  /** A completed video was published; its content becomes visible to other signed-in users. */
  public record PostPublished(UUID postId, UUID videoId, UUID authorId, Instant publishedAt) {
    public static final String TYPE = "post.published";
    public static final int VERSION = 1;
  }
}
