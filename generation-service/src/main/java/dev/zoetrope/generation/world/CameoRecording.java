package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.List;

/**
 * A short recording of one character alone, close up, facing the camera and speaking a few words:
 * its look and its voice, the reference for subject conditioning. Deterministic by character and
 * seed.
 */
public final class CameoRecording {
  public static final double DURATION_S = 3;

  private CameoRecording() {}

  /** {@code character} says two or three words on a plain studio backdrop. */
  public static WorldClip render(CharacterSpec character, long seed, RenderSettings settings) {
    return WorldRenderer.render(scene(character, seed), settings);
  }

  public static Scene scene(CharacterSpec character, long seed) {
    Rng rng = new Rng(Rng.hash(seed, 0xCA3E0L));
    List<Utterance> says = new ArrayList<>();
    double t = rng.range(0.15, 0.35);
    int words = rng.between(2, 3);
    List<Word> all = List.of(Word.values());
    for (int i = 0; i < words; i++) {
      Word w = rng.pick(all);
      if (t + w.durationS() > DURATION_S - 0.1) {
        break;
      }
      says.add(new Utterance(w, t));
      t += w.durationS() + rng.range(0.2, 0.45);
    }
    Actor actor =
        new Actor(
            character, Motion.SPEAK, Simulation.WORLD_WIDTH_M / 2, 0, 0, 0, List.of(), 0, says);
    return new Scene(
        seed, SceneTemplate.CAMEO, Background.STUDIO, Framing.CLOSE_UP, DURATION_S, List.of(actor));
  }
}
