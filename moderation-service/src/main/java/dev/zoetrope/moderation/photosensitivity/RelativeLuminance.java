package dev.zoetrope.moderation.photosensitivity;

import java.nio.ByteBuffer;

/** Mean relative luminance (WCAG 2.x definition, sRGB primaries) of 8-bit BGR pixels. */
public final class RelativeLuminance {
  private static final double[] LINEAR = new double[256];

  static {
    for (int v = 0; v < 256; v++) {
      double c = v / 255.0;
      LINEAR[v] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
  }

  private RelativeLuminance() {}

  /** Of one sRGB pixel given as 0..255 channels. */
  public static double of(int r, int g, int b) {
    return 0.2126 * LINEAR[r] + 0.7152 * LINEAR[g] + 0.0722 * LINEAR[b];
  }

  /**
   * @param bgr packed 3-byte pixels, rows {@code strideBytes} apart
   */
  public static double meanOfBgr(ByteBuffer bgr, int width, int height, int strideBytes) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("empty image");
    }
    double sum = 0;
    for (int y = 0; y < height; y++) {
      int row = y * strideBytes;
      for (int x = 0; x < width; x++) {
        int o = row + x * 3;
        sum += of(bgr.get(o + 2) & 0xff, bgr.get(o + 1) & 0xff, bgr.get(o) & 0xff);
      }
    }
    return sum / ((double) width * height);
  }
}
