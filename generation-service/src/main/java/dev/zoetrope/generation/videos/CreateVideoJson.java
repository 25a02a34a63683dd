package dev.zoetrope.generation.videos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * JSON body of {@code POST /v1/videos}. {@code input_reference} is the API's image reference:
 * {@code image_url} as a {@code data:} URL (remote URLs are not fetched: the service would become a
 * proxy to wherever a client points it). {@code characters} are the API's character references,
 * which are Zoetrope cameos; {@code cameo_ids} and {@code negative_prompt} are Zoetrope fields.
 */
public record CreateVideoJson(
    String model,
    String prompt,
    String seconds,
    String size,
    @JsonProperty("cameo_ids") List<String> cameoIds,
    List<Reference> characters,
    @JsonProperty("negative_prompt") String negativePrompt,
    @JsonProperty("input_reference") ImageReference inputReference) {

  /** {@code {"id": "..."}}: a video or a character named by id. */
  public record Reference(String id) {}

  public record ImageReference(
      @JsonProperty("image_url") String imageUrl, @JsonProperty("file_id") String fileId) {}

  /** {@code POST /v1/videos/{id}/remix}. */
  public record Remix(String prompt, @JsonProperty("negative_prompt") String negativePrompt) {}

  /** {@code POST /v1/videos/edits}: the clip to edit is one of the caller's videos. */
  public record Edit(
      Reference video, String prompt, @JsonProperty("negative_prompt") String negativePrompt) {}

  /** {@code POST /v1/videos/extensions}: {@code seconds} is the continuation's length. */
  public record Extend(
      Reference video,
      String prompt,
      String seconds,
      @JsonProperty("negative_prompt") String negativePrompt) {}
}
