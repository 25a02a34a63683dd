package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Audio/video sync from event times (from an {@link EventLog} or detected in frames) and detected
 * audio onsets, in seconds.
 *
 * <p>Matching each event to its nearest onset is only sound when the offset is smaller than half
 * the spacing of events (bounces come 150 ms apart): {@link #globalOffset} first finds the single
 * shift that lines up the most events with onsets, so a clip shifted by 200 ms reads as 200 ms, not
 * as a small error against the next bounce.
 */
public final class SyncMeter {
  private SyncMeter() {}

  /** Summary of signed errors (onset − event), seconds; NaN entries are missed events. */
  public record Summary(
      int events, int matched, double meanAbsMs, double p95AbsMs, double medianMs) {}

  /** For each event, onset − event of the nearest onset within {@code maxLagS}, else NaN. */
  public static double[] nearestErrors(double[] events, double[] onsets, double maxLagS) {
    double[] out = new double[events.length];
    for (int i = 0; i < events.length; i++) {
      double best = Double.NaN;
      for (double o : onsets) {
        double d = o - events[i];
        if (Math.abs(d) <= maxLagS && (Double.isNaN(best) || Math.abs(d) < Math.abs(best))) {
          best = d;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * The shift (onset − event, seconds, within ±{@code rangeS}) that puts the most events within
   * {@code toleranceS} of an onset; ties go to the smaller mean residual, then the smaller shift.
   * The result is the median residual of the matched events under that shift. NaN when nothing
   * matches.
   */
  public static double globalOffset(
      double[] events, double[] onsets, double rangeS, double toleranceS) {
    int bestCount = 0;
    double bestResidual = Double.MAX_VALUE;
    double best = Double.NaN;
    for (double e : events) {
      for (double o : onsets) {
        double shift = o - e;
        if (Math.abs(shift) > rangeS) {
          continue;
        }
        List<Double> residuals = new ArrayList<>();
        for (double ev : events) {
          double r = nearest(ev + shift, onsets) - (ev + shift);
          if (Math.abs(r) <= toleranceS) {
            residuals.add(r);
          }
        }
        double meanAbs = residuals.stream().mapToDouble(Math::abs).average().orElse(0);
        // Ties prefer the closer fit, then the smaller shift (a large offset needs evidence).
        boolean better =
            residuals.size() > bestCount
                || (residuals.size() == bestCount && meanAbs < bestResidual - 1e-4)
                || (residuals.size() == bestCount
                    && Math.abs(meanAbs - bestResidual) <= 1e-4
                    && Math.abs(shift) < Math.abs(best));
        if (better) {
          bestCount = residuals.size();
          bestResidual = meanAbs;
          double[] r = residuals.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          best = shift + r[r.length / 2];
        }
      }
    }
    return best;
  }

  /** Error of the first event against the first onset at or after {@code event - maxLagS}. */
  public static double firstEventError(double[] events, double[] onsets, double maxLagS) {
    if (events.length == 0) {
      return Double.NaN;
    }
    for (double o : onsets) {
      if (o >= events[0] - maxLagS) {
        double d = o - events[0];
        return Math.abs(d) <= maxLagS ? d : Double.NaN;
      }
    }
    return Double.NaN;
  }

  public static Summary summarize(double[] errorsS) {
    double[] abs =
        Arrays.stream(errorsS).filter(d -> !Double.isNaN(d)).map(Math::abs).sorted().toArray();
    double[] signed = Arrays.stream(errorsS).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (abs.length == 0) {
      return new Summary(errorsS.length, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = Arrays.stream(abs).average().orElse(Double.NaN);
    double p95 = abs[Math.min(abs.length - 1, (int) Math.ceil(0.95 * abs.length) - 1)];
    return new Summary(
        errorsS.length, abs.length, mean * 1000, p95 * 1000, signed[signed.length / 2] * 1000);
  }

  private static double nearest(double t, double[] onsets) {
    double best = Double.NaN;
    for (double o : onsets) {
      if (Double.isNaN(best) || Math.abs(o - t) < Math.abs(best - t)) {
        best = o;
      }
    }
    return Double.isNaN(best) ? Double.POSITIVE_INFINITY : best;
  }
}
