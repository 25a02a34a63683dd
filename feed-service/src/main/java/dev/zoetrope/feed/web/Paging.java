package dev.zoetrope.feed.web;

import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.feed.FeedProperties;
import dev.zoetrope.feed.rules.PageCursor;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpStatus;

/** Query parameters and response shape shared by the keyset-paginated lists. */
public final class Paging {
  private Paging() {}

  public static int limit(Integer requested, FeedProperties properties) {
    if (requested == null) {
      return properties.defaultPageSize();
    }
    if (requested < 1 || requested > properties.maxPageSize()) {
      throw ApiException.invalid(
          "limit", "limit must be between 1 and " + properties.maxPageSize());
    }
    return requested;
  }

  /** The decoded {@code after} parameter, or null for the first page. */
  public static PageCursor after(String after) {
    if (after == null) {
      return null;
    }
    return PageCursor.decode(after)
        .orElseThrow(
            () ->
                new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_cursor",
                    "after is not a valid cursor",
                    "after"));
  }

  /**
   * Turns up to {@code limit + 1} fetched rows into a page: the extra row only tells whether there
   * is a next page, whose cursor is the last row shown.
   */
  public static <R, T> Page<T> page(
      List<R> rows, int limit, Function<R, PageCursor> position, Function<R, T> view) {
    boolean more = rows.size() > limit;
    List<R> shown = more ? rows.subList(0, limit) : rows;
    String next = more ? position.apply(shown.getLast()).encode() : null;
    return new Page<>(shown.stream().map(view).toList(), next);
  }
}
