package dev.zoetrope.generation.model;

/**
 * The audio representation the model generates: a log-mel spectrogram at 16 kHz. Both the
 * synthesiser (render) and any training-data renderer must use these numbers.
 *
 * <p>Values live in [-1, 1] and map linearly to [-80, 0] dB of amplitude per band: {@code dB = 40 *
 * (v - 1)}. One column spans {@link #HOP_SAMPLES} samples (31.25 ms), four per 8 fps frame.
 */
public final class MelScale {
  public static final int SAMPLE_RATE = 16_000;
  public static final int BINS = 32;
  public static final int COLUMNS_PER_SECOND = 32;
  public static final int HOP_SAMPLES = SAMPLE_RATE / COLUMNS_PER_SECOND;
  public static final double MIN_HZ = 50;
  public static final double MAX_HZ = 7_600;
  public static final double FLOOR_DB = -80;

  private static final double[] CENTRES = centres();

  private MelScale() {}

  /** Centre frequency of band {@code bin}: bins are evenly spaced on the HTK mel scale. */
  public static double centreHz(int bin) {
    return CENTRES[bin];
  }

  /** Linear amplitude of a model value (clamped to [-1, 1]). */
  public static double amplitude(double value) {
    double v = Math.max(-1, Math.min(1, value));
    return Math.pow(10, (-FLOOR_DB / 2) * (v - 1) / 20);
  }

  /** Inverse of {@link #amplitude}: the model value of a linear amplitude (floored at -80 dB). */
  public static double value(double amplitude) {
    double db = 20 * Math.log10(Math.max(amplitude, 1e-4));
    return Math.max(-1, Math.min(1, 1 + db / (-FLOOR_DB / 2)));
  }

  static double hzToMel(double hz) {
    return 2595 * Math.log10(1 + hz / 700);
  }

  static double melToHz(double mel) {
    return 700 * (Math.pow(10, mel / 2595) - 1);
  }

  private static double[] centres() {
    // Triangular-filterbank convention: BINS + 2 edges, the band centres are the inner points.
    double lo = hzToMel(MIN_HZ);
    double hi = hzToMel(MAX_HZ);
    double[] c = new double[BINS];
    for (int i = 0; i < BINS; i++) {
      c[i] = melToHz(lo + (hi - lo) * (i + 1) / (BINS + 1));
    }
    return c;
  }
}
