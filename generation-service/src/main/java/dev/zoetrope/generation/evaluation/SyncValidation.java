package dev.zoetrope.generation.evaluation;

import dev.zoetrope.generation.world.OnsetDetector;
import dev.zoetrope.generation.world.SyncMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates the whole sync measure (frame-only contact detector + waveform onset detector) on
 * ground-truth clips whose audio is shifted by known offsets. Bounces come 250–450 ms apart, so a
 * 200 ms shift paired nearest-to-nearest can read as a small error against the next bounce (and
 * with one visible contact and two sounds, even the best global shift is ambiguous). A drop scene
 * is silent until its first impact, so the recovered offset is the first onset within ±{@link
 * #RANGE_S} of the first visible contact ({@link SyncMeter#firstEventError}); its distance from the
 * injected offset is the resolution.
 */
public final class SyncValidation {
  public static final double[] OFFSETS_S = {-0.2, -0.08, -0.04, 0, 0.04, 0.08, 0.2};
  static final double RANGE_S = 0.3;

  private SyncValidation() {}

  /** Per injected offset: mean and worst |recovered − injected| over the clips, in ms. */
  public record Line(
      double injectedMs, int clips, int recovered, double meanErrorMs, double maxErrorMs) {}

  public static List<Line> run(List<Evaluation.Case> cases) {
    List<NativeClip> clips = cases.stream().map(Evaluation::groundTruth).toList();
    List<double[]> contacts = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      contacts.add(
          ObjectTracker.track(clips.get(i).video(), cases.get(i).facts().background()).contacts());
    }
    List<Line> out = new ArrayList<>();
    for (double offset : OFFSETS_S) {
      double sum = 0;
      double max = 0;
      int n = 0;
      int withContacts = 0;
      for (int i = 0; i < clips.size(); i++) {
        if (contacts.get(i).length == 0) {
          continue;
        }
        withContacts++;
        NativeClip shifted = clips.get(i).withAudioOffset(offset);
        double[] onsets =
            OnsetDetector.times(OnsetDetector.detect(shifted.wave(), NativeClip.SAMPLE_RATE));
        double measured = SyncMeter.firstEventError(contacts.get(i), onsets, RANGE_S);
        if (Double.isNaN(measured)) {
          max = Double.POSITIVE_INFINITY;
          continue;
        }
        double err = Math.abs(measured - offset) * 1000;
        sum += err;
        max = Math.max(max, err);
        n++;
      }
      out.add(new Line(offset * 1000, withContacts, n, n == 0 ? Double.NaN : sum / n, max));
    }
    return out;
  }

  /**
   * The two halves of the measure against the event log (used here only to validate): the visual
   * detector's contact times against the true contact times, and the audio path's first onset
   * (world sound → log-mel → synthesis → onset detector) against the first true contact. Errors in
   * ms, signed (detected − true): {mean abs, max abs, mean signed} for each.
   */
  public record Components(
      int contacts,
      double visualMeanAbsMs,
      double visualMaxAbsMs,
      double visualMeanMs,
      double audioMeanAbsMs,
      double audioMaxAbsMs,
      double audioMeanMs) {}

  public static Components components(List<Evaluation.Case> cases) {
    List<Double> visual = new ArrayList<>();
    List<Double> audio = new ArrayList<>();
    for (Evaluation.Case c : cases) {
      NativeClip clip = Evaluation.groundTruth(c);
      double[] truth = c.truth().events().contactTimesS();
      for (double t : ObjectTracker.track(clip.video(), c.facts().background()).contacts()) {
        double nearest = truth[0];
        for (double u : truth) {
          nearest = Math.abs(u - t) < Math.abs(nearest - t) ? u : nearest;
        }
        visual.add((t - nearest) * 1000);
      }
      double[] onsets =
          OnsetDetector.times(OnsetDetector.detect(clip.wave(), NativeClip.SAMPLE_RATE));
      double first = SyncMeter.firstEventError(truth, onsets, RANGE_S);
      if (!Double.isNaN(first)) {
        audio.add(first * 1000);
      }
    }
    return new Components(
        visual.size(),
        visual.stream().mapToDouble(Math::abs).average().orElse(Double.NaN),
        visual.stream().mapToDouble(Math::abs).max().orElse(Double.NaN),
        visual.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
        audio.stream().mapToDouble(Math::abs).average().orElse(Double.NaN),
        audio.stream().mapToDouble(Math::abs).max().orElse(Double.NaN),
        audio.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
  }

  public static String describe(Components c) {
    return String.format(
        Locale.ROOT,
        "Visual contact detector vs the event log (%d contacts): mean |error| %.1f ms, max %.1f ms,"
            + " mean signed %+.1f ms.%nAudio path (log-mel 31.25 ms columns → synthesis → onset"
            + " detector), first onset vs first true contact: mean |error| %.1f ms, max %.1f ms,"
            + " mean signed %+.1f ms.%n",
        c.contacts(),
        c.visualMeanAbsMs(),
        c.visualMaxAbsMs(),
        c.visualMeanMs(),
        c.audioMeanAbsMs(),
        c.audioMaxAbsMs(),
        c.audioMeanMs());
  }

  /** Worst error over every offset and clip: the measure's resolution. */
  public static double resolutionMs(List<Line> lines) {
    return lines.stream().mapToDouble(Line::maxErrorMs).max().orElse(Double.NaN);
  }

  public static String table(List<Line> lines) {
    StringBuilder b = new StringBuilder();
    b.append(
        "| injected offset (ms) | clips recovered | mean abs error (ms) | max abs error (ms) |\n");
    b.append("|---|---|---|---|\n");
    for (Line l : lines) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %+.0f | %d / %d | %.1f | %.1f |%n",
              l.injectedMs(),
              l.recovered(),
              l.clips(),
              l.meanErrorMs(),
              l.maxErrorMs()));
    }
    return b.toString();
  }
}
