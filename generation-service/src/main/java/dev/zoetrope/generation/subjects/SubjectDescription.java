package dev.zoetrope.generation.subjects;

import dev.zoetrope.generation.world.BodyShape;
import dev.zoetrope.generation.world.Colour;
import dev.zoetrope.generation.world.Pattern;
import dev.zoetrope.generation.world.Voice;
import java.util.Locale;

/**
 * What a cameo recording shows of its subject, measured from the pixels and the waveform alone.
 *
 * @param colour the world colour nearest to the body's dominant colour
 * @param shape the body outline, from how much of its bounding box the body fills
 * @param pattern the body's marking ({@link Pattern#PLAIN} when none is seen)
 * @param pitchHz median fundamental of the voiced audio, NaN when no voice was found
 * @param voice {@link VoicePitch#UNKNOWN} when no voice was found
 * @param timbre the voice's timbre family, null when no voice was found
 * @param bodyShare share of the analysed pixels covered by the body (how big the subject is)
 */
public record SubjectDescription(
    Colour colour,
    BodyShape shape,
    Pattern pattern,
    double pitchHz,
    VoicePitch voice,
    Voice.Timbre timbre,
    double bodyShare) {

  /**
   * Voices are split at the geometric middle of the world's 140–420 Hz base pitches (242.5 Hz),
   * raised by 6%: words are spoken along pitch contours that sit above the base, and the median
   * voiced pitch of 40 measured recordings was 6% above it.
   */
  public static final double LOW_HIGH_SPLIT_HZ = 257;

  /** Low or high voice, in the words the tokenizer knows. */
  public enum VoicePitch {
    LOW("low"),
    HIGH("high"),
    UNKNOWN("");

    private final String word;

    VoicePitch(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    static VoicePitch of(double pitchHz) {
      if (Double.isNaN(pitchHz)) {
        return UNKNOWN;
      }
      return pitchHz < LOW_HIGH_SPLIT_HZ ? LOW : HIGH;
    }
  }

  /**
   * The subject as the world's captions name a character, e.g. "a green round character with
   * stripes": only words the training captions use, so the conditioning lands on embeddings the
   * model has learned. The voice is a phrase of its own ({@link #voicePhrase()}).
   */
  public String phrase() {
    String base = article(colour.word()) + " " + shape.word() + " character";
    return pattern == Pattern.PLAIN ? base : base + " with " + pattern.word();
  }

  /**
   * "in a high bright voice", as training captions name a speaker's voice ({@link Voice#phrase()}),
   * or empty when no voice was measured.
   */
  public String voicePhrase() {
    return voice == VoicePitch.UNKNOWN || timbre == null
        ? ""
        : "in " + Voice.phrase(voice.word(), timbre);
  }

  /** What conditions a clip on this subject: its look, then its voice when one was heard. */
  public String conditioningPhrase() {
    String v = voicePhrase();
    return v.isEmpty() ? phrase() : phrase() + " " + v;
  }

  private static String article(String word) {
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s (%s, %s %s voice %.0f Hz, body %.0f%% of the frame)",
        phrase(),
        pattern,
        voice,
        timbre,
        pitchHz,
        100 * bodyShare);
  }
}
