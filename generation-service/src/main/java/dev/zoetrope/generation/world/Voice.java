package dev.zoetrope.generation.world;

import java.util.List;

/**
 * A character's voice: a harmonic tone around {@code basePitchHz} whose timbre is the weight of
 * each harmonic (harmonic {@code k+1} has weight {@code harmonics.get(k)}), with a slight vibrato.
 */
public record Voice(
    double basePitchHz, List<Double> harmonics, double vibratoHz, double vibratoDepth) {

  public static final double MIN_PITCH_HZ = 140;
  public static final double MAX_PITCH_HZ = 420;

  public Voice {
    harmonics = List.copyOf(harmonics);
    if (harmonics.isEmpty() || basePitchHz <= 0) {
      throw new IllegalArgumentException("a voice needs a pitch and at least one harmonic");
    }
  }

  static Voice random(Rng rng) {
    double pitch = MIN_PITCH_HZ * StrictMath.pow(MAX_PITCH_HZ / MIN_PITCH_HZ, rng.nextDouble());
    // Three timbre families (mellow, bright, hollow/odd-only) with per-voice jitter.
    int family = rng.nextInt(3);
    Double[] w = new Double[8];
    for (int k = 0; k < w.length; k++) {
      int h = k + 1;
      double weight =
          switch (family) {
            case 0 -> 1.0 / (h * h);
            case 1 -> 1.0 / StrictMath.sqrt(h);
            default -> h % 2 == 1 ? 1.0 / h : 0.08 / h;
          };
      w[k] = weight * (0.75 + 0.5 * rng.nextDouble());
    }
    return new Voice(pitch, List.of(w), rng.range(4.5, 6.5), rng.range(0.005, 0.03));
  }
}
