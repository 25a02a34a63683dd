package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.model.MelScale;
import java.util.Arrays;
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

    assertThat(peak(wave)).isLessThan(1e-3);
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

  @Test
  void everyBandFullyOnIsLimitedBelowClipping() {
    float[] mel = new float[MelScale.BINS * 32];
    Arrays.fill(mel, 1f);

    float[] wave = MelSynthesizer.synthesize(mel, 32, 1);

    assertThat(peak(wave)).isLessThanOrEqualTo(0.951);
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
