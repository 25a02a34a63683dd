package dev.zoetrope.generation.world;

/**
 * Log-mel spectrogram of a 16 kHz waveform, in the representation the generator's audio branch
 * uses: {@link #BINS} triangular bands evenly spaced on the HTK mel scale between {@link #MIN_HZ}
 * and {@link #MAX_HZ}, each value in [-1, 1] mapping linearly to [-80, 0] dB of band amplitude
 * ({@code dB = 40 * (value - 1)}), where a sine of amplitude {@code A} centred in a band reads
 * amplitude {@code A}. These numbers match {@code dev.zoetrope.generation.model.MelScale}.
 *
 * <p>Column {@code c} covers samples {@code [c·hop, (c+1)·hop)}: a Hann window of {@link
 * #windowSamples()} samples (twice the hop) centred on {@code (c + 0.5)·hop}, zero-padded at the
 * clip's edges. The hop may be fractional (window starts are rounded to the nearest sample), which
 * is what lets a frame rate like 24 fps have a whole number of columns per frame at 16 kHz.
 *
 * <ul>
 *   <li>{@link #standard()}: 32 columns per second (hop 500 samples, 31.25 ms) — exactly 4 columns
 *       per 1/8 s, i.e. 4 per frame at 8 fps or 4 per 3 frames at 24 fps;
 *   <li>{@link #perVideoFrame(double, int)}: e.g. {@code perVideoFrame(24, 2)} — 48 columns per
 *       second (hop 333⅓ samples, 20.8 ms), exactly 2 columns per 24 fps frame.
 * </ul>
 */
public final class MelSpectrogram {
  public static final int SAMPLE_RATE = Soundtrack.SAMPLE_RATE;
  public static final int BINS = 32;
  public static final double MIN_HZ = 50;
  public static final double MAX_HZ = 7_600;
  public static final double FLOOR_DB = -80;

  private final double columnsPerSecond;
  private final double hop;
  private final int window;
  private final int fft;
  private final double[] hann;
  private final double windowPower;
  private final int[] filterStart;
  private final double[][] filters;

  /**
   * @param columnsPerSecond any rate up to 400 (hop of 40 samples)
   */
  public MelSpectrogram(double columnsPerSecond) {
    if (!(columnsPerSecond > 0 && columnsPerSecond <= 400)) {
      throw new IllegalArgumentException("columns per second must be in (0, 400]");
    }
    this.columnsPerSecond = columnsPerSecond;
    this.hop = SAMPLE_RATE / columnsPerSecond;
    this.window = (int) Math.round(2 * hop);
    int n = 1;
    while (n < window) {
      n <<= 1;
    }
    this.fft = n;
    this.hann = new double[window];
    double power = 0;
    for (int i = 0; i < window; i++) {
      hann[i] = 0.5 - 0.5 * StrictMath.cos(2 * StrictMath.PI * (i + 0.5) / window);
      power += hann[i] * hann[i];
    }
    this.windowPower = power;
    this.filterStart = new int[BINS];
    this.filters = new double[BINS][];
    buildFilters();
  }

  /** 32 columns per second: 4 per 1/8 s. */
  public static MelSpectrogram standard() {
    return new MelSpectrogram(32);
  }

  /** {@code columnsPerFrame} columns per video frame at {@code fps}. */
  public static MelSpectrogram perVideoFrame(double fps, int columnsPerFrame) {
    return new MelSpectrogram(fps * columnsPerFrame);
  }

  public double columnsPerSecond() {
    return columnsPerSecond;
  }

  /** Samples per column (may be fractional). */
  public double hopSamples() {
    return hop;
  }

  public int windowSamples() {
    return window;
  }

  /** Columns for a clip of {@code samples}: {@code floor(samples / hop)}. */
  public int columns(int samples) {
    return (int) Math.floor(samples / hop + 1e-9);
  }

  /** Start time of column {@code c}, seconds. */
  public double columnStartS(int c) {
    return c / columnsPerSecond;
  }

