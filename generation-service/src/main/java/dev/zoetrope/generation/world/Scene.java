package dev.zoetrope.generation.world;

import java.util.List;

/**
 * Everything that determines a clip apart from its resolution and frame rate. Scenes come from
 * {@link SceneGenerator} (deterministic by seed) or can be built by hand in tests.
 *
 * @param seed also seeds the per-impact noise of the soundtrack
 */
public record Scene(
    long seed,
    SceneTemplate template,
    Background background,
    Framing framing,
    double durationS,
    List<Actor> actors) {

  public static final double MIN_DURATION_S = 2;
  public static final double MAX_DURATION_S = 12;

  public Scene {
    actors = List.copyOf(actors);
    if (!(durationS >= MIN_DURATION_S && durationS <= MAX_DURATION_S)) {
      throw new IllegalArgumentException(
          "duration must be " + MIN_DURATION_S + ".." + MAX_DURATION_S + " s: " + durationS);
    }
    if (actors.isEmpty() || actors.size() > 3) {
      throw new IllegalArgumentException("a scene has 1 to 3 actors: " + actors.size());
    }
  }
}
