package dev.zoetrope.generation.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MelSpectrogramTest {

  @Test
  void shapesGiveWholeColumnsPerFrame() {
    float[] fourSeconds = new float[64_000];
    MelSpectrogram standard = MelSpectrogram.standard();
    assertThat(standard.hopSamples()).isEqualTo(500);
    float[][] m = standard.compute(fourSeconds);
    assertThat(m.length).isEqualTo(32);
    assertThat(m[0].length).isEqualTo(128);

    MelSpectrogram perFrame = MelSpectrogram.perVideoFrame(24, 2);
    assertThat(perFrame.compute(fourSeconds)[0].length).isEqualTo(2 * 96);
    assertThat(MelSpectrogram.perVideoFrame(24, 4).compute(fourSeconds)[0].length).isEqualTo(384);
    assertThat(perFrame.columns(World.render(3, 12, RenderSettings.DEFAULT).audio().length))
        .isEqualTo(2 * 288);
  }

  @Test
  void silenceIsTheFloor() {
    for (float[] band : MelSpectrogram.standard().compute(new float[16_000])) {
      for (float v : band) {
        assertThat(v).isEqualTo(-1f);
      }
    }
  }

  @Test
  void aPureToneLightsItsBandAtItsAmplitude() {
    int bin = 20;
    double hz = MelSpectrogram.centreHz(bin);
    double amp = 0.5;
    float[] tone = new float[32_000];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / 16_000));
    }
    for (MelSpectrogram mel :
        new MelSpectrogram[] {MelSpectrogram.standard(), MelSpectrogram.perVideoFrame(24, 2)}) {
      float[][] m = mel.compute(tone);
      int cols = m[0].length;
      for (int c = 2; c < cols - 2; c++) {
        int best = 0;
        for (int b = 1; b < 32; b++) {
          if (m[b][c] > m[best][c]) {
            best = b;
          }
        }
        assertThat(best).isEqualTo(bin);
        // -6 dB is 0.85; within about 1 dB.
        assertThat((double) m[bin][c]).isCloseTo(MelSpectrogram.value(amp), within(0.03));
        assertThat((double) m[bin - 3][c]).isLessThan(m[bin][c] - 0.5);
        assertThat((double) m[bin + 3][c]).isLessThan(m[bin][c] - 0.5);
      }
    }
    assertThat(MelSpectrogram.value(0.5)).isCloseTo(1 + 20 * Math.log10(0.5) / 40, within(1e-12));
    assertThat(MelSpectrogram.amplitude(MelSpectrogram.value(0.01))).isCloseTo(0.01, within(1e-9));
  }
}
