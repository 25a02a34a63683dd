package dev.zoetrope.generation.evaluation;

import dev.zoetrope.generation.evaluation.ObjectTracker.Track;
import dev.zoetrope.generation.world.Captions;
import dev.zoetrope.generation.world.Colour;
import dev.zoetrope.generation.world.EntityFacts;
import dev.zoetrope.generation.world.HeldOutSplit;
import dev.zoetrope.generation.world.OnsetDetector;
import dev.zoetrope.generation.world.RenderSettings;
import dev.zoetrope.generation.world.Scene;
import dev.zoetrope.generation.world.SceneFacts;
import dev.zoetrope.generation.world.SceneGenerator;
import dev.zoetrope.generation.world.SceneTemplate;
import dev.zoetrope.generation.world.SyncMeter;
import dev.zoetrope.generation.world.World;
import dev.zoetrope.generation.world.WorldClip;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Scores rows of clips (a model, the ground-truth renderer, ...) on the same held-out cases with
 * frame-only and waveform-only detectors. Plain Java: the model rows hand in their clips through a
 * function, so everything here runs without DJL.
 *
 * <p>Cases are held-out drop scenes (one object alone, {@link SceneTemplate#DROP}): the scenes
 * whose physics and sync the detectors can read from 32×32 frames. They come in pairs of world
 * seeds that share a caption, so diversity compares clips of one prompt across seeds.
 *
 * <p>Prompt adherence: the tracked object's colour ({@link ObjectTracker#explain}, voted over
 * frames) is the caption's, the frames show as many objects as the caption names, and the object
 * falls (two pixels or more) to the floor. Material and ball-vs-block are not checked (3–6 pixel
 * objects), nor the number of bounces (late bounces are sub-pixel or sub-frame at 32×32, 8 fps; the
 * visible count is printed with {@code --details}).
 */
public final class Evaluation {
  /** Nearest audio onset farther than this from a visual contact counts the contact as missed. */
  public static final double MAX_LAG_S = 0.25;

  public static final int NATIVE_SIZE = 32;
  public static final int NATIVE_FPS = 8;
  public static final int COLUMNS_PER_FRAME = 4;

  private Evaluation() {}

  /** One prompt and seed; {@code truth} is the world's clip at the native size and rate. */
  public record Case(String caption, long seed, Scene scene, WorldClip truth) {
    public SceneFacts facts() {
      return truth.events().facts();
    }
  }

  /**
   * {@code n} held-out cases (n rounded up to even), two seeds per caption, scanning world seeds
   * upward from {@code firstSeed}.
   */
  public static List<Case> heldOutCases(int n, int seconds, long firstSeed) {
    int prompts = (n + 1) / 2;
    Map<String, List<Long>> byCaption = new LinkedHashMap<>();
    List<String> complete = new ArrayList<>();
    for (long seed = firstSeed; complete.size() < prompts; seed++) {
      if (seed - firstSeed > 2_000_000) {
        throw new IllegalStateException("not enough held-out captions with two seeds");
      }
      Scene scene = SceneGenerator.generate(seed, SceneTemplate.DROP, seconds, Optional.empty());
      String caption = Captions.caption(scene);
      if (HeldOutSplit.of(caption) != HeldOutSplit.Part.HELD_OUT || complete.contains(caption)) {
        continue;
      }
      List<Long> seeds = byCaption.computeIfAbsent(caption, k -> new ArrayList<>());
      seeds.add(seed);
      if (seeds.size() == 2) {
        complete.add(caption);
      }
    }
    RenderSettings native_ = RenderSettings.square(NATIVE_SIZE, NATIVE_FPS);
    List<Case> out = new ArrayList<>();
    for (String caption : complete) {
      for (long seed : byCaption.get(caption)) {
        Scene scene = SceneGenerator.generate(seed, SceneTemplate.DROP, seconds, Optional.empty());
        out.add(new Case(caption, seed, scene, World.render(scene, native_)));
      }
    }
    return out;
  }

  /** The ground-truth renderer's clip of a case, in the model's native format. */
  public static NativeClip groundTruth(Case c) {
    return NativeClip.of(c.truth(), COLUMNS_PER_FRAME);
  }

  /** Everything measured on one clip. */
  public record ClipResult(
      Case c,
      NativeClip clip,
      Track track,
      double[] onsetsS,
      double[] errorsS,
      Physics.Verdict physics,
      boolean adherent,
      String adherence) {}

  public static ClipResult measure(Case c, NativeClip clip) {
    Track track = ObjectTracker.track(clip.video(), c.facts().background());
    double[] onsets =
        OnsetDetector.times(OnsetDetector.detect(clip.wave(), NativeClip.SAMPLE_RATE));
    double[] errors = SyncMeter.nearestErrors(track.contacts(), onsets, MAX_LAG_S);
    Physics.Verdict physics = Physics.check(track);
    EntityFacts object = c.facts().entities().get(0);
    Colour colour = track.colour();
    int count = track.objectCount();
    boolean falls = falls(track);
    // Bounces lower than a pixel, or shorter than a frame, do not show at 32×32 and 8 fps, so the
    // motion check asks for what always shows: a fall that reaches the floor.
    boolean motion = falls && reachesFloor(track);
    boolean adherent = colour == object.colour() && count == c.facts().objectCount() && motion;
    String why =
        String.format(
            Locale.ROOT,
            "colour %s (want %s), objects %d (want %d), %s%s, %d visible contact(s) (caption: %s)",
            colour == null ? "none" : colour.word(),
            object.colour().word(),
            count,
            c.facts().objectCount(),
            falls ? "falls" : "does not fall",
            reachesFloor(track) ? " to the floor" : ", never on the floor",
            track.contacts().length,
            object.bounces() == 0 ? "lands" : object.bounces() + " bounce(s)");
    return new ClipResult(c, clip, track, onsets, errors, physics, adherent, why);
  }

  private static boolean reachesFloor(Track t) {
    return t.track().stream()
            .anyMatch(b -> b != null && b.bottom() >= t.floorY() - ObjectTracker.FLOOR_SLACK_PX)
        || t.contacts().length > 0;
  }

  /** Descends at least two pixels from where it is first seen. */
  private static boolean falls(Track t) {
    double first = Double.NaN;
    double lowest = Double.NEGATIVE_INFINITY;
    for (ObjectTracker.Blob b : t.track()) {
      if (b == null) {
        continue;
      }
      if (Double.isNaN(first)) {
        first = b.cy();
      }
      lowest = Math.max(lowest, b.cy());
    }
    return !Double.isNaN(first) && lowest - first >= 2;
  }

  /** A row of the table. */
  public record Row(
      String name,
      String note,
      List<ClipResult> clips,
      SyncMeter.Summary sync,
      double physics,
      double adherence,
      double diversity) {}

  public static Row row(
      String name, String note, List<Case> cases, Function<Case, NativeClip> gen) {
    List<ClipResult> results = new ArrayList<>();
    for (Case c : cases) {
      results.add(measure(c, gen.apply(c)));
    }
    List<Double> errors = new ArrayList<>();
    results.forEach(r -> java.util.Arrays.stream(r.errorsS()).forEach(errors::add));
    SyncMeter.Summary sync =
        SyncMeter.summarize(errors.stream().mapToDouble(Double::doubleValue).toArray());
    double physics =
        results.stream().filter(r -> r.physics().pass()).count() / (double) cases.size();
    double adherence =
        results.stream().filter(ClipResult::adherent).count() / (double) cases.size();
    return new Row(name, note, results, sync, physics, adherence, diversity(results));
  }

  /** Mean RMS pixel difference (0..1) between clips of the same caption. */
  static double diversity(List<ClipResult> results) {
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < results.size(); i++) {
      for (int j = i + 1; j < results.size(); j++) {
        if (!results.get(i).c().caption().equals(results.get(j).c().caption())) {
          continue;
        }
        float[] a = results.get(i).clip().video().data();
        float[] b = results.get(j).clip().video().data();
        double s = 0;
        for (int k = 0; k < a.length; k++) {
          s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        sum += Math.sqrt(s / a.length);
        pairs++;
      }
    }
    return pairs == 0 ? Double.NaN : sum / pairs;
  }

  /** The markdown table of the report, without cameo fidelity. */
  public static String table(List<Row> rows) {
    return table(rows, Map.of());
  }

  /**
   * The markdown table of the report; {@code cameo} holds each row's cameo fidelity by row name
   * (rows without one say "not measured").
   */
  public static String table(List<Row> rows, Map<String, CameoFidelity.Row> cameo) {
    StringBuilder b = new StringBuilder();
    b.append(
        "| row | A/V sync mean (ms) | A/V sync p95 (ms) | contacts seen / paired | physics pass |"
            + " prompt adherence | diversity (RMS px) | cameo fidelity |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      int seen = r.clips().stream().mapToInt(c -> c.track().contacts().length).sum();
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d / %d | %.2f | %.2f | %.3f | %s |%n",
              r.name() + (r.note().isEmpty() ? "" : " (" + r.note() + ")"),
              ms(r.sync().meanAbsMs()),
              ms(r.sync().p95AbsMs()),
              seen,
              r.sync().matched(),
              r.physics(),
              r.adherence(),
              r.diversity(),
              cameo.containsKey(r.name()) ? cameo.get(r.name()).cell() : "not measured"));
    }
    return b.toString();
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "n/a (no contact seen)" : String.format(Locale.ROOT, "%.1f", v);
  }

  /** One line per clip, for reading a row's failures. */
  public static String details(Row r) {
    StringBuilder b = new StringBuilder();
    for (ClipResult c : r.clips()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  seed %d \"%s\": contacts %s, onsets %s; physics %s (%s); adherence %s (%s)%n",
              c.c().seed(),
              c.c().caption(),
              times(c.track().contacts()),
              times(c.onsetsS()),
              c.physics().pass() ? "pass" : "fail",
              c.physics().why(),
              c.adherent() ? "pass" : "fail",
              c.adherence()));
    }
    return b.toString();
  }

  private static String times(double[] t) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < t.length && i < 8; i++) {
      b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", t[i]));
    }
    return b.append(t.length > 8 ? " …]" : "]").toString();
  }
}
