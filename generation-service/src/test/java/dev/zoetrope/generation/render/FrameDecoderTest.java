package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.model.SampledClip;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  /** A 2-frame, 2x2 native clip: frame 0 all red at -1..1 extremes, frame 1 all blue. */
  private static SampledClip twoFrames() {
    int n = 2;
    int size = 2;
    float[] v = new float[3 * n * size * size];
    java.util.Arrays.fill(v, -1f);
    for (int i = 0; i < 4; i++) {
      v[(0 * n + 0) * 4 + i] = 3f; // red, frame 0, beyond 1: clamps
      v[(2 * n + 1) * 4 + i] = 1f; // blue, frame 1
    }
    return new SampledClip(n, size, v, new float[0], 0);
  }

  @Test
  void upsamplesToTheOutputRateWithClampedBlendedBgrPixels() {
    // 2 native frames over 1 s is 2 fps; 6 fps output: 3 output frames per native frame.
    byte[][] frames = FrameDecoder.decode(twoFrames(), 1, 6);

    assertThat(frames).hasNumberOfRows(6);
    // First output frames sit before the first native frame's centre: pure red (BGR order).
    assertThat(Byte.toUnsignedInt(frames[0][2])).isEqualTo(255);
    assertThat(Byte.toUnsignedInt(frames[0][0])).isZero();
    // Last ones: pure blue.
    assertThat(Byte.toUnsignedInt(frames[5][0])).isEqualTo(255);
    assertThat(Byte.toUnsignedInt(frames[5][2])).isZero();
    // In between: a blend of both.
    assertThat(Byte.toUnsignedInt(frames[3][0])).isBetween(1, 254);
    assertThat(Byte.toUnsignedInt(frames[3][2])).isBetween(1, 254);
  }

  @Test
  void letterboxCentresTheSquareWithBlackBarsAndCrispPixels() {
    byte[] bgr = new byte[2 * 2 * 3];
    bgr[0] = (byte) 200; // top-left pixel blue
    Letterbox box = new Letterbox(2, 8, 4);
    ByteBuffer target = ByteBuffer.allocate(8 * 4 * 3);

    box.draw(bgr, target, 8 * 3);

    // 4x4 picture at x=2..5; its top-left 2x2 block is the blue source pixel.
    assertThat(Byte.toUnsignedInt(target.get((0 * 8 + 2) * 3))).isEqualTo(200);
    assertThat(Byte.toUnsignedInt(target.get((1 * 8 + 3) * 3))).isEqualTo(200);
    assertThat(Byte.toUnsignedInt(target.get((1 * 8 + 4) * 3))).isZero();
    // Bars untouched.
    assertThat(Byte.toUnsignedInt(target.get((0 * 8 + 0) * 3))).isZero();
    assertThat(box.image(bgr).getWidth()).isEqualTo(8);
  }
}
