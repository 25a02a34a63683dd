package dev.zoetrope.feed.posts;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.feed.FeedProperties;
import dev.zoetrope.feed.rules.Captions;
import dev.zoetrope.feed.rules.PublicIds;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PostController {
  private final PostService posts;
  private final FeedProperties properties;

  PostController(PostService posts, FeedProperties properties) {
    this.posts = posts;
    this.properties = properties;
  }

  /** Any signed-in user may read a post (posts are what the feed shows); a deleted one is 404. */
  @GetMapping("/api/posts/{id}")
  PostView get(@PathVariable("id") String id) {
    return PublicIds.POST
        .parse(id)
        .flatMap(posts::find)
        .map(PostView::of)
        .orElseThrow(() -> ApiException.notFound("post"));
  }

  @PostMapping("/api/posts")
  @ResponseStatus(HttpStatus.CREATED)
  PostView create(@RequestBody CreatePostRequest request) {
    UUID author = CurrentUser.get().id();
    UUID videoId =
        PublicIds.VIDEO
            .parse(request.videoId())
            .orElseThrow(
                () -> ApiException.invalid("video_id", "video_id must be video_<32 hex digits>"));
    String caption = request.caption() == null ? "" : request.caption();
    Captions.problem(caption, properties.maxCaptionChars())
        .ifPresent(
            message -> {
              throw ApiException.invalid("caption", message);
            });
    return PostView.of(posts.publish(author, videoId, caption));
  }
}
