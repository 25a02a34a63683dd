package dev.zoetrope.generation.videos.domain;

import java.util.List;
import java.util.UUID;

/** A create request after validation: canonical model, normalized prompt, parsed size. */
public record VideoSpec(
    String model,
    String prompt,
    int seconds,
    String size,
    int width,
    int height,
    List<UUID> cameoIds) {
  public VideoSpec {
    cameoIds = List.copyOf(cameoIds);
  }
}
