package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where sounds start, for measuring audio/video sync against the known world.
 *
 * <p>Waveform detector ({@link #detect(float[], int)}): the signal is pre-emphasised ({@code x[n] -
 * 0.9·x[n-1]}, so clicks and attacks stand out over low, steady tones), its energy taken in 1 ms
 * frames, and an onset is a frame at least {@link #JUMP_DB} louder than the mean energy of the 20
 * ms before it (skipping the last 2 ms) and above {@link #FLOOR_DB}; later onsets within {@link
 * #REFRACTORY_S} are ignored. The onset time is then refined to the first sample of that frame or
 * the one before whose emphasised energy crosses the threshold, so its resolution is a sample, its
 * accuracy set by the sound's attack (measured in the tests: see WorldTest).
 *
 * <p>Spectrogram detector ({@link #detect(float[][], double)}): the same rule on the summed band
 * energy of log-mel columns (for model output before synthesis); resolution one column.
 */
public final class OnsetDetector {
  public static final double JUMP_DB = 9;
  public static final double FLOOR_DB = -55;
  public static final double REFRACTORY_S = 0.04;

  private static final double FRAME_S = 0.001;
  private static final double HISTORY_S = 0.020;
  private static final double SKIP_S = 0.002;

  /** Column-domain rule: a jump over the mean of the previous 3 columns. */
  public static final double MEL_JUMP_DB = 6;

  public static final double MEL_FLOOR_DB = -50;

  private OnsetDetector() {}

  /** An onset at {@code timeS}, {@code jumpDb} above what came before. */
  public record Onset(double timeS, double jumpDb) {}

  public static List<Onset> detect(float[] samples, int sampleRate) {
    int hop = Math.max(1, (int) Math.round(FRAME_S * sampleRate));
    int frames = samples.length / hop;
    double[] e = new double[samples.length];
    double prev = 0;
    for (int i = 0; i < samples.length; i++) {
      double v = samples[i] - 0.9 * prev;
      prev = samples[i];
      e[i] = v * v;
    }
    double[] energy = new double[frames];
    for (int f = 0; f < frames; f++) {
      double sum = 0;
      for (int i = f * hop; i < (f + 1) * hop; i++) {
        sum += e[i];
      }
      energy[f] = sum / hop;
    }
    int history = (int) Math.round(HISTORY_S / FRAME_S);
    int skip = (int) Math.round(SKIP_S / FRAME_S);
    int refractory = (int) Math.round(REFRACTORY_S / FRAME_S);
    double floor = Math.pow(10, FLOOR_DB / 10);
    double jump = Math.pow(10, JUMP_DB / 10);
    List<Onset> out = new ArrayList<>();
    int last = Integer.MIN_VALUE / 2;
    for (int f = 0; f < frames; f++) {
      if (f - last < refractory || energy[f] < floor) {
        continue;
      }
      double bg = 0;
      int n = 0;
      for (int k = Math.max(0, f - skip - history); k < f - skip; k++) {
        bg += energy[k];
        n++;
      }
      bg = n == 0 ? 0 : bg / n;
      double threshold = Math.max(bg * jump, floor);
      if (energy[f] < threshold) {
        continue;
      }
      // Refine to the sample: the first one from the previous frame on that crosses the threshold.
      int from = Math.max(0, (f - 1) * hop);
      int at = f * hop;
      for (int i = from; i < (f + 1) * hop; i++) {
        if (e[i] >= threshold) {
          at = i;
          break;
        }
      }
      out.add(new Onset(at / (double) sampleRate, 10 * Math.log10(energy[f] / Math.max(bg, 1e-20))));
      last = f;
    }
    return out;
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
