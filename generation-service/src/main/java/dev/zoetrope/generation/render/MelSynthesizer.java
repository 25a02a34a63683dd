package dev.zoetrope.generation.render;

import dev.zoetrope.generation.model.MelScale;

/**
 * Turns the model's log-mel spectrogram into a 16 kHz waveform by additive synthesis: one sinusoid
 * per mel band at the band's centre frequency, its amplitude interpolated linearly per sample
 * between column centres.
 *
 * <p>Why not a vocoder or Griffin-Lim: no neural vocoder is trainable in this project's compute
 * budget, and phase reconstruction from 32 coarse bands smears transients into noise. The world the
 * model is trained on makes tonal sounds (impacts with a pitch band, beeps, hums), which a sum of
 * band-centre sinusoids reproduces well, cheaply and deterministically.
 */
public final class MelSynthesizer {
  /** Fixed-peak safety margin: the loudest sample is scaled to at most this. */
  private static final double MAX_PEAK = 0.95;

  private static final double GAIN = 1.0 / Math.sqrt(MelScale.BINS);

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
    double[] amp = new double[columns];
    for (int bin = 0; bin < MelScale.BINS; bin++) {
      for (int col = 0; col < columns; col++) {
        amp[col] = MelScale.amplitude(mel[bin * columns + col]);
      }
      double omega = 2 * Math.PI * MelScale.centreHz(bin) / MelScale.SAMPLE_RATE;
      // A fixed, spread start phase per band keeps the bands from summing into a click at t=0.
      double phase = bin * 2.399963229728653;
      // Rotating a unit phasor is exact enough over 20 s and avoids 32 sin() calls per sample.
      double cos = Math.cos(phase);
      double sin = Math.sin(phase);
      double stepCos = Math.cos(omega);
      double stepSin = Math.sin(omega);
      for (int i = 0; i < samples; i++) {
        double pos = (i + 0.5) / hop - 0.5;
        int c0 = (int) Math.floor(pos);
        double frac = pos - c0;
        double a0 = amp[Math.max(0, Math.min(columns - 1, c0))];
        double a1 = amp[Math.max(0, Math.min(columns - 1, c0 + 1))];
        out[i] += (a0 + (a1 - a0) * frac) * sin;
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
}
