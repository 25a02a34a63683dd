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

  /** The same picture as a standalone image (for the thumbnail). */
  BufferedImage image(byte[] bgr) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    draw(bgr, ByteBuffer.wrap(pixels), width * 3);
    return image;
  }
}
