package dev.zoetrope.generation.subjects;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fundamental frequency of a voice, from the waveform alone: YIN (cumulative-mean-normalised
 * difference, absolute threshold, parabolic refinement) on 40 ms frames every 10 ms, kept only
 * where the frame is loud enough and periodic; the median over kept frames is the voice's pitch.
 * YIN is used rather than the autocorrelation peak because the world's bright timbres have strong
 * upper harmonics that make a plain autocorrelation pick an octave too high.
 */
public final class VoiceMeter {
  static final double MIN_HZ = 80;
  static final double MAX_HZ = 800;
  static final double FRAME_S = 0.040;
  static final double STEP_S = 0.010;
  static final double THRESHOLD = 0.15;

  /** Frames quieter than this RMS (about -40 dBFS) are not voice. */
  static final double MIN_RMS = 0.01;

  static final int MIN_VOICED_FRAMES = 5;

  private VoiceMeter() {}

  /** Median fundamental over voiced frames, or NaN when fewer than five frames are voiced. */
  public static double pitchHz(float[] wave, int sampleRate) {
    double[] f0 = voicedPitches(wave, sampleRate);
    if (f0.length < MIN_VOICED_FRAMES) {
      return Double.NaN;
    }
    Arrays.sort(f0);
    return f0[f0.length / 2];
  }

  static double[] voicedPitches(float[] wave, int sampleRate) {
    int frame = (int) Math.round(FRAME_S * sampleRate);
    int step = (int) Math.round(STEP_S * sampleRate);
    int minLag = (int) Math.floor(sampleRate / MAX_HZ);
    int maxLag = (int) Math.ceil(sampleRate / MIN_HZ);
    int window = frame - maxLag;
    if (window < minLag) {
      throw new IllegalStateException("frame too short for the lag range");
    }
    List<Double> out = new ArrayList<>();
    double[] d = new double[maxLag + 1];
    for (int start = 0; start + frame <= wave.length; start += step) {
      double energy = 0;
      for (int i = start; i < start + frame; i++) {
        energy += wave[i] * wave[i];
      }
      if (Math.sqrt(energy / frame) < MIN_RMS) {
        continue;
      }
      double hz = yin(wave, start, window, minLag, maxLag, d, sampleRate);
      if (!Double.isNaN(hz)) {
        out.add(hz);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double yin(
      float[] x, int start, int window, int minLag, int maxLag, double[] d, int sampleRate) {
    for (int tau = 1; tau <= maxLag; tau++) {
      double s = 0;
      for (int i = start; i < start + window; i++) {
        double diff = x[i] - x[i + tau];
        s += diff * diff;
      }
      d[tau] = s;
    }
    // Cumulative mean normalisation: d'(τ) = d(τ) · τ / Σ_{j≤τ} d(j).
    double running = 0;
    double[] n = new double[maxLag + 1];
    n[0] = 1;
    for (int tau = 1; tau <= maxLag; tau++) {
      running += d[tau];
      n[tau] = running <= 0 ? 1 : d[tau] * tau / running;
    }
    int best = -1;
    for (int tau = Math.max(2, minLag); tau < maxLag; tau++) {
      if (n[tau] < THRESHOLD) {
        while (tau + 1 < maxLag && n[tau + 1] < n[tau]) {
          tau++;
        }
        best = tau;
        break;
      }
    }
    if (best < 0) {
      return Double.NaN;
    }
    double a = n[best - 1];
    double b = n[best];
    double c = n[best + 1];
    double den = a - 2 * b + c;
    double shift = Math.abs(den) < 1e-12 ? 0 : 0.5 * (a - c) / den;
    return sampleRate / (best + Math.max(-1, Math.min(1, shift)));
  }
}
