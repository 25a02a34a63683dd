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
    List<UUID> cameoIds,
    Origin origin) {
  public VideoSpec {
    cameoIds = List.copyOf(cameoIds);
    java.util.Objects.requireNonNull(origin, "origin");
  }

  public VideoSpec withOrigin(Origin o) {
    return new VideoSpec(model, prompt, seconds, size, width, height, cameoIds, o);
  }
}
