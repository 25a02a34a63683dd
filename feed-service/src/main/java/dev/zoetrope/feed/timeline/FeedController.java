package dev.zoetrope.feed.timeline;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.feed.FeedProperties;
import dev.zoetrope.feed.posts.PostRepository;
import dev.zoetrope.feed.rules.PageCursor;
import dev.zoetrope.feed.web.Page;
import dev.zoetrope.feed.web.Paging;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The following feed: posts by the people I follow, and mine, newest first. */
@RestController
class FeedController {
  private final PostRepository posts;
  private final FeedProperties properties;

  FeedController(PostRepository posts, FeedProperties properties) {
    this.posts = posts;
    this.properties = properties;
  }

  @GetMapping("/api/feed")
  Page<FeedItem> feed(
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String after) {
    int size = Paging.limit(limit, properties);
    PageCursor cursor = Paging.after(after);
    return Paging.page(
        posts.following(CurrentUser.get().id(), cursor, size + 1),
        size,
        p -> new PageCursor(p.createdAt(), p.id()),
        FeedItem::of);
  }
}
