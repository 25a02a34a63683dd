package dev.zoetrope.generation.model;

import java.util.Arrays;

/**
 * The model versions this service can sample, with their sampler settings. Both share {@link
 * ModelConfig#standard()}; pro buys quality with more Euler steps.
 */
public enum ModelVersion {
  ZOETROPE_1("zoetrope-1", 25, 3.0f, FlowSampler.Restarts.NONE),
  ZOETROPE_1_PRO("zoetrope-1-pro", 40, 3.0f, FlowSampler.Restarts.NONE);

  private final String id;
  private final int steps;
  private final float guidance;
  private final FlowSampler.Restarts restarts;

  ModelVersion(String id, int steps, float guidance, FlowSampler.Restarts restarts) {
    this.id = id;
    this.steps = steps;
    this.guidance = guidance;
    this.restarts = restarts;
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

  /** Restart sampling after the run ({@link FlowSampler.Restarts#NONE}: none). */
  public FlowSampler.Restarts restarts() {
    return restarts;
  }

  public static ModelVersion of(String id) {
    return Arrays.stream(values())
        .filter(v -> v.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown model " + id));
  }
}
