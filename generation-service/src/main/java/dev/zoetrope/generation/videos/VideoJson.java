package dev.zoetrope.generation.videos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.generation.videos.domain.Cancellation;
import dev.zoetrope.generation.videos.domain.Origin;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.time.Instant;
import java.util.List;

/**
 * The OpenAI Videos API "video" object, plus Zoetrope fields: {@code queue_position} (1 = next to
 * start, null unless queued), {@code cameo_ids}, and {@code cancelled_at} (set when the job was
 * cancelled; it is then {@code failed} with error code {@code cancelled}, see ADR 0004), {@code
 * source_video_id} (the video a remix, edit or extension starts from) and {@code negative_prompt}.
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
    @JsonProperty("eta_seconds") Integer etaSeconds,
    @JsonProperty("cameo_ids") List<String> cameoIds,
    @JsonProperty("cancelled_at") Long cancelledAt,
    @JsonProperty("source_video_id") String sourceVideoId,
    @JsonProperty("negative_prompt") String negativePrompt) {

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
        v.origin().kind() == Origin.Kind.REMIX ? WireIds.video(v.origin().sourceVideoId()) : null,
        v.errorCode() == null ? null : new ErrorJson(v.errorCode(), v.errorMessage()),
        v.queuePosition(),
        v.status().isFinal() ? null : v.etaSeconds(),
        v.cameoIds().stream().map(WireIds::cameo).toList(),
        Cancellation.isCancelled(v) ? epoch(v.completedAt()) : null,
        v.origin().sourceVideoId() == null ? null : WireIds.video(v.origin().sourceVideoId()),
        v.origin().negativePrompt());
  }

  private static Long epoch(Instant t) {
    return t == null ? null : t.getEpochSecond();
  }
}
