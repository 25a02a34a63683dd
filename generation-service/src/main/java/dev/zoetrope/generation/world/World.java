package dev.zoetrope.generation.world;

/**
 * Entry point of the procedural world: seed in, clip out. Everything here is deterministic — the
 * same seed, duration and settings give bit-identical frames, audio, caption and event log — and
 * free of Spring and DJL, so training code and tests can call it directly.
 */
public final class World {
  private World() {}

  /** The scene of {@code seed} ({@link SceneGenerator}), rendered. */
  public static WorldClip render(long seed, double durationS, RenderSettings settings) {
    return WorldRenderer.render(SceneGenerator.generate(seed, durationS), settings);
  }

  /** A 4-second clip at 32×32, 24 fps. */
  public static WorldClip render(long seed) {
    return render(seed, SceneGenerator.DEFAULT_DURATION_S, RenderSettings.DEFAULT);
  }

  public static WorldClip render(Scene scene, RenderSettings settings) {
    return WorldRenderer.render(scene, settings);
  }
}
