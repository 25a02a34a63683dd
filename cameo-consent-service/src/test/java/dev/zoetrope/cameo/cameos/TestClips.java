package dev.zoetrope.cameo.cameos;

import dev.zoetrope.common.testing.TestMp4;
import java.io.IOException;

/** Real MP4 recordings (H.264 + AAC, like a phone's) made for a test. */
public final class TestClips {
  private TestClips() {}

  /** A face-sized blob drifting over a background, with a tone if {@code audio}. */
  public static byte[] mp4(int width, int height, double fps, double seconds, boolean audio)
      throws IOException {
    return TestMp4.encode(
        width,
        height,
        fps,
        seconds,
        audio,
        220,
        (i, bgr, w, h, stride) -> {
          int cx = w / 3 + i % (w / 3);
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              int o = y * stride + x * 3;
              boolean face = (x - cx) * (x - cx) + (y - h / 2) * (y - h / 2) < 200;
              bgr.put(o, (byte) (face ? 120 : 60));
              bgr.put(o + 1, (byte) (face ? 170 : 90 + y));
              bgr.put(o + 2, (byte) (face ? 230 : 70));
            }
          }
        });
  }
}
