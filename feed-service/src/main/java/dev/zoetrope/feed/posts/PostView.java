package dev.zoetrope.feed.posts;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.feed.rules.PublicIds;
import java.time.Instant;

/** A post on the wire: as the author sees it right after publishing, and as anyone reads it. */
record PostView(
    String id,
    @JsonProperty("video_id") String videoId,
    @JsonProperty("author_id") String authorId,
    String caption,
    @JsonProperty("created_at") Instant createdAt) {

  static PostView of(Post post) {
    return new PostView(
        PublicIds.POST.format(post.id()),
        PublicIds.VIDEO.format(post.videoId()),
        post.authorId().toString(),
        post.caption(),
        post.createdAt());
  }
}
