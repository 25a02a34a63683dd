package dev.zoetrope.generation.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VoiceMeterTest {
  private static final int RATE = 16_000;

  /** One second of a sine at {@code hz}, amplitude {@code amp}. */
  private static float[] tone(double hz, double amp) {
    float[] w = new float[RATE];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return w;
  }

  @Test
  void silenceHasNoEnvelope() {
    assertThat(VoiceMeter.envelope(new float[RATE])).isNull();
    assertThat(VoiceMeter.envelope(tone(200, 0.01))).isNull();
  }

  @Test
  void envelopeIgnoresLoudnessAndMovesWithPitch() {
    VoiceMeter.Envelope base = VoiceMeter.envelope(tone(200, 0.25));

    assertThat(base.distanceBands(VoiceMeter.envelope(tone(200, 0.8)))).isLessThan(0.05);
    assertThat(base.distanceBands(VoiceMeter.envelope(tone(210, 0.25)))).isLessThan(0.5);
    assertThat(base.distanceBands(VoiceMeter.envelope(tone(400, 0.25)))).isGreaterThan(2);
  }
}
