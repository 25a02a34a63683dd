package dev.zoetrope.generation.world;

import java.util.List;

/**
 * What characters say: a word is a few voiced syllables, each with a pitch contour (start, middle
 * and end pitch as ratios of the speaker's base pitch). Syllables are separated by {@link
 * #SYLLABLE_GAP_S} of silence, during which the mouth closes.
 */
public enum Word {
  HELLO("hello", new Syllable(0.14, 1.0, 1.05, 1.05), new Syllable(0.22, 1.25, 1.1, 0.9)),
  HI("hi", new Syllable(0.22, 1.1, 1.0, 0.85)),
  WOW("wow", new Syllable(0.28, 0.9, 1.35, 1.0)),
  YES("yes", new Syllable(0.18, 1.2, 1.1, 1.0)),
  NO("no", new Syllable(0.20, 1.0, 0.9, 0.8)),
  OKAY("okay", new Syllable(0.12, 1.0, 1.0, 1.0), new Syllable(0.22, 1.2, 1.1, 1.0)),
  HOORAY("hooray", new Syllable(0.14, 0.9, 0.95, 1.0), new Syllable(0.26, 1.2, 1.4, 1.5)),
  BANANA(
      "banana",
      new Syllable(0.10, 1.0, 1.0, 1.0),
      new Syllable(0.14, 1.2, 1.25, 1.2),
      new Syllable(0.16, 1.0, 0.9, 0.85));

  public static final double SYLLABLE_GAP_S = 0.07;

  private final String text;
  private final List<Syllable> syllables;

  Word(String text, Syllable... syllables) {
    this.text = text;
    this.syllables = List.of(syllables);
  }

  public String text() {
    return text;
  }

  public List<Syllable> syllables() {
    return syllables;
  }

  /** From the first syllable's start to the last one's end. */
  public double durationS() {
    double d = SYLLABLE_GAP_S * (syllables.size() - 1);
    for (Syllable s : syllables) {
      d += s.durationS();
    }
    return d;
  }

  /** One voiced syllable; pitches are ratios of the speaker's base pitch. */
  public record Syllable(double durationS, double startPitch, double midPitch, double endPitch) {

    /** Pitch ratio at {@code u} in [0, 1] through the syllable (piecewise linear). */
    public double pitchAt(double u) {
      return u < 0.5
          ? startPitch + (midPitch - startPitch) * (u * 2)
          : midPitch + (endPitch - midPitch) * ((u - 0.5) * 2);
    }
  }
}
