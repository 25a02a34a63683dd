package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LetterboxTest {

  /** The output check's luminance must be that of the frame as drawn, bars and all. */
  @Test
  void meanLuminanceIsThatOfTheDrawnFrame() {
    Random random = new Random(7);
    int[][] sizes = {{720, 1280}, {1280, 720}, {640, 640}, {128, 228}, {16, 30}};
    for (int[] size : sizes) {
      for (int source : new int[] {32, 24}) {
        byte[] bgr = new byte[source * source * 3];
        random.nextBytes(bgr);
        Letterbox letterbox = new Letterbox(source, size[0], size[1]);
        ByteBuffer drawn = ByteBuffer.allocate(size[0] * size[1] * 3);
        letterbox.draw(bgr, drawn, size[0] * 3);
        assertThat(letterbox.meanLuminance(bgr))
            .as("%dx%d from %d", size[0], size[1], source)
            .isCloseTo(bruteForce(drawn, size[0], size[1]), Offset.offset(1e-9));
      }
    }
  }

  @Test
  void blackIsZeroAndWhiteIsThePictureShare() {
    Letterbox letterbox = new Letterbox(32, 720, 1280);
    assertThat(letterbox.meanLuminance(new byte[32 * 32 * 3])).isZero();
    byte[] white = new byte[32 * 32 * 3];
    java.util.Arrays.fill(white, (byte) 255);
    // A 720×720 picture in a 720×1280 frame.
    assertThat(letterbox.meanLuminance(white)).isCloseTo(720.0 / 1280, Offset.offset(1e-12));
  }

  private static double bruteForce(ByteBuffer bgr, int width, int height) {
    double sum = 0;
    for (int i = 0; i < width * height; i++) {
      sum +=
          0.2126 * linear(bgr.get(i * 3 + 2))
              + 0.7152 * linear(bgr.get(i * 3 + 1))
              + 0.0722 * linear(bgr.get(i * 3));
    }
    return sum / ((double) width * height);
  }

  private static double linear(byte channel) {
    double c = Byte.toUnsignedInt(channel) / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
}
