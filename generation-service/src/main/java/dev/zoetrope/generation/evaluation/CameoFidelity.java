package dev.zoetrope.generation.evaluation;

import dev.zoetrope.generation.subjects.SubjectDescription;
import dev.zoetrope.generation.subjects.SubjectEncoder;
import dev.zoetrope.generation.subjects.VoiceMeter;
import dev.zoetrope.generation.world.Background;
import dev.zoetrope.generation.world.CameoRecording;
import dev.zoetrope.generation.world.Captions;
import dev.zoetrope.generation.world.CharacterSpec;
import dev.zoetrope.generation.world.Colour;
import dev.zoetrope.generation.world.HeldOutSplit;
import dev.zoetrope.generation.world.RenderSettings;
import dev.zoetrope.generation.world.Rgb;
import dev.zoetrope.generation.world.Scene;
import dev.zoetrope.generation.world.SceneGenerator;
import dev.zoetrope.generation.world.SceneTemplate;
import dev.zoetrope.generation.world.Shading;
import dev.zoetrope.generation.world.VideoFrames;
import dev.zoetrope.generation.world.World;
import dev.zoetrope.generation.world.WorldClip;
import dev.zoetrope.generation.world.WorldRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cameo fidelity: does a clip conditioned on a subject show that subject? For held-out characters
 * (a speaking scene whose caption is in the held-out split), the character's cameo recording is
 * measured by {@link SubjectEncoder} as the worker would, and a clip is generated from the prompt
 * with the subject left unnamed ("a character says hello on the grass") plus the subject's phrase
 * appended, as the renderer appends it. Look fidelity: the dominant colour of what is not backdrop
 * in the clip's frames (each pixel explained by a world colour, {@link ObjectTracker#explain}) is
 * the recording's measured colour.
 *
 * <p>Voice fidelity compares spectral envelopes, not pitch: the native audio path (32 log-mel bands
 * resynthesised as one sinusoid per band centre) keeps no harmonic structure, so the recording's
 * pitch came back from only 1 of 6 ground-truth clips. What it keeps is how a voice's energy
 * spreads over the bands ({@link VoiceMeter#envelope}), which follows the pitch coarsely and the
 * timbre. The recording's sound is pushed through the same log-mel and synthesiser first, so both
 * sides are measured on the same kind of signal, and a clip has the recorded voice when the two
 * envelopes are within {@link #VOICE_TOLERANCE_BANDS} ({@code VoiceFidelityTest} validates the
 * threshold on ground truth and on clips paired with another character's recording).
 */
public final class CameoFidelity {
  /** Recordings are measured at this size, a small phone-like frame. */
  static final RenderSettings RECORDING = new RenderSettings(96, 96, 24);

  /** Pixels of the subject's colour a clip must show per frame on average to count as seen. */
  static final double MIN_PIXELS_PER_FRAME = 3;

  /**
   * A clip where more than this share of the pixels differs from the backdrop shows noise, not a
   * subject (a character covers under a tenth of a wide 32×32 frame).
   */
  static final double MAX_FOREGROUND_SHARE = 0.3;

  /**
   * Envelope distance (earth mover's, in mel bands) accepted as the same voice, chosen on 60
   * held-out characters (first seed 0): each ground-truth clip against its own recording came
   * within it for 59 of them (the 60th at 1.43 bands: a clip says other words than its recording,
   * and each word has its own pitch contour), and against each of the 59 other recordings in 16% of
   * the 3,540 pairs (voices that close are not told apart by band energies). Tighter thresholds
   * cost more ground truth than they gain (0.9: 57 of 60 and 14%).
   */
  public static final double VOICE_TOLERANCE_BANDS = 1.0;

  private CameoFidelity() {}

  /**
   * One held-out character: its recording's description and voice envelope ({@link
   * #recordedVoice}), the prompt without it, and the scene it should appear in (the ground truth).
   */
  public record Case(
      long seed,
      CharacterSpec character,
      SubjectDescription recording,
      VoiceMeter.Envelope recordedVoice,
      String prompt,
      Scene scene,
      WorldClip truth) {

    /** What the model is conditioned on: the prompt, then the subject's look and voice. */
    public String conditioning() {
      return prompt + " " + recording.conditioningPhrase();
    }
  }

  /** {@code n} held-out speaking characters, scanning world seeds upward from {@code firstSeed}. */
  public static List<Case> heldOutCases(int n, int seconds, long firstSeed) {
    RenderSettings native_ = RenderSettings.square(Evaluation.NATIVE_SIZE, Evaluation.NATIVE_FPS);
    List<Case> out = new ArrayList<>();
    for (long seed = firstSeed; out.size() < n; seed++) {
      if (seed - firstSeed > 200_000) {
        throw new IllegalStateException("not enough held-out speaking characters");
      }
      CharacterSpec character = CharacterSpec.fromSeed(seed);
      Scene scene =
          SceneGenerator.generate(seed, SceneTemplate.SPEAK, seconds, Optional.of(character));
      String caption = Captions.caption(scene);
      if (HeldOutSplit.of(caption) != HeldOutSplit.Part.HELD_OUT) {
        continue;
      }
      WorldClip recording = CameoRecording.render(character, seed, RECORDING);
      SubjectDescription d = SubjectEncoder.describe(recording.video(), recording.audio());
      String named = article(character.description());
      // The caption names the character's voice too; the prompt names neither look nor voice, so
      // both can come only from the recording.
      String prompt = Captions.withoutVoices(caption.replace(named, "a character"));
      out.add(
          new Case(
              seed,
              character,
              d,
              recordedVoice(recording),
              prompt,
              scene,
              World.render(scene, native_)));
    }
    return out;
  }

  /**
   * The recording's voice as the native format would carry it: its sound through the model's
   * log-mel and the synthesiser, as every clip's sound is, so that a perfect model's clip differs
   * from its recording only in what was said.
   */
  static VoiceMeter.Envelope recordedVoice(WorldClip recording) {
    int seconds = (int) Math.round(CameoRecording.DURATION_S);
    int columnsPerSecond = Evaluation.NATIVE_FPS * Evaluation.COLUMNS_PER_FRAME;
    return VoiceMeter.envelope(
        NativeClip.melRoundTrip(
            recording.audio(), columnsPerSecond, seconds * columnsPerSecond, seconds));
  }

  private static String article(String description) {
    return ("aeiou".indexOf(description.charAt(0)) >= 0 ? "an " : "a ") + description;
  }

  /** The ground truth of a case in the native format. */
  public static NativeClip groundTruth(Case c) {
    return NativeClip.of(c.truth(), Evaluation.COLUMNS_PER_FRAME);
  }

  /**
   * What one clip showed.
   *
   * @param voiceBands envelope distance from the recording's voice, NaN when the clip is silent
   */
  public record ClipResult(Case c, Colour seen, boolean look, double voiceBands, boolean voice) {}

  /** A row: the share of cases whose clip has the recording's look, and its voice. */
  public record Row(String name, List<ClipResult> clips, double look, double voice) {
    public String cell() {
      return String.format(Locale.ROOT, "look %.2f; voice %.2f", look, voice);
    }
  }

  public static Row row(String name, List<Case> cases, Function<Case, NativeClip> gen) {
    List<ClipResult> results = new ArrayList<>();
    for (Case c : cases) {
      results.add(measure(c, gen.apply(c)));
    }
    double look = results.stream().filter(ClipResult::look).count() / (double) results.size();
    double voice = results.stream().filter(ClipResult::voice).count() / (double) results.size();
    return new Row(name, results, look, voice);
  }

  /**
   * The voice measure's control: each case's recording against the ground truth of the next case,
   * another held-out character (a clip showing the wrong voice, and usually the wrong look).
   */
  public static Row mismatchControl(List<Case> cases) {
    return row(
        "mismatch control",
        cases,
        c -> groundTruth(cases.get((cases.indexOf(c) + 1) % cases.size())));
  }

  static ClipResult measure(Case c, NativeClip clip) {
    Colour seen = dominantColour(clip.video(), c.scene().background());
    VoiceMeter.Envelope heard = VoiceMeter.envelope(clip.wave());
    double bands =
        heard == null || c.recordedVoice() == null
            ? Double.NaN
            : heard.distanceBands(c.recordedVoice());
    return new ClipResult(
        c, seen, seen == c.recording().colour(), bands, bands <= VOICE_TOLERANCE_BANDS);
  }

  /**
   * The world colour most pixels that differ from the backdrop are explained by, over all frames;
   * null when too few pixels differ (nothing drawn) or too many (noise). Shadows do not vote.
   */
  static Colour dominantColour(VideoFrames v, Background background) {
    float[] bg = WorldRenderer.backdrop(background, v.width(), v.height());
    int[] votes = new int[Colour.values().length];
    int total = 0;
    for (int f = 0; f < v.frames(); f++) {
      for (int y = 0; y < v.height(); y++) {
        for (int x = 0; x < v.width(); x++) {
          int p = y * v.width() + x;
          double[] px = {v.get(f, y, x, 0), v.get(f, y, x, 1), v.get(f, y, x, 2)};
          double[] b = {bg[p * 3], bg[p * 3 + 1], bg[p * 3 + 2]};
          double d =
              Math.sqrt(
                  (px[0] - b[0]) * (px[0] - b[0])
                      + (px[1] - b[1]) * (px[1] - b[1])
                      + (px[2] - b[2]) * (px[2] - b[2]));
          if (d <= ObjectTracker.FOREGROUND || Shading.shadowLike(px, b)) {
            continue;
          }
          // Eyes, mouth and outline are near black: they say nothing about the body's colour.
          if (Math.max(px[0], Math.max(px[1], px[2])) < 0.2) {
            continue;
          }
          ObjectTracker.Blob one =
              new ObjectTracker.Blob(
                  x, y, y + 1, 1, new Rgb(px[0], px[1], px[2]), new Rgb(b[0], b[1], b[2]));
          votes[ObjectTracker.explain(one).ordinal()]++;
          total++;
        }
      }
    }
    if (total < MIN_PIXELS_PER_FRAME * v.frames()
        || total > MAX_FOREGROUND_SHARE * v.frames() * v.width() * v.height()) {
      return null;
    }
    int best = 0;
    for (int i = 1; i < votes.length; i++) {
      if (votes[i] > votes[best]) {
        best = i;
      }
    }
    return Colour.values()[best];
  }

  /** One line per clip, for reading a row's failures. */
  public static String details(Row r) {
    StringBuilder b = new StringBuilder();
    for (ClipResult c : r.clips()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  seed %d \"%s\": recording %s; clip shows %s, %s (%s, %s)%n",
              c.c().seed(),
              c.c().conditioning(),
              c.c().recording(),
              c.seen() == null ? "nothing" : c.seen().word(),
              Double.isNaN(c.voiceBands())
                  ? "no voice heard"
                  : String.format(
                      Locale.ROOT, "voice %.2f bands from the recording's", c.voiceBands()),
              c.look() ? "look ok" : "look wrong",
              c.voice() ? "voice ok" : "voice wrong"));
    }
    return b.toString();
  }
}
