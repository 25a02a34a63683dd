package dev.zoetrope.generation.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A JPEG grid of {@link #COLUMNS}×{@link #ROWS} evenly spaced frames, each {@link #TILE_WIDTH} px
 * wide with the clip's aspect ratio (letterboxed like the clip), for scrubbing previews. Tile
 * {@code i} shows the frame at the middle of the {@code i}-th tenth of the clip.
 */
final class Spritesheet {
  static final int COLUMNS = 5;
  static final int ROWS = 2;
  static final int TILE_WIDTH = 128;

  private Spritesheet() {}

  /** Tile height for a {@code width×height} clip: the same aspect, at least 2 px. */
  static int tileHeight(int width, int height) {
    return Math.max(2, (int) Math.round((double) TILE_WIDTH * height / width));
  }

  static byte[] jpeg(byte[][] frames, int nativeSize, int width, int height) {
    int tileHeight = tileHeight(width, height);
    Letterbox tile = new Letterbox(nativeSize, TILE_WIDTH, tileHeight);
    BufferedImage sheet =
        new BufferedImage(COLUMNS * TILE_WIDTH, ROWS * tileHeight, BufferedImage.TYPE_3BYTE_BGR);
    int tiles = COLUMNS * ROWS;
    for (int i = 0; i < tiles; i++) {
      int frame =
          (int) Math.min(frames.length - 1, (long) (2 * i + 1) * frames.length / (2L * tiles));
      BufferedImage picture = tile.image(frames[frame]);
      sheet
          .getRaster()
          .setRect((i % COLUMNS) * TILE_WIDTH, (i / COLUMNS) * tileHeight, picture.getRaster());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(sheet, "jpg", out)) {
        throw new IllegalStateException("no JPEG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
