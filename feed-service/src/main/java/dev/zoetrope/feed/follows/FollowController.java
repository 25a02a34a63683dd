package dev.zoetrope.feed.follows;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.feed.FeedProperties;
import dev.zoetrope.feed.rules.PageCursor;
import dev.zoetrope.feed.web.Page;
import dev.zoetrope.feed.web.Paging;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/follows")
class FollowController {
  private final FollowService follows;
  private final FeedProperties properties;

  FollowController(FollowService follows, FeedProperties properties) {
    this.follows = follows;
    this.properties = properties;
  }

  @PutMapping("/{userId}")
  ResponseEntity<Void> follow(@PathVariable UUID userId) {
    follows.follow(CurrentUser.get().id(), userId);
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{userId}")
  ResponseEntity<Void> unfollow(@PathVariable UUID userId) {
    follows.unfollow(CurrentUser.get().id(), userId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping
  Page<Follow> following(
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String after) {
    int size = Paging.limit(limit, properties);
    PageCursor cursor = Paging.after(after);
    return Paging.page(
        follows.page(CurrentUser.get().id(), cursor, size + 1),
        size,
        f -> new PageCursor(f.followedAt(), f.userId()),
        f -> f);
  }
}
