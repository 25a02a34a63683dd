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

  /**
   * Base pitches below this are a "low" voice in captions, the rest "high": the geometric middle of
   * the world's range, so the two words split the voices evenly.
   */
  public static final double LOW_HIGH_SPLIT_HZ = StrictMath.sqrt(MIN_PITCH_HZ * MAX_PITCH_HZ);

  /**
   * The timbre families {@link #random} draws from, in the words captions use. Each family's second
   * harmonic sits in its own band relative to the first, whatever the per-voice jitter (0.75–1.25
   * on each weight): soft (1/h²) 0.15–0.42, bright (1/√h) 0.42–1.18, thin (odd harmonics only)
   * below 0.07.
   */
  public enum Timbre {
    SOFT("soft"),
    BRIGHT("bright"),
    THIN("thin");

    private final String word;

    Timbre(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    /** The family whose band holds {@code secondToFirst}, the second harmonic's relative weight. */
    public static Timbre of(double secondToFirst) {
      if (secondToFirst < 0.1) {
        return THIN;
      }
      return secondToFirst < 0.42 ? SOFT : BRIGHT;
    }
  }

  /** "low" or "high", as captions name this voice's pitch. */
  public String pitchWord() {
    return basePitchHz < LOW_HIGH_SPLIT_HZ ? "low" : "high";
  }

  /** This voice's timbre family, read back from its harmonic weights. */
  public Timbre timbre() {
    return Timbre.of(harmonics.size() < 2 ? 0 : harmonics.get(1) / harmonics.getFirst());
  }

  /** How captions describe this voice: "a high bright voice". */
  public String phrase() {
    return phrase(pitchWord(), timbre());
  }

  /** "a {@code pitchWord} {@code timbre} voice": captions and measured cameo voices alike. */
  public static String phrase(String pitchWord, Timbre timbre) {
    return "a " + pitchWord + " " + timbre.word() + " voice";
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
