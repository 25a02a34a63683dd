package dev.zoetrope.moderation.photosensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class FlashDetectorTest {
  private final FlashDetector detector = FlashDetector.wcag();

  /** {@code seconds} of frames at {@code fps}, luminance from the frame index. */
  private FlashDetector.Report run(double fps, double seconds, IntToDoubleFunction lum) {
    int n = (int) Math.round(fps * seconds);
    long[] ts = new long[n];
    double[] l = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = Math.round(i * 1_000_000 / fps);
      l[i] = lum.applyAsDouble(i);
    }
    return detector.analyze(ts, l);
  }

  /** A square wave of {@code hz} full dark/bright cycles per second. */
  private static IntToDoubleFunction strobe(double fps, double hz, double dark, double bright) {
    return i -> ((int) Math.floor(i * 2 * hz / fps)) % 2 == 0 ? dark : bright;
  }

  @Test
  void steadyFrameHasNoFlash() {
    FlashDetector.Report r = run(24, 4, i -> 0.42);
    assertThat(r.exceeds()).isFalse();
    assertThat(r.hazardousTransitions()).isZero();
  }

  @Test
  void slowFadeIsOneTransitionNotAFlash() {
    FlashDetector.Report r = run(30, 2, i -> i / 59.0);
    assertThat(r.exceeds()).isFalse();
    assertThat(r.hazardousTransitions()).isEqualTo(1);
    assertThat(r.maxFlashesInWindow()).isZero();
  }

  @Test
  void fadeOutAndBackInIsOneFlash() {
    FlashDetector.Report r = run(30, 2, i -> Math.abs(i - 30) / 30.0);
    assertThat(r.exceeds()).isFalse();
    assertThat(r.maxFlashesInWindow()).isEqualTo(1);
  }

  @Test
  void fiveHertzStrobeIsBlocked() {
    FlashDetector.Report r = run(30, 2, strobe(30, 5, 0.02, 0.9));
    assertThat(r.exceeds()).isTrue();
    assertThat(r.maxFlashesInWindow()).isEqualTo(5);
  }

  @Test
  void threeHertzIsTheLimitAndFourIsOver() {
    assertThat(run(24, 3, strobe(24, 3, 0.05, 0.7)).exceeds()).isFalse();
    assertThat(run(24, 3, strobe(24, 4, 0.05, 0.7)).exceeds()).isTrue();
  }

  @Test
  void noisyStrobeStillCounts() {
    java.util.Random noise = new java.util.Random(7);
    IntToDoubleFunction base = strobe(30, 5, 0.1, 0.6);
    FlashDetector.Report r =
        run(30, 2, i -> base.applyAsDouble(i) + (noise.nextDouble() - 0.5) * 0.06);
    assertThat(r.exceeds()).isTrue();
  }

  @Test
  void smallFlickerIsBelowThreshold() {
    assertThat(run(30, 2, strobe(30, 8, 0.40, 0.47)).hazardousTransitions()).isZero();
  }

  @Test
  void flickerBetweenTwoBrightStatesIsHarmless() {
    FlashDetector.Report r = run(30, 2, strobe(30, 6, 0.85, 1.0));
    assertThat(r.exceeds()).isFalse();
    assertThat(r.hazardousTransitions()).isZero();
  }

  @Test
  void shortBurstInsideLongCalmClipIsFound() {
    IntToDoubleFunction burst = strobe(24, 6, 0.05, 0.8);
    FlashDetector.Report r = run(24, 10, i -> i >= 120 && i < 144 ? burst.applyAsDouble(i) : 0.3);
    assertThat(r.exceeds()).isTrue();
    assertThat(r.worstWindowStartMicros()).isBetween(4_900_000L, 5_200_000L);
  }

  @Test
  void luminanceOfPrimaries() {
    assertThat(RelativeLuminance.of(255, 255, 255))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(RelativeLuminance.of(0, 0, 0)).isZero();
    assertThat(RelativeLuminance.of(255, 0, 0))
        .isCloseTo(0.2126, org.assertj.core.data.Offset.offset(1e-9));
  }
}
