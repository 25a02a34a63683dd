package dev.zoetrope.moderation.photosensitivity;

import java.util.ArrayList;
import java.util.List;

/**
 * The general flash test in the spirit of WCAG 2.3.1 ("Three Flashes or Below Threshold"), run on
 * each frame's mean relative luminance (0 = black, 1 = white). A transition is a swing of at least
 * {@code minDelta} between a peak and a trough, found with hysteresis so that noise and slow drifts
 * do not count; it is hazardous only if its darker end is below {@code darkerBelow} (two bright
 * states flickering are harmless). A flash is a pair of opposing transitions, and the clip fails
 * when some window of {@code windowMicros} holds more than {@code maxFlashes} flashes.
 *
 * <p>Known gaps: whole-frame means dilute a flashing area smaller than the frame, and the separate
 * red-flash threshold (saturated red) is not tested.
 */
public final class FlashDetector {
  private final double minDelta;
  private final double darkerBelow;
  private final int maxFlashes;
  private final long windowMicros;

  public FlashDetector(double minDelta, double darkerBelow, int maxFlashes, long windowMicros) {
    if (minDelta <= 0 || darkerBelow <= 0 || maxFlashes < 0 || windowMicros <= 0) {
      throw new IllegalArgumentException("flash thresholds must be positive");
    }
    this.minDelta = minDelta;
    this.darkerBelow = darkerBelow;
    this.maxFlashes = maxFlashes;
    this.windowMicros = windowMicros;
  }

  /** WCAG's numbers: 10% of the maximum luminance, darker state below 0.80, 3 flashes per s. */
  public static FlashDetector wcag() {
    return new FlashDetector(0.1, 0.8, 3, 1_000_000);
  }

  /**
   * @param timestampsMicros presentation time of each frame, non-decreasing
   * @param luminance mean relative luminance of each frame, 0..1
   */
  public Report analyze(long[] timestampsMicros, double[] luminance) {
    if (timestampsMicros.length != luminance.length) {
      throw new IllegalArgumentException("one timestamp per luminance value");
    }
    List<Long> hazardous = new ArrayList<>();
    for (Transition t : transitions(timestampsMicros, luminance)) {
      if (Math.min(t.from(), t.to()) < darkerBelow) {
        hazardous.add(t.endMicros());
      }
    }
    int worst = 0;
    long worstStart = -1;
    int j = 0;
    for (int i = 0; i < hazardous.size(); i++) {
      if (j < i) {
        j = i;
      }
      while (j < hazardous.size() && hazardous.get(j) - hazardous.get(i) < windowMicros) {
        j++;
      }
      int flashes = (j - i) / 2;
      if (flashes > worst) {
        worst = flashes;
        worstStart = hazardous.get(i);
      }
    }
    return new Report(worst > maxFlashes, worst, worstStart, hazardous.size());
  }

  /**
   * @param exceeds more flashes in some window than allowed
   * @param maxFlashesInWindow the most flashes found in one window
   * @param worstWindowStartMicros where that window starts, or -1 when there was no flash
   * @param hazardousTransitions transitions whose darker end is dark enough to count
   */
  public record Report(
      boolean exceeds,
      int maxFlashesInWindow,
      long worstWindowStartMicros,
      int hazardousTransitions) {}

  record Transition(double from, double to, long endMicros) {}

  /** Zig-zag over the series: alternating extremes, each at least {@code minDelta} apart. */
  List<Transition> transitions(long[] ts, double[] lum) {
    List<Transition> out = new ArrayList<>();
    if (lum.length == 0) {
      return out;
    }
    int direction = 0;
    double pivot = lum[0];
    double min = lum[0];
    double max = lum[0];
    double extreme = lum[0];
    long extremeAt = ts[0];
    for (int i = 1; i < lum.length; i++) {
      double v = lum[i];
      if (direction == 0) {
        // No swing yet: the first one starts at whichever extreme it moves away from.
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
        if (v - min >= minDelta) {
          direction = 1;
          pivot = min;
          extreme = v;
          extremeAt = ts[i];
        } else if (max - v >= minDelta) {
          direction = -1;
          pivot = max;
          extreme = v;
          extremeAt = ts[i];
        }
      } else if (direction > 0) {
        if (v > extreme) {
          extreme = v;
          extremeAt = ts[i];
        } else if (extreme - v >= minDelta) {
          out.add(new Transition(pivot, extreme, extremeAt));
          pivot = extreme;
          direction = -1;
          extreme = v;
          extremeAt = ts[i];
        }
      } else {
        if (v < extreme) {
          extreme = v;
          extremeAt = ts[i];
        } else if (v - extreme >= minDelta) {
          out.add(new Transition(pivot, extreme, extremeAt));
          pivot = extreme;
          direction = 1;
          extreme = v;
          extremeAt = ts[i];
        }
      }
    }
    if (direction != 0) {
      out.add(new Transition(pivot, extreme, extremeAt));
    }
    return out;
  }
}
