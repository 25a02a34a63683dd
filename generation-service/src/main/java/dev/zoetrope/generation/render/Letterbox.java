package dev.zoetrope.generation.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;

/**
 * Fits a square native frame into {@code width×height}: scaled uniformly with nearest-neighbour (a
 * 32 px picture blurred by bilinear filtering looks worse than crisp pixels), centred, with black
 * bars filling the rest.
 */
final class Letterbox {
  /** sRGB 8-bit channel value to linear light. */
  private static final double[] LINEAR = new double[256];

  static {
    for (int v = 0; v < 256; v++) {
      double c = v / 255.0;
      LINEAR[v] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
  }

  private final int source;
  private final int width;
  private final int height;
  private final int side;
  private final int left;
  private final int top;
  private final int[] sourceColumn;

  Letterbox(int source, int width, int height) {
    this.source = source;
    this.width = width;
    this.height = height;
    this.side = Math.min(width, height);
    this.left = (width - side) / 2;
    this.top = (height - side) / 2;
    this.sourceColumn = new int[side];
    for (int x = 0; x < side; x++) {
      sourceColumn[x] = x * source / side;
    }
  }

  /**
   * Draws {@code bgr} (packed {@code source×source}) into a {@code height}-row BGR buffer. Only the
   * picture area is written: the caller keeps the bars black by reusing a zeroed buffer.
   */
  void draw(byte[] bgr, ByteBuffer target, int stride) {
    byte[] row = new byte[side * 3];
    int lastSourceRow = -1;
    for (int y = 0; y < side; y++) {
      int sy = y * source / side;
      if (sy != lastSourceRow) {
        int base = sy * source * 3;
        for (int x = 0; x < side; x++) {
          int s = base + sourceColumn[x] * 3;
          row[x * 3] = bgr[s];
          row[x * 3 + 1] = bgr[s + 1];
          row[x * 3 + 2] = bgr[s + 2];
        }
        lastSourceRow = sy;
      }
      target.put((top + y) * stride + left * 3, row);
    }
  }

  /**
   * The mean relative luminance (WCAG 2.x, sRGB) of the {@code width×height} frame {@link #draw}
   * makes of {@code bgr}, bars included, computed exactly from the native pixels: each one is drawn
   * as a block of {@code rows × columns} output pixels and the bars add nothing.
   */
  double meanLuminance(byte[] bgr) {
    int[] repeats = new int[source];
    for (int x = 0; x < side; x++) {
      repeats[sourceColumn[x]]++;
    }
    double sum = 0;
    for (int sy = 0; sy < source; sy++) {
      if (repeats[sy] == 0) {
        continue;
      }
      double row = 0;
      int base = sy * source * 3;
      for (int sx = 0; sx < source; sx++) {
        int s = base + sx * 3;
        row +=
            repeats[sx]
                * (0.2126 * LINEAR[bgr[s + 2] & 0xff]
                    + 0.7152 * LINEAR[bgr[s + 1] & 0xff]
                    + 0.0722 * LINEAR[bgr[s] & 0xff]);
      }
      sum += repeats[sy] * row;
    }
    return sum / ((double) width * height);
  }

  /** The same picture as a standalone image (for the thumbnail). */
  BufferedImage image(byte[] bgr) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    draw(bgr, ByteBuffer.wrap(pixels), width * 3);
    return image;
  }
}
