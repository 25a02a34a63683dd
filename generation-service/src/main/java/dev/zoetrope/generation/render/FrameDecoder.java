package dev.zoetrope.generation.render;

import dev.zoetrope.generation.model.SampledClip;

/**
 * Native clip → output-rate frames at native size. Pixels are clamped to [0, 1]; time is resampled
 * by linear blending between the two nearest native frames, with frame centres aligned so picture
 * and sound (whose columns are aligned the same way) stay in sync.
 */
final class FrameDecoder {
  private FrameDecoder() {}

  /** {@code outputFps × seconds} frames, each {@code size×size} packed BGR bytes. */
  static byte[][] decode(SampledClip clip, int seconds, int outputFps) {
    int n = clip.frames();
    int size = clip.size();
    int plane = size * size;
    float[] v = clip.video();
    double nativeFps = (double) n / seconds;
    byte[][] out = new byte[outputFps * seconds][];
    for (int j = 0; j < out.length; j++) {
      double pos = (j + 0.5) / outputFps * nativeFps - 0.5;
      pos = Math.max(0, Math.min(n - 1, pos));
      int f0 = (int) Math.floor(pos);
      int f1 = Math.min(n - 1, f0 + 1);
      float frac = (float) (pos - f0);
      byte[] frame = new byte[plane * 3];
      for (int rgb = 0; rgb < 3; rgb++) {
        int base0 = (rgb * n + f0) * plane;
        int base1 = (rgb * n + f1) * plane;
        int bgr = 2 - rgb;
        for (int i = 0; i < plane; i++) {
          float x = v[base0 + i] + (v[base1 + i] - v[base0 + i]) * frac;
          frame[i * 3 + bgr] = toByte(x);
        }
      }
      out[j] = frame;
    }
    return out;
  }

  private static byte toByte(float x) {
    float unit = (x + 1f) * 0.5f;
    unit = unit < 0 ? 0 : (unit > 1 ? 1 : unit);
    return (byte) Math.round(unit * 255f);
  }
}
