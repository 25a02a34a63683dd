package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.world.MelSpectrogram;
import dev.zoetrope.generation.world.OnsetDetector;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MelSynthesizerTest {

  private static float[] silence(int columns) {
    float[] mel = new float[MelScale.BINS * columns];
    Arrays.fill(mel, -1f);
    return mel;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 8, 12})
  void waveformIsExactlyTheClipLong(int seconds) {
    int columns = seconds * MelScale.COLUMNS_PER_SECOND;

    float[] wave = MelSynthesizer.synthesize(silence(columns), columns, seconds);

    assertThat(wave).hasSize(seconds * 16_000);
  }

  @Test
  void silentSpectrogramGivesNearSilence() {
    float[] wave = MelSynthesizer.synthesize(silence(128), 128, 4);

    // Every band at the -80 dB floor: 32 sinusoids of 1e-4 peak together below -53 dBFS.
    assertThat(peak(wave)).isLessThan(2.2e-3);
  }

  @Test
  void oneLoudBandSoundsAtItsCentreFrequencyAndOnlyWhereItIsLoud() {
    int columns = 128;
    int bin = 12;
    float[] mel = silence(columns);
    // Loud during the second half only.
    for (int c = columns / 2; c < columns; c++) {
      mel[bin * columns + c] = 1f;
    }

    float[] wave = MelSynthesizer.synthesize(mel, columns, 4);

    float[] firstHalf = Arrays.copyOfRange(wave, 0, 30_000);
    float[] secondHalf = Arrays.copyOfRange(wave, 34_000, 64_000);
    assertThat(peak(firstHalf)).isLessThan(0.01);
    assertThat(peak(secondHalf)).isBetween(0.1, 0.951);
    double centre = MelScale.centreHz(bin);
    double atCentre = power(secondHalf, centre);
    assertThat(atCentre).isGreaterThan(50 * power(secondHalf, MelScale.centreHz(bin - 2)));
    assertThat(atCentre).isGreaterThan(50 * power(secondHalf, MelScale.centreHz(bin + 2)));
  }

  /** What the synthesiser plays, the training analysis reads back at the same level. */
  @Test
  void aBandsLevelSurvivesTheRoundTripThroughTheAnalysis() {
    int columns = 128;
    int bin = 14;
    float[] mel = silence(columns);
    for (int c = 0; c < columns; c++) {
      mel[bin * columns + c] = 0.5f;
    }

    float[][] analysed =
        MelSpectrogram.perVideoFrame(8, 4).compute(MelSynthesizer.synthesize(mel, columns, 4));

    for (int c = 16; c < 112; c += 8) {
      assertThat((double) analysed[bin][c]).as("column " + c).isCloseTo(0.5, within(0.06));
    }
  }

  @Test
  void everyBandFullyOnIsLimitedBelowClipping() {
    float[] mel = new float[MelScale.BINS * 32];
    Arrays.fill(mel, 1f);

    float[] wave = MelSynthesizer.synthesize(mel, 32, 1);

    assertThat(peak(wave)).isLessThanOrEqualTo(0.951);
  }

  /**
   * An impact that starts exactly at a column's start, through the model's log-mel and back, is
   * heard within 5 ms of that time (it was ~35 ms early when the envelope rose from the previous
   * column's centre).
   */
  @Test
  void impactAtAColumnStartIsHeardAtThatColumnsTime() {
    double hop = 1.0 / MelScale.COLUMNS_PER_SECOND;
    for (double[] material : MATERIALS) {
      for (int column = 9; column <= 45; column += 12) {
        double t0 = column * hop;

        double heard = firstOnset(roundTrip(impact(t0, material, column)));

        assertThat((heard - t0) * 1000)
            .as("material %.0f Hz, column %d", material[0], column)
            .isBetween(-5.0, 5.0);
      }
    }
  }

  /**
   * Anywhere inside a column the onset lands within 5 ms, without bias: the bands that start
   * together share one onset estimate (each band alone scattered by several ms, and the earliest
   * band decided, −4 ms on average).
   */
  @Test
  void impactsAnywhereInAColumnAreHeardWithoutBias() {
    double hop = 1.0 / MelScale.COLUMNS_PER_SECOND;
    double sum = 0;
    double worst = 0;
    int n = 0;
    for (double[] material : MATERIALS) {
      for (int step = 0; step < 8; step++) {
        double t0 = (20 + step / 8.0) * hop;

        double err = firstOnset(roundTrip(impact(t0, material, step))) - t0;

        sum += err;
        worst = Math.max(worst, Math.abs(err));
        n++;
      }
    }
    System.out.printf(
        "sub-column impacts: mean %+.1f ms, worst %.1f ms%n", 1000 * sum / n, 1000 * worst);
    assertThat(Math.abs(1000 * sum / n)).isLessThan(2);
    assertThat(1000 * worst).isLessThan(5);
  }

  /** {base Hz, decay s} of a wooden, a rubber and a metal ball's first partial. */
  private static final double[][] MATERIALS = {{520, 0.045}, {170, 0.040}, {880, 0.25}};

  /** Decaying partials (ratios 1, 2.3, 3.9) plus a short noise click, from {@code t0}. */
  private static float[] impact(double t0, double[] material, long seed) {
    int n = 2 * MelScale.SAMPLE_RATE;
    float[] x = new float[n];
    Random noise = new Random(seed);
    double[] ratios = {1, 2.31, 3.89};
    double[] gains = {0.55, 0.35, 0.2};
    int first = (int) Math.ceil(t0 * MelScale.SAMPLE_RATE);
    for (int i = first; i < n; i++) {
      double t = i / (double) MelScale.SAMPLE_RATE - t0;
      double v = 0;
      for (int k = 0; k < ratios.length; k++) {
        v +=
            gains[k]
                * Math.exp(-t / (material[1] * (1 - 0.25 * k)))
                * Math.cos(2 * Math.PI * material[0] * ratios[k] * t);
      }
      v += 0.3 * Math.exp(-t / 0.004) * (2 * noise.nextDouble() - 1);
      x[i] = (float) (0.6 * v);
    }
    return x;
  }

  private static float[] roundTrip(float[] wave) {
    float[][] mel = MelSpectrogram.standard().compute(wave);
    int columns = mel[0].length;
    float[] flat = new float[MelScale.BINS * columns];
    for (int b = 0; b < MelScale.BINS; b++) {
      System.arraycopy(mel[b], 0, flat, b * columns, columns);
    }
    return MelSynthesizer.synthesize(flat, columns, wave.length / MelScale.SAMPLE_RATE);
  }

  private static double firstOnset(float[] wave) {
    double[] t = OnsetDetector.times(OnsetDetector.detect(wave, MelScale.SAMPLE_RATE));
    assertThat(t).isNotEmpty();
    return t[0];
  }

  private static double peak(float[] wave) {
    double p = 0;
    for (float v : wave) {
      p = Math.max(p, Math.abs(v));
    }
    return p;
  }

  /** Goertzel power of one frequency. */
  private static double power(float[] x, double hz) {
    double w = 2 * Math.PI * hz / MelScale.SAMPLE_RATE;
    double coeff = 2 * Math.cos(w);
    double s1 = 0;
    double s2 = 0;
    for (float v : x) {
      double s = v + coeff * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    return s1 * s1 + s2 * s2 - coeff * s1 * s2;
  }
}
