package dev.zoetrope.feed.timeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.feed.posts.Post;
import dev.zoetrope.feed.rules.PublicIds;
import java.time.Instant;

/** A post in someone's feed, with where its video can be fetched (through the gateway). */
record FeedItem(
    String id,
    @JsonProperty("video_id") String videoId,
    @JsonProperty("author_id") String authorId,
    String caption,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("content_url") String contentUrl) {

  static FeedItem of(Post post) {
    String videoId = PublicIds.VIDEO.format(post.videoId());
    return new FeedItem(
        PublicIds.POST.format(post.id()),
        videoId,
        post.authorId().toString(),
        post.caption(),
        post.createdAt(),
        "/v1/videos/" + videoId + "/content");
  }
}
