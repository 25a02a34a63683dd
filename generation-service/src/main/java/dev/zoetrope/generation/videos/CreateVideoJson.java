package dev.zoetrope.generation.videos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * JSON body of {@code POST /v1/videos}. {@code input_reference} is declared only to answer a clear
 * error: a reference image must come as a multipart file.
 */
public record CreateVideoJson(
    String model,
    String prompt,
    String seconds,
    String size,
    @JsonProperty("cameo_ids") List<String> cameoIds,
    @JsonProperty("input_reference") Object inputReference) {}
