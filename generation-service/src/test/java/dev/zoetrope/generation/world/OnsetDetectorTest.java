package dev.zoetrope.generation.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates the onset detector on the world's ground truth and on audio shifted by known offsets,
 * and prints its measured resolution (surefire keeps it in the test's output file).
 */
class OnsetDetectorTest {
  private static final int SR = Soundtrack.SAMPLE_RATE;
  private static final double[] OFFSETS_S = {-0.2, -0.08, -0.04, 0.04, 0.08, 0.2};
  private static final List<WorldClip> CLIPS = new ArrayList<>();

  @BeforeAll
  static void render() {
    for (long seed = 0; seed < 160; seed++) {
      CLIPS.add(World.render(seed));
    }
  }

  @Test
  void findsEveryIsolatedImpactAndSyllableWithinFiveMilliseconds() {
    List<Double> impactErrors = new ArrayList<>();
    List<Double> voiceErrors = new ArrayList<>();
    int impacts = 0;
    int syllables = 0;
    int onsets = 0;
    int spurious = 0;
    for (WorldClip clip : CLIPS) {
      double[] found = OnsetDetector.times(OnsetDetector.detect(clip.audio(), SR));
      double[] all = clip.events().soundOnsetsS();
      for (Contact c : clip.events().contacts()) {
        if (isolated(c.timeS(), all)) {
          impacts++;
          add(impactErrors, SyncMeter.nearestErrors(new double[] {c.timeS()}, found, 0.02)[0]);
        }
      }
      for (SpeechInterval s : clip.events().speech()) {
        if (isolated(s.startS(), all)) {
          syllables++;
          add(voiceErrors, SyncMeter.nearestErrors(new double[] {s.startS()}, found, 0.02)[0]);
        }
      }
      onsets += found.length;
      for (double f : found) {
        if (Double.isNaN(SyncMeter.nearestErrors(new double[] {f}, all, 0.02)[0])) {
          spurious++;
        }
      }
    }
    SyncMeter.Summary im = summary(impactErrors, impacts);
    SyncMeter.Summary vo = summary(voiceErrors, syllables);
    System.out.printf(
        Locale.ROOT,
        "onset detector on ground truth (%d clips): impacts %d/%d found, mean |err| %.2f ms, p95"
            + " %.2f ms; syllables %d/%d found, mean |err| %.2f ms, p95 %.2f ms; spurious %d of %d"
            + " onsets%n",
        CLIPS.size(),
        im.matched(),
        impacts,
        im.meanAbsMs(),
        im.p95AbsMs(),
        vo.matched(),
        syllables,
        vo.meanAbsMs(),
        vo.p95AbsMs(),
        spurious,
        onsets);
    assertThat(impactErrors).allMatch(e -> Math.abs(e) <= 0.005);
    // A syllable fades in over 8 ms: over other sounds it is found somewhere on that ramp.
    assertThat(voiceErrors).allMatch(e -> e >= 0 && e <= Soundtrack.ATTACK_S);
    assertThat((double) im.matched() / impacts).isGreaterThanOrEqualTo(0.95);
    assertThat((double) vo.matched() / syllables).isGreaterThanOrEqualTo(0.97);
    assertThat((double) spurious / onsets).isLessThanOrEqualTo(0.01);
  }

  @Test
  void singleObjectImpactsAreAllFound() {
    int checked = 0;
    for (WorldClip clip : CLIPS) {
      if (clip.scene().actors().size() != 1 || clip.scene().actors().get(0).isCharacter()) {
        continue;
      }
      double[] found = OnsetDetector.times(OnsetDetector.detect(clip.audio(), SR));
      for (Contact c : clip.events().contacts()) {
        double err = SyncMeter.nearestErrors(new double[] {c.timeS()}, found, 0.02)[0];
        assertThat(Math.abs(err))
            .as("seed %d contact %s", clip.scene().seed(), c)
            .isLessThanOrEqualTo(0.005);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void recoversKnownOffsets() {
    for (double offset : OFFSETS_S) {
      List<Double> errors = new ArrayList<>();
      int clips = 0;
      for (WorldClip clip : CLIPS.subList(0, 60)) {
        // Only sounds still inside the shifted clip can be found, and sounds starting within the
        // refractory time of another merge into one onset: keep the first of each group.
        double d = clip.scene().durationS();
        double[] events =
            resolvable(
                java.util.Arrays.stream(clip.events().soundOnsetsS())
                    .filter(t -> t + offset >= 0.05 && t + offset <= d - 0.05)
                    .toArray());
        if (events.length == 0) {
          continue;
        }
        clips++;
        float[] shifted = shift(clip.audio(), offset);
        double[] found = OnsetDetector.times(OnsetDetector.detect(shifted, SR));
        double measured = SyncMeter.globalOffset(events, found, 0.3, 0.01);
        errors.add(measured - offset);
      }
      SyncMeter.Summary s = summary(errors, clips);
      System.out.printf(
          Locale.ROOT,
          "injected %+4.0f ms: %d clips, measured offset error mean |err| %.2f ms, max %.2f ms%n",
          offset * 1000,
          clips,
          s.meanAbsMs(),
          errors.stream().mapToDouble(Math::abs).max().orElse(0) * 1000);
      assertThat(errors).hasSize(clips).allMatch(e -> Math.abs(e) <= 0.005);
    }
  }

  @Test
  void spectrogramOnsetsAreWithinAColumn() {
    for (MelSpectrogram mel :
        new MelSpectrogram[] {MelSpectrogram.standard(), MelSpectrogram.perVideoFrame(24, 2)}) {
      double column = 1 / mel.columnsPerSecond();
      List<Double> errors = new ArrayList<>();
      int events = 0;
      List<Double> offsetErrors = new ArrayList<>();
      for (WorldClip clip : CLIPS.subList(0, 60)) {
        double[] all = clip.events().soundOnsetsS();
        double[] found =
            OnsetDetector.times(
                OnsetDetector.detect(mel.compute(clip.audio()), mel.columnsPerSecond()));
        for (double t : all) {
          if (isolatedBy(t, all, 2 * column)) {
            events++;
            add(errors, SyncMeter.nearestErrors(new double[] {t}, found, 2 * column)[0]);
          }
        }
        if (all.length >= 2) {
          float[] shifted = shift(clip.audio(), 0.08);
          double[] f2 =
              OnsetDetector.times(
                  OnsetDetector.detect(mel.compute(shifted), mel.columnsPerSecond()));
          offsetErrors.add(SyncMeter.globalOffset(all, f2, 0.3, column) - 0.08);
        }
      }
      SyncMeter.Summary s = summary(errors, events);
      SyncMeter.Summary o = summary(offsetErrors, offsetErrors.size());
      System.out.printf(
          Locale.ROOT,
          "mel onsets at %.0f columns/s: %d/%d found, median %.1f ms, mean |err| %.1f ms, p95 %.1f"
              + " ms; +80 ms injected: mean |err| %.1f ms, p95 %.1f ms%n",
          mel.columnsPerSecond(),
          s.matched(),
          events,
          s.medianMs(),
          s.meanAbsMs(),
          s.p95AbsMs(),
          o.meanAbsMs(),
          o.p95AbsMs());
      double columnMs = column * 1000;
      assertThat((double) s.matched() / events).isGreaterThanOrEqualTo(0.85);
      assertThat(Math.abs(s.medianMs())).isLessThanOrEqualTo(0.75 * columnMs);
      assertThat(s.p95AbsMs()).isLessThanOrEqualTo(1.5 * columnMs);
      assertThat(o.meanAbsMs()).isLessThanOrEqualTo(columnMs);
    }
  }

  private static float[] shift(float[] audio, double offsetS) {
    int k = (int) Math.round(offsetS * SR);
    float[] out = new float[audio.length];
    for (int i = 0; i < out.length; i++) {
      int j = i - k;
      out[i] = j >= 0 && j < audio.length ? audio[j] : 0;
    }
    return out;
  }

  /** No other sound started in the 45 ms before, none within 5 ms after. */
  private static boolean isolated(double t, double[] all) {
    for (double o : all) {
      if (o != t && o > t - 0.045 && o < t + 0.005) {
        return false;
      }
    }
    return true;
  }

  private static double[] resolvable(double[] sorted) {
    List<Double> kept = new ArrayList<>();
    double last = Double.NEGATIVE_INFINITY;
    for (double t : sorted) {
      if (t - last >= OnsetDetector.REFRACTORY_S + 0.005) {
        kept.add(t);
      }
      last = t;
    }
    return kept.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static boolean isolatedBy(double t, double[] all, double gap) {
    for (double o : all) {
      if (o != t && Math.abs(o - t) < gap) {
        return false;
      }
    }
    return true;
  }

  private static void add(List<Double> errors, double e) {
    if (!Double.isNaN(e)) {
      errors.add(e);
    }
  }

  private static SyncMeter.Summary summary(List<Double> errors, int total) {
    double[] all = new double[total];
    java.util.Arrays.fill(all, Double.NaN);
    for (int i = 0; i < errors.size(); i++) {
      all[i] = errors.get(i);
    }
    return SyncMeter.summarize(all);
  }
}
