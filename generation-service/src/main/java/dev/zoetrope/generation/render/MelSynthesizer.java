package dev.zoetrope.generation.render;

import dev.zoetrope.generation.model.MelScale;

/**
 * Turns the model's log-mel spectrogram into a 16 kHz waveform by additive synthesis: one sinusoid
 * per mel band at the band's centre frequency, its amplitude interpolated linearly per sample
 * between column centres — except where a band starts to sound.
 *
 * <p>Onsets: a column's value is measured through a Hann window two columns wide centred on the
 * column (see {@code world.MelSpectrogram}), so the window reaches a whole column ahead and a sound
 * lights up its band one column early. Interpolating from the centre of the quiet column before
 * that put every onset 1–1.5 columns (31–47 ms; ~35 ms as detected) before the sound that caused
 * it. Now, where a band's amplitude rises by {@link #RISE} or more from one column ({@code k-1}) to
 * the next ({@code k}), the sound started after column {@code k-1}'s window ended and before column
 * {@code k}'s did: between the centres of columns {@code k} and {@code k+1}. The energies of
 * columns {@code k}, {@code k+1} and {@code k+2} place it within that span (matching what the
 * window would see of a sound that starts at that instant and decays exponentially), and the bands
 * that start in the same column share one onset, their estimates' energy-weighted mean. Each band
 * stays at its quiet level until then and steps up to the louder of the two columns. An impact is
 * then heard within a millisecond of when it started ({@code MelSynthesizerTest}).
 *
 * <p>Why not a vocoder or Griffin-Lim: no neural vocoder is trainable in this project's compute
 * budget, and phase reconstruction from 32 coarse bands smears transients into noise. The world the
 * model is trained on makes tonal sounds (impacts with a pitch band, beeps, hums), which a sum of
 * band-centre sinusoids reproduces well, cheaply and deterministically.
 */
public final class MelSynthesizer {
  /** Fixed-peak safety margin: the loudest sample is scaled to at most this. */
  private static final double MAX_PEAK = 0.95;

  /**
   * Unity: a band's sinusoid has the amplitude its mel value names, so the analysis the model was
   * trained on reads back the value the model produced. Our own clips then round-trip as sources
   * (an extension does not make its source quieter); loud many-band moments are limited below.
   */
  private static final double GAIN = 1.0;

  /** Amplitude ratio between neighbouring columns (6 dB) that marks a band's onset. */
  static final double RISE = 2.0;

  /** Length of the step at an onset: short enough to keep it sharp, long enough not to alias. */
  private static final int STEP_SAMPLES = 8;

  private MelSynthesizer() {}

  /**
   * @param mel {@code [bins][columns]} row-major, model values in [-1, 1]
   * @param columns columns per band
   * @param seconds clip length; the result has exactly {@code seconds × 16000} samples
   */
  public static float[] synthesize(float[] mel, int columns, int seconds) {
    int samples = seconds * MelScale.SAMPLE_RATE;
    if (mel.length != MelScale.BINS * columns) {
      throw new IllegalArgumentException("mel has " + mel.length + " values, not bins×" + columns);
    }
    double hop = (double) samples / columns;
    double[] out = new double[samples];
    double[][] amps = new double[MelScale.BINS][columns];
    for (int bin = 0; bin < MelScale.BINS; bin++) {
      for (int col = 0; col < columns; col++) {
        amps[bin][col] = MelScale.amplitude(mel[bin * columns + col]);
      }
    }
    double[] onsets = sharedOnsets(amps, columns, hop);
    for (int bin = 0; bin < MelScale.BINS; bin++) {
      double[] amp = amps[bin];
      double omega = 2 * Math.PI * MelScale.centreHz(bin) / MelScale.SAMPLE_RATE;
      // A fixed, spread start phase per band keeps the bands from summing into a click at t=0.
      double phase = bin * 2.399963229728653;
      // Rotating a unit phasor is exact enough over 20 s and avoids 32 sin() calls per sample.
      double cos = Math.cos(phase);
      double sin = Math.sin(phase);
      double stepCos = Math.cos(omega);
      double stepSin = Math.sin(omega);
      double[] env = envelope(amp, columns, samples, hop, onsets);
      for (int i = 0; i < samples; i++) {
        out[i] += env[i] * sin;
        double nextCos = cos * stepCos - sin * stepSin;
        sin = sin * stepCos + cos * stepSin;
        cos = nextCos;
        if ((i & 4095) == 4095) {
          double norm = Math.sqrt(cos * cos + sin * sin);
          cos /= norm;
          sin /= norm;
        }
      }
    }
    double peak = 0;
    for (double v : out) {
      peak = Math.max(peak, Math.abs(v * GAIN));
    }
    double scale = peak > MAX_PEAK ? GAIN * MAX_PEAK / peak : GAIN;
    float[] wave = new float[samples];
    for (int i = 0; i < samples; i++) {
      wave[i] = (float) (out[i] * scale);
    }
    return wave;
  }

