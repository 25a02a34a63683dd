package dev.zoetrope.generation.world;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits the world into training and held-out data by caption: a scene is held out when the hash of
 * its normalised caption falls in the lowest {@link #HELD_OUT_PERCENT} percent. Splitting by
 * caption text rather than by seed means an evaluation prompt is never seen in training, not even
 * from another seed. The hash (FNV-1a 64 then SplitMix64) is fixed here, so the split never changes
 * for a given caption. Voice clauses ("in a high bright voice") are left out of the hash: they came
 * later, and the split must not move under a model trained before them.
 */
public final class HeldOutSplit {
  public static final int HELD_OUT_PERCENT = 10;

  public enum Part {
    TRAIN,
    HELD_OUT
  }

  private HeldOutSplit() {}

  public static Part of(String caption) {
    String norm =
        Captions.withoutVoices(String.join(" ", Captions.words(caption.toLowerCase(Locale.ROOT))));
    long h = 0xcbf29ce484222325L;
    for (byte b : norm.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return Math.floorMod(Rng.mix(h), 100L) < HELD_OUT_PERCENT ? Part.HELD_OUT : Part.TRAIN;
  }

  public static Part of(Scene scene) {
    return of(Captions.caption(scene));
  }

  /**
   * The first {@code count} seeds from {@code firstSeed} upward whose {@link
   * SceneGenerator#generate(long, double) scene} of {@code durationS} falls in {@code part}.
   */
  public static long[] seeds(Part part, long firstSeed, int count, double durationS) {
    List<Long> out = new ArrayList<>();
    for (long seed = firstSeed; out.size() < count; seed++) {
      if (of(SceneGenerator.generate(seed, durationS)) == part) {
        out.add(seed);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }
}
