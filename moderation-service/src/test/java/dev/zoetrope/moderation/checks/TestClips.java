package dev.zoetrope.moderation.checks;

import dev.zoetrope.common.testing.TestMp4;
import java.io.IOException;

/** Real MP4 clips (H.264 + AAC, as the generator writes them) made for a test. */
final class TestClips {
  private TestClips() {}

  static byte[] mp4(
      int width, int height, double fps, double seconds, boolean audio, TestMp4.Painter p)
      throws IOException {
    return TestMp4.encode(width, height, fps, seconds, audio, 330, p);
  }

  /** A mid-grey room with a red ball sliding across: calm, nothing flashes. */
  static TestMp4.Painter calmBall() {
    return (i, bgr, w, h, stride) -> {
      int cx = 20 + i * 2;
      int cy = h / 2;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int o = y * stride + x * 3;
          boolean ball = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 144;
          int grey = 90 + y / 4;
          bgr.put(o, (byte) (ball ? 30 : grey));
          bgr.put(o + 1, (byte) (ball ? 30 : grey));
          bgr.put(o + 2, (byte) (ball ? 220 : grey));
        }
      }
    };
  }

  /** Whole-frame black/white strobe with {@code hz} full cycles per second at {@code fps}. */
  static TestMp4.Painter strobe(double fps, double hz) {
    return (i, bgr, w, h, stride) -> {
      byte v = ((int) Math.floor(i * 2 * hz / fps)) % 2 == 0 ? (byte) 8 : (byte) 245;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w * 3; x++) {
          bgr.put(y * stride + x, v);
        }
      }
    };
  }
}
