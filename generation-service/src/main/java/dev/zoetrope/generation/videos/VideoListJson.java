package dev.zoetrope.generation.videos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI's cursor page: pass {@code last_id} as {@code after} to get the next one. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VideoListJson(
    String object,
    List<VideoJson> data,
    @JsonProperty("first_id") String firstId,
    @JsonProperty("last_id") String lastId,
    @JsonProperty("has_more") boolean hasMore) {}
