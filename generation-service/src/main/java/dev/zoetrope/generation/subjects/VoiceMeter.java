package dev.zoetrope.generation.subjects;

import dev.zoetrope.generation.world.MelSpectrogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two measures of a voice from the waveform alone: its fundamental frequency, which the subject
 * encoder reads from a recording, and its spectral envelope ({@link #envelope}), which evaluation
 * compares through the model's native audio, where no pitch survives.
 *
 * <p>The fundamental: YIN (cumulative-mean-normalised difference, absolute threshold, parabolic
 * refinement) on 40 ms frames every 10 ms, kept only where the frame is loud enough and periodic;
 * the median over kept frames is the voice's pitch. YIN is used rather than the autocorrelation
 * peak because the world's bright timbres have strong upper harmonics that make a plain
 * autocorrelation pick an octave too high.
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

  /**
   * A column is voiced when its loudest band is at least this model value (-30 dB of band
   * amplitude): a character's strongest harmonic is about -12 to -17 dB (the world's voice gain
   * spread over the harmonics), so the threshold keeps the silence between words out and the spoken
   * columns in.
   */
  static final double VOICED_VALUE = 0.25;

  private VoiceMeter() {}

  /**
   * A voice's spectral envelope, read from what the native audio keeps (band energies, nothing
   * finer than a mel band, so no pitch): over the columns of the waveform's 32-band log-mel (32 per
   * second) whose loudest band reaches {@link #VOICED_VALUE}, the share of each column's energy in
   * each band, averaged. The fundamental and each harmonic light the bands they fall in (the pitch,
   * coarsely) and the harmonics' weights set how the energy spreads upward (the timbre). Shares per
   * column make it independent of loudness.
   *
   * @return null when fewer than {@link #MIN_VOICED_FRAMES} columns are voiced
   */
  public static Envelope envelope(float[] wave) {
    float[][] mel = MelSpectrogram.standard().compute(wave);
    int bins = mel.length;
    double[] share = new double[bins];
    double[] power = new double[bins];
    int voiced = 0;
    for (int c = 0; c < mel[0].length; c++) {
      double loudest = -1;
      double total = 0;
      for (int b = 0; b < bins; b++) {
        loudest = Math.max(loudest, mel[b][c]);
        double a = MelSpectrogram.amplitude(mel[b][c]);
        power[b] = a * a;
        total += power[b];
      }
      if (loudest < VOICED_VALUE) {
        continue;
      }
      for (int b = 0; b < bins; b++) {
        share[b] += power[b] / total;
      }
      voiced++;
    }
    if (voiced < MIN_VOICED_FRAMES) {
      return null;
    }
    for (int b = 0; b < bins; b++) {
      share[b] /= voiced;
    }
    return new Envelope(share);
  }

  /**
   * @param energyShare per mel band, the mean share of a voiced column's energy (sums to 1)
   */
  public record Envelope(double[] energyShare) {
    public Envelope {
      energyShare = energyShare.clone();
    }

    @Override
    public double[] energyShare() {
      return energyShare.clone();
    }

    /**
     * Earth mover's distance in mel bands: how far, on average, the energy of one envelope must
     * move to become the other. A voice a few percent higher moves its harmonics by a fraction of a
     * band and scores a fraction of a band; a band-by-band difference would count every harmonic
     * that crossed a band edge as wholly different.
     */
    public double distanceBands(Envelope other) {
      double d = 0;
      double cumulative = 0;
      for (int b = 0; b < energyShare.length; b++) {
        cumulative += energyShare[b] - other.energyShare[b];
        d += Math.abs(cumulative);
      }
      return d;
    }
  }

  /** Median fundamental over voiced frames, or NaN when fewer than five frames are voiced. */
  public static double pitchHz(float[] wave, int sampleRate) {
    double[] f0 = voicedPitches(wave, sampleRate);
    if (f0.length < MIN_VOICED_FRAMES) {
      return Double.NaN;
    }
    Arrays.sort(f0);
    return f0[f0.length / 2];
  }

  /**
   * Median over voiced frames of the second harmonic's amplitude relative to the first: what tells
   * the world's timbre families apart ({@link dev.zoetrope.generation.world.Voice.Timbre#of}), NaN
   * when fewer than five frames are voiced. Each frame's fundamental comes from YIN; the two
   * amplitudes are Hann-windowed DFT magnitudes at f0 and 2·f0 (40 ms frames resolve harmonics 80
   * Hz apart and more, the lowest pitch the meter accepts).
   */
  public static double secondHarmonicRatio(float[] wave, int sampleRate) {
    int frame = (int) Math.round(FRAME_S * sampleRate);
    List<Double> ratios = new ArrayList<>();
    forEachVoicedFrame(
        wave,
        sampleRate,
        (start, hz) -> {
          if (2 * hz < sampleRate / 2.0) {
            double first = magnitude(wave, start, frame, hz / sampleRate);
            if (first > 0) {
              ratios.add(magnitude(wave, start, frame, 2 * hz / sampleRate) / first);
            }
          }
        });
    if (ratios.size() < MIN_VOICED_FRAMES) {
      return Double.NaN;
    }
    double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return r[r.length / 2];
  }

  /** |Σ w(i)·x(i)·e^(−2πi·f·i)| over one Hann-windowed frame; {@code f} in cycles per sample. */
  private static double magnitude(float[] x, int start, int length, double f) {
    double re = 0;
    double im = 0;
    for (int i = 0; i < length; i++) {
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (length - 1));
      double a = 2 * Math.PI * f * i;
      re += w * x[start + i] * Math.cos(a);
      im -= w * x[start + i] * Math.sin(a);
    }
    return Math.hypot(re, im);
  }

  private interface VoicedFrame {
    void accept(int start, double hz);
  }

  static double[] voicedPitches(float[] wave, int sampleRate) {
    List<Double> out = new ArrayList<>();
    forEachVoicedFrame(wave, sampleRate, (start, hz) -> out.add(hz));
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void forEachVoicedFrame(float[] wave, int sampleRate, VoicedFrame sink) {
    int frame = (int) Math.round(FRAME_S * sampleRate);
    int step = (int) Math.round(STEP_S * sampleRate);
    int minLag = (int) Math.floor(sampleRate / MAX_HZ);
    int maxLag = (int) Math.ceil(sampleRate / MIN_HZ);
    int window = frame - maxLag;
    if (window < minLag) {
      throw new IllegalStateException("frame too short for the lag range");
    }
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
        sink.accept(start, hz);
      }
    }
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