  /** Band centre frequencies, Hz. */
  public static double centreHz(int bin) {
    double lo = hzToMel(MIN_HZ);
    double hi = hzToMel(MAX_HZ);
    return melToHz(lo + (hi - lo) * (bin + 1) / (BINS + 1));
  }

  /** Model value of a band amplitude: {@code 1 + dB/40}, clamped to [-1, 1]. */
  public static double value(double amplitude) {
    double db = 20 * StrictMath.log10(Math.max(amplitude, 1e-12));
    return Math.max(-1, Math.min(1, 1 + db / (-FLOOR_DB / 2)));
  }

  /** Band amplitude of a model value (inverse of {@link #value}). */
  public static double amplitude(double value) {
    double v = Math.max(-1, Math.min(1, value));
    return StrictMath.pow(10, (v - 1) * (-FLOOR_DB / 2) / 20);
  }

  /** {@code [BINS][columns(samples.length)]} values in [-1, 1]. */
  public float[][] compute(float[] samples) {
    int cols = columns(samples.length);
    float[][] out = new float[BINS][cols];
    double[] re = new double[fft];
    double[] im = new double[fft];
    double[] power = new double[fft / 2 + 1];
    for (int c = 0; c < cols; c++) {
      int start = (int) Math.round((c + 0.5) * hop - window / 2.0);
      java.util.Arrays.fill(re, 0);
      java.util.Arrays.fill(im, 0);
      for (int i = 0; i < window; i++) {
        int s = start + i;
        if (s >= 0 && s < samples.length) {
          re[i] = samples[s] * hann[i];
        }
      }
      transform(re, im);
      for (int k = 0; k <= fft / 2; k++) {
        power[k] = re[k] * re[k] + im[k] * im[k];
      }
      for (int b = 0; b < BINS; b++) {
        double[] f = filters[b];
        double sum = 0;
        for (int k = 0; k < f.length; k++) {
          sum += f[k] * power[filterStart[b] + k];
        }
        // Parseval: one-sided power over window energy is the band's mean square; a sine of
        // amplitude A has mean square A²/2.
        double meanSquare = 2 * sum / (fft * windowPower);
        out[b][c] = (float) value(Math.sqrt(2 * meanSquare));
      }
    }
    return out;
  }

  private void buildFilters() {
    double lo = hzToMel(MIN_HZ);
    double hi = hzToMel(MAX_HZ);
    double[] edges = new double[BINS + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = melToHz(lo + (hi - lo) * i / (BINS + 1));
    }
    double binHz = (double) SAMPLE_RATE / fft;
    for (int b = 0; b < BINS; b++) {
      int k0 = (int) Math.ceil(edges[b] / binHz);
      int k1 = (int) Math.floor(edges[b + 2] / binHz);
      k1 = Math.max(k1, k0);
      double[] f = new double[k1 - k0 + 1];
      for (int k = k0; k <= k1; k++) {
        double hz = k * binHz;
        double w =
            hz <= edges[b + 1]
                ? (hz - edges[b]) / (edges[b + 1] - edges[b])
                : (edges[b + 2] - hz) / (edges[b + 2] - edges[b + 1]);
        f[k - k0] = Math.max(0, w);
      }
      filterStart[b] = k0;
      filters[b] = f;
    }
  }

  /** In-place iterative radix-2 FFT. */
  private static void transform(double[] re, double[] im) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double ang = -2 * StrictMath.PI / len;
      double wr = StrictMath.cos(ang);
      double wi = StrictMath.sin(ang);
      for (int i = 0; i < n; i += len) {
        double cr = 1;
        double ci = 0;
        for (int k = 0; k < len / 2; k++) {
          int a = i + k;
          int b = a + len / 2;
          double xr = re[b] * cr - im[b] * ci;
          double xi = re[b] * ci + im[b] * cr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
          double ncr = cr * wr - ci * wi;
          ci = cr * wi + ci * wr;
          cr = ncr;
        }
      }
    }
  }

  static double hzToMel(double hz) {
    return 2595 * StrictMath.log10(1 + hz / 700);
  }

  static double melToHz(double mel) {
    return 700 * (StrictMath.pow(10, mel / 2595) - 1);
  }
}
