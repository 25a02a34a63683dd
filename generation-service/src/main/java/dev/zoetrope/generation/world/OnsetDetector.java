package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where sounds start, for measuring audio/video sync against the known world.
 *
 * <p>Waveform detector ({@link #detect(float[], int)}): the signal is split into a pre-emphasised
 * full band ({@code x[n] - 0.9·x[n-1]}) and eight half-octave bands (band-pass biquads centred on
 * 500 Hz to 5.7 kHz) and a 6 kHz high-pass, so a new impact is still found while an earlier one
 * rings in other bands. In each, energy is taken in 1 ms frames; frame {@code f} starts an onset
 * when, in any of them, the mean of frames {@code f..f+2} is at least {@link #JUMP_DB} above the
 * mean of the 20 ms before (skipping the last 2 ms) and above {@link #FLOOR_DB}. Averaging 3 ms
 * keeps the pitch-period ripple of a voice from firing; later onsets within {@link #REFRACTORY_S}
 * are ignored. The time is then refined to the first sample in that stretch whose squared value in
 * a firing band crosses the band's threshold: resolution one sample. Measured in {@code
 * OnsetDetectorTest}: sub-millisecond on the world's impacts and syllables; a sound that starts
 * while a louder one of the same partials still rings (a metal ball re-struck) can be missed.
 *
 * <p>Spectrogram detector ({@link #detect(float[][], double)}): the same rule on the summed band
 * energy of log-mel columns (for model output before synthesis); resolution one column.
 */
public final class OnsetDetector {
  public static final double JUMP_DB = 8;
  public static final double FLOOR_DB = -60;
  public static final double REFRACTORY_S = 0.04;

  private static final double FRAME_S = 0.001;
  private static final double HISTORY_S = 0.020;
  private static final double SKIP_S = 0.002;
  private static final double LOOK_S = 0.003;
  private static final double[] BAND_CENTRES_HZ = {500, 707, 1000, 1414, 2000, 2828, 4000, 5657};
  private static final double BAND_Q = 2.8;

  /** Above the world's modal partials: a fresh impact's click shows here even over a ring. */
  private static final double HIGH_PASS_HZ = 6_000;

  /** Column-domain rule: a jump over the mean of the previous 3 columns. */
  public static final double MEL_JUMP_DB = 6;

  public static final double MEL_FLOOR_DB = -50;

  private OnsetDetector() {}

  /** An onset at {@code timeS}, {@code jumpDb} above what came before (in the firing band). */
  public record Onset(double timeS, double jumpDb) {}

  public static List<Onset> detect(float[] samples, int sampleRate) {
    int hop = Math.max(1, (int) Math.round(FRAME_S * sampleRate));
    int frames = samples.length / hop;
    List<double[]> signals = new ArrayList<>();
    signals.add(preEmphasised(samples));
    List<double[]> filters = new ArrayList<>();
    for (double hz : BAND_CENTRES_HZ) {
      if (hz * 1.5 < sampleRate / 2.0) {
        filters.add(biquad(sampleRate, hz, false));
      }
    }
    if (HIGH_PASS_HZ * 1.2 < sampleRate / 2.0) {
      filters.add(biquad(sampleRate, HIGH_PASS_HZ, true));
    }
    signals.addAll(filter(samples, filters));
    int history = (int) Math.round(HISTORY_S / FRAME_S);
    int skip = (int) Math.round(SKIP_S / FRAME_S);
    int refractory = (int) Math.round(REFRACTORY_S / FRAME_S);
    double floor = Math.pow(10, FLOOR_DB / 10);
    double jump = Math.pow(10, JUMP_DB / 10);
    int look = Math.max(1, (int) Math.round(LOOK_S / FRAME_S));
    // Prefix sums of per-frame energy: any window's mean in O(1).
    double[][] prefix = new double[signals.size()][frames + 1];
    for (int s = 0; s < signals.size(); s++) {
      double[] sq = signals.get(s);
      double[] p = prefix[s];
      for (int i = 0; i < sq.length; i++) {
        sq[i] = sq[i] * sq[i];
      }
      for (int f = 0; f < frames; f++) {
        double sum = 0;
        for (int i = f * hop; i < (f + 1) * hop; i++) {
          sum += sq[i];
        }
        p[f + 1] = p[f] + sum / hop;
      }
    }
    List<Onset> out = new ArrayList<>();
    int last = Integer.MIN_VALUE / 2;
    for (int f = 0; f < frames; f++) {
      if (f - last < refractory) {
        continue;
      }
      int at = Integer.MAX_VALUE;
      double strength = 0;
      int end = Math.min(frames, f + look);
      int bgFrom = Math.max(0, f - skip - history);
      int bgTo = Math.max(bgFrom, f - skip);
      for (int s = 0; s < signals.size(); s++) {
        double[] p = prefix[s];
        double now = (p[end] - p[f]) / (end - f);
        if (now < floor) {
          continue;
        }
        double bg = bgTo > bgFrom ? (p[bgTo] - p[bgFrom]) / (bgTo - bgFrom) : 0;
        double threshold = Math.max(bg * jump, floor);
        if (now < threshold) {
          continue;
        }
        double[] sq = signals.get(s);
        int first = f * hop;
        for (int i = Math.max(0, (f - 1) * hop); i < Math.min(sq.length, end * hop); i++) {
          if (sq[i] >= threshold) {
            first = i;
            break;
          }
        }
        at = Math.min(at, first);
        strength = Math.max(strength, 10 * Math.log10(now / Math.max(bg, 1e-20)));
      }
      if (at != Integer.MAX_VALUE) {
        out.add(new Onset(at / (double) sampleRate, strength));
        last = f;
      }
    }
    return out;
  }

  private static double[] preEmphasised(float[] x) {
    double[] y = new double[x.length];
    double prev = 0;
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] - 0.9 * prev;
      prev = x[i];
    }
    return y;
  }

  /** RBJ band-pass (0 dB peak gain) or high-pass biquad: {b0, b1, b2, a1, a2}. */
  private static double[] biquad(int sampleRate, double hz, boolean highPass) {
    double w0 = 2 * Math.PI * hz / sampleRate;
    double cos = Math.cos(w0);
    double alpha = Math.sin(w0) / (2 * (highPass ? Math.sqrt(0.5) : BAND_Q));
    double a0 = 1 + alpha;
    return new double[] {
      highPass ? (1 + cos) / 2 / a0 : alpha / a0,
      highPass ? -(1 + cos) / a0 : 0,
      highPass ? (1 + cos) / 2 / a0 : -alpha / a0,
      -2 * cos / a0,
      (1 - alpha) / a0
    };
  }

  /** Runs every filter in one pass: their recursions are independent, so the CPU overlaps them. */
  private static List<double[]> filter(float[] x, List<double[]> coefficients) {
    int n = coefficients.size();
    double[][] out = new double[n][x.length];
    double[] c = new double[n * 5];
    for (int k = 0; k < n; k++) {
      System.arraycopy(coefficients.get(k), 0, c, k * 5, 5);
    }
    double[] y1 = new double[n];
    double[] y2 = new double[n];
    double x1 = 0;
    double x2 = 0;
    for (int i = 0; i < x.length; i++) {
      double x0 = x[i];
      for (int k = 0; k < n; k++) {
        int o = k * 5;
        double v = c[o] * x0 + c[o + 1] * x1 + c[o + 2] * x2 - c[o + 3] * y1[k] - c[o + 4] * y2[k];
        y2[k] = y1[k];
        y1[k] = v;
        out[k][i] = v;
      }
      x2 = x1;
      x1 = x0;
    }
    return List.of(out);
  }

  /**
   * Onsets in a log-mel spectrogram {@code [bins][columns]} (values as {@link MelSpectrogram}); an
   * onset's time is the start of its column.
   */
  public static List<Onset> detect(float[][] mel, double columnsPerSecond) {
    int cols = mel[0].length;
    double[] energy = new double[cols];
    for (int c = 0; c < cols; c++) {
      double sum = 0;
      for (float[] band : mel) {
        double a = MelSpectrogram.amplitude(band[c]);
        sum += a * a;
      }
      energy[c] = sum;
    }
    double floor = Math.pow(10, MEL_FLOOR_DB / 10);
    double jump = Math.pow(10, MEL_JUMP_DB / 10);
    int refractory = Math.max(1, (int) Math.round(REFRACTORY_S * columnsPerSecond));
    List<Onset> out = new ArrayList<>();
    int last = Integer.MIN_VALUE / 2;
    for (int c = 0; c < cols; c++) {
      if (c - last < refractory || energy[c] < floor) {
        continue;
      }
      double bg = 0;
      int n = 0;
      for (int k = Math.max(0, c - 3); k < c; k++) {
        bg += energy[k];
        n++;
      }
      bg = n == 0 ? 0 : bg / n;
      if (energy[c] >= Math.max(bg * jump, floor)) {
        out.add(new Onset(c / columnsPerSecond, 10 * Math.log10(energy[c] / Math.max(bg, 1e-20))));
        last = c;
      }
    }
    return out;
  }

  public static double[] times(List<Onset> onsets) {
    return onsets.stream().mapToDouble(Onset::timeS).toArray();
  }
}
