package dev.zoetrope.generation.model;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The model versions this service can sample, with their sampler settings. Each version's network
 * is whatever its folder's manifest names: {@code zoetrope-1} the pixel network ({@link
 * ModelConfig#standard()}), {@code zoetrope-1-pro} since 2026-12-07 a latent one (the same body
 * over the latents of its own autoencoders, ADR 0011), since 2026-12-08 with grid attention ({@link
 * ModelConfig#latentGrid()}, ADR 0012). Pro also spends 40 network calls where standard spends 25:
 * the same 25 Euler steps, then three restarts of 5 steps from t = 0.75, and guides away from its
 * prompt with more objects in it ({@link #countContrast()}). The measurements behind these choices
 * are in docs/model.md ("Latent Pro", "Standard against Pro" and "Grid attention").
 */
public enum ModelVersion {
  ZOETROPE_1("zoetrope-1", 25, 3.0f, FlowSampler.Restarts.NONE, ""),
  ZOETROPE_1_PRO(
      "zoetrope-1-pro", 25, 3.0f, new FlowSampler.Restarts(3, 0.75f, 5), "and a ball and a block");

  private final String id;
  private final int steps;
  private final float guidance;
  private final FlowSampler.Restarts restarts;
  private final String countContrast;

  ModelVersion(
      String id, int steps, float guidance, FlowSampler.Restarts restarts, String countContrast) {
    this.id = id;
    this.steps = steps;
    this.guidance = guidance;
    this.restarts = restarts;
    this.countContrast = countContrast;
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

  /**
   * Words that, after the prompt, make the negative prompt of a request that gives none ("": the
   * null caption instead). The caption encoder averages its words, so "a red ball drops" sits close
   * to the training captions in which a second object drops too, and guidance away from the null
   * caption does not tell them apart; guidance away from the same prompt with more objects does
   * (docs/model.md, "Grid attention, and what the extra object is").
   */
  public String countContrast() {
    return countContrast;
  }

  /**
   * The negative prompt's tokens for a request whose caption is {@code prompt} (its prompt's and
   * subjects' tokens): {@code requested} when it has any; else all of {@code prompt} followed by
   * the {@link #countContrast()} (a caption is a mean of its tokens, so any length works); else
   * none.
   */
  public int[] negativeTokens(int[] prompt, int[] requested, PromptTokenizer tokenizer) {
    return requested.length > 0 ? requested : contrastTokens(prompt, countContrast, tokenizer);
  }

  /** {@code prompt} followed by {@code contrast}'s tokens; none for an empty contrast. */
  public static int[] contrastTokens(int[] prompt, String contrast, PromptTokenizer tokenizer) {
    if (contrast.isEmpty()) {
      return new int[0];
    }
    return IntStream.concat(IntStream.of(prompt), IntStream.of(tokenizer.encode(contrast)))
        .toArray();
  }

  public static ModelVersion of(String id) {
    return Arrays.stream(values())
        .filter(v -> v.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown model " + id));
  }
}
