package dev.zoetrope.feed.posts;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.PostPublished;
import dev.zoetrope.feed.rules.PublishRules;
import dev.zoetrope.feed.videos.CompletedVideo;
import dev.zoetrope.feed.videos.VideoRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class PostService {
  private final VideoRepository videos;
  private final PostRepository posts;
  private final Outbox outbox;
  private final Clock clock = Clock.systemUTC();

  PostService(VideoRepository videos, PostRepository posts, Outbox outbox) {
    this.videos = videos;
    this.posts = posts;
    this.outbox = outbox;
  }

  Optional<Post> find(UUID id) {
    return posts.find(id);
  }

  /** Publishes {@code videoId}; the post and its {@code post.published} event commit together. */
  @Transactional
  Post publish(UUID author, UUID videoId, String caption) {
    Optional<CompletedVideo> video = videos.find(videoId);
    if (video.isEmpty() && videos.deleted(videoId)) {
      throw ApiException.notFound("video");
    }
    PublishRules.check(author, video.map(CompletedVideo::ownerId))
        .ifPresent(
            refusal -> {
              throw switch (refusal) {
                case NOT_READY ->
                    new ApiException(
                        HttpStatus.CONFLICT,
                        "video_not_ready",
                        "the video has not completed yet; retry shortly",
                        "video_id");
                case NOT_YOURS -> ApiException.notFound("video");
              };
            });
    // Microseconds: what the database stores, so the response, the cursor and the row agree.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Post post = new Post(UUID.randomUUID(), videoId, author, caption, now);
    boolean inserted;
    try {
      inserted = posts.insert(post);
    } catch (DataIntegrityViolationException e) {
      // video.deleted removed the video between the check above and the insert.
      throw ApiException.notFound("video");
    }
    if (!inserted) {
      throw new ApiException(
          HttpStatus.CONFLICT, "already_published", "this video is already published", "video_id");
    }
    outbox.append(
        FeedEvents.POSTS_TOPIC,
        EventEnvelope.of(
            PostPublished.TYPE,
            PostPublished.VERSION,
            videoId.toString(),
            new PostPublished(post.id(), videoId, author, now)));
    return post;
  }
}
