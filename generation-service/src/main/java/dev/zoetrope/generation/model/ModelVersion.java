package dev.zoetrope.generation.model;

import java.util.Arrays;

/**
 * The model versions this service can sample, with their sampler settings. Each version's network
 * is whatever its folder's manifest names: {@code zoetrope-1} the pixel network ({@link
 * ModelConfig#standard()}), {@code zoetrope-1-pro} since 2026-12-07 a latent one (the same body
 * over the latents of its own autoencoders, ADR 0011), since 2026-12-08 with grid attention ({@link
 * ModelConfig#latentGrid()}, ADR 0012). Pro also spends 40 network calls where standard spends 25:
 * the same 25 Euler steps, then three restarts of 5 steps from t = 0.75. The measurements behind
 * both choices are in docs/model.md ("Latent Pro" and "Standard against Pro").
 */
public enum ModelVersion {
  ZOETROPE_1("zoetrope-1", 25, 3.0f, FlowSampler.Restarts.NONE),
  ZOETROPE_1_PRO("zoetrope-1-pro", 25, 3.0f, new FlowSampler.Restarts(3, 0.75f, 5));

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

  /** Euler steps of the flow-matching sampler's schedule (restarts come on top). */
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
