package dev.zoetrope.feed.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of a list; {@code next_cursor} is null on the last page. */
public record Page<T>(List<T> data, @JsonProperty("next_cursor") String nextCursor) {}
