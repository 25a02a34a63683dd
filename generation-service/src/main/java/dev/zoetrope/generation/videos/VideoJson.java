package dev.zoetrope.generation.videos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.time.Instant;
import java.util.List;

/**
 * The OpenAI Videos API "video" object, plus two Zoetrope fields: {@code queue_position} (1 = next
 * to start, null unless queued) and {@code cameo_ids}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VideoJson(
    String id,
    String object,
    String model,
    String status,
    int progress,
    @JsonProperty("created_at") long createdAt,
    @JsonProperty("completed_at") Long completedAt,
    @JsonProperty("expires_at") Long expiresAt,
    String seconds,
    String size,
    String prompt,
    @JsonProperty("remixed_from_video_id") String remixedFromVideoId,
    ErrorJson error,
    @JsonProperty("queue_position") Integer queuePosition,
    @JsonProperty("cameo_ids") List<String> cameoIds) {

  public record ErrorJson(String code, String message) {}

  public static VideoJson of(Video v) {
    return new VideoJson(
        WireIds.video(v.id()),
        "video",
        v.model(),
        v.status().wire(),
        v.progress(),
        v.createdAt().getEpochSecond(),
        epoch(v.completedAt()),
        null,
        Integer.toString(v.seconds()),
        v.size(),
        v.prompt(),
        null,
        v.errorCode() == null ? null : new ErrorJson(v.errorCode(), v.errorMessage()),
        v.queuePosition(),
        v.cameoIds().stream().map(WireIds::cameo).toList());
  }

  private static Long epoch(Instant t) {
    return t == null ? null : t.getEpochSecond();
  }
}
