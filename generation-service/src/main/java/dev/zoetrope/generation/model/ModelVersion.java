package dev.zoetrope.generation.model;

import java.util.Arrays;

/**
 * The model versions this service can sample, with their sampler settings. Both share {@link
 * ModelConfig#standard()}; pro buys quality with more Euler steps.
 */
public enum ModelVersion {
  ZOETROPE_1("zoetrope-1", 25, 3.0f),
  ZOETROPE_1_PRO("zoetrope-1-pro", 40, 3.0f);

  private final String id;
  private final int steps;
  private final float guidance;

  ModelVersion(String id, int steps, float guidance) {
    this.id = id;
    this.steps = steps;
    this.guidance = guidance;
  }

  public String id() {
    return id;
  }

  /** Euler steps of the flow-matching sampler. */
  public int steps() {
    return steps;
  }

  /** Classifier-free guidance scale (1 = no guidance). */
  public float guidance() {
    return guidance;
  }

  public static ModelVersion of(String id) {
    return Arrays.stream(values())
        .filter(v -> v.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown model " + id));
  }
}
