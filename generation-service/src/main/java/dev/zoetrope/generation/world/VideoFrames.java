package dev.zoetrope.generation.world;

import java.awt.image.BufferedImage;

/**
 * RGB frames in [0, 1] in one flat array, layout {@code [frame][y][x][channel]} (channel 0 = red):
 * the value of pixel (x, y) of frame t, channel c, is {@code data[((t * height + y) * width + x) *
 * 3 + c]}.
 */
public record VideoFrames(int frames, int height, int width, double fps, float[] data) {

  public VideoFrames {
    if (data.length != frames * height * width * 3) {
      throw new IllegalArgumentException("data does not match the shape");
    }
  }

  public int index(int frame, int y, int x, int channel) {
    return ((frame * height + y) * width + x) * 3 + channel;
  }

  public float get(int frame, int y, int x, int channel) {
    return data[index(frame, y, x, channel)];
  }

  /** Frame {@code frame} as an 8-bit image. */
  public BufferedImage image(int frame) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = index(frame, y, x, 0);
        img.setRGB(x, y, (byte8(data[i]) << 16) | (byte8(data[i + 1]) << 8) | byte8(data[i + 2]));
      }
    }
    return img;
  }

  private static int byte8(float v) {
    return Math.round(Math.max(0, Math.min(1, v)) * 255);
  }
}