  /** One band's amplitude per sample: centre-to-centre interpolation, onsets placed as above. */
  /**
   * Per column, the onset shared by every band that starts to sound there, NaN where none does: the
   * energy-weighted mean of the bands' own estimates. One sound starts once; letting each band keep
   * its own estimate would let the earliest of 32 noisy estimates decide when it is heard.
   */
  static double[] sharedOnsets(double[][] amps, int columns, double hop) {
    double[] sum = new double[columns];
    double[] weight = new double[columns];
    for (double[] amp : amps) {
      for (int k = 1; k < columns; k++) {
        if (amp[k] < RISE * amp[k - 1]) {
          continue;
        }
        double next = k + 1 < columns ? amp[k + 1] : amp[k];
        double after = k + 2 < columns ? amp[k + 2] : Double.NaN;
        double u = onsetInWindow(amp[k] * amp[k], next * next, after * after);
        double w = Math.max(amp[k], next);
        w *= w;
        sum[k] += w * (k - 0.5 + 2 * u) * hop;
        weight[k] += w;
        k++;
      }
    }
    double[] out = new double[columns];
    for (int k = 0; k < columns; k++) {
      out[k] = weight[k] > 0 ? sum[k] / weight[k] : Double.NaN;
    }
    return out;
  }

  static double[] envelope(double[] amp, int columns, int samples, double hop, double[] onsets) {
    double[] env = new double[samples];
    for (int i = 0; i < samples; i++) {
      double pos = (i + 0.5) / hop - 0.5;
      int c0 = (int) Math.floor(pos);
      double frac = pos - c0;
      double a0 = amp[Math.max(0, Math.min(columns - 1, c0))];
      double a1 = amp[Math.max(0, Math.min(columns - 1, c0 + 1))];
      env[i] = a0 + (a1 - a0) * frac;
    }
    // Column 0's window is zero-padded before the clip: a rise there is not an onset's signature.
    for (int k = 1; k < columns; k++) {
      double quiet = amp[k - 1];
      if (amp[k] < RISE * quiet) {
        continue;
      }
      double next = k + 1 < columns ? amp[k + 1] : amp[k];
      double onsetS = onsets[k];
      double loud = Math.max(amp[k], next);
      int from = (int) Math.max(0, Math.ceil((k - 0.5) * hop - 0.5));
      int onset = (int) Math.round(onsetS - 0.5);
      int to = (int) Math.min(samples, Math.ceil((k + 1.5) * hop - 0.5));
      for (int i = from; i < to; i++) {
        env[i] =
            i < onset
                ? quiet
                : quiet + (loud - quiet) * Math.min(1, (i - onset + 1) / (double) STEP_SAMPLES);
      }
      // Column k+1 belongs to this onset (its rise from k is the same sound coming fully in).
      k++;
    }
    return env;
  }

  /**
   * Where in column {@code k}'s window (as a fraction 0.5..1 of its length) a sound started, from
   * the band's energy in columns {@code k}, {@code k+1} and {@code k+2} ({@code e2} NaN when the
   * clip ends first). The sound is modelled as starting at that instant and decaying exponentially
   * (from held to a click); the window is Hann over two hops, so column {@code k+1}'s window sees
   * the same instant at {@code u − 0.5} and column {@code k+2}'s at {@code u − 1}. The (onset,
   * decay) pair whose energy ratios best match the measured ones (in log terms) wins.
   */
  static double onsetInWindow(double e0, double e1, double e2) {
    double r1 = Math.log(Math.max(e0, 1e-30) / Math.max(e1, 1e-30));
    double r2 = Double.isNaN(e2) ? Double.NaN : Math.log(Math.max(e2, 1e-30) / Math.max(e1, 1e-30));
    double best = Double.MAX_VALUE;
    double bestU = 0.5;
    for (int d = 0; d < DECAYS.length; d++) {
      for (int i = 0; i < ONSETS; i++) {
        double err = sq(TABLE_R1[d][i] - r1) + (Double.isNaN(r2) ? 0 : sq(TABLE_R2[d][i] - r2));
        if (err < best) {
          best = err;
          bestU = 0.5 + (i + 0.5) / (2.0 * ONSETS);
        }
      }
    }
    return bestU;
  }

  private static double sq(double v) {
    return v * v;
  }

  private static final int ONSETS = 64;

  /** Energy decay rates per window length: held, then e-folding in 4 windows down to 1/400. */
  private static final double[] DECAYS = decays();

  private static final double[][] TABLE_R1 = new double[DECAYS.length][ONSETS];
  private static final double[][] TABLE_R2 = new double[DECAYS.length][ONSETS];

  static {
    for (int d = 0; d < DECAYS.length; d++) {
      for (int i = 0; i < ONSETS; i++) {
        double u = 0.5 + (i + 0.5) / (2.0 * ONSETS);
        double e0 = windowEnergy(u, DECAYS[d]);
        double e1 = windowEnergy(u - 0.5, DECAYS[d]);
        double e2 = windowEnergy(u - 1, DECAYS[d]);
        TABLE_R1[d][i] = Math.log(e0 / e1);
        TABLE_R2[d][i] = Math.log(e2 / e1);
      }
    }
  }

  private static double[] decays() {
    double[] out = new double[41];
    for (int i = 1; i < out.length; i++) {
      out[i] = 0.25 * Math.pow(1600, (i - 1) / 39.0);
    }
    return out;
  }

  /**
   * Energy a squared Hann window over [0, 1] sees of a sound starting at {@code start} (window
   * units, may be negative) whose energy decays as {@code exp(−decay·(x − start))}.
   */
  private static double windowEnergy(double start, double decay) {
    int n = 400;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double x = (j + 0.5) / n;
      if (x < start) {
        continue;
      }
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * x);
      sum += w * w * Math.exp(-decay * (x - start));
    }
    return sum / n;
  }
}
