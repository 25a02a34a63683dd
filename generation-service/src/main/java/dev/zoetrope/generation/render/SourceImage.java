package dev.zoetrope.generation.render;

import dev.zoetrope.common.media.StagedBytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A still image (JPEG, PNG or WebP) brought to one native frame: the largest centred square,
 * area-averaged to {@code size²}, RGB planes in [-1, 1]. JPEG and PNG go through ImageIO with the
 * dimensions read before any pixel is decoded; WebP, which ImageIO cannot read, through FFmpeg's
 * WebP decoder pinned to its demuxer and local files.
 */
public final class SourceImage {
  public static final int MAX_BYTES = 16 << 20;
  public static final int MAX_SIDE = 8192;

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private SourceImage() {}

  /**
   * @return {@code [3][size][size]} RGB in [-1, 1]
   * @throws IllegalArgumentException when the bytes are not a readable image within the limits
   */
  public static float[] decode(byte[] bytes, int size) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("the reference image is empty");
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the reference image is "
              + bytes.length
              + " bytes; at most "
              + MAX_BYTES
              + " are accepted");
    }
    if (isWebp(bytes)) {
      return webp(bytes, size);
    }
    if (!isJpeg(bytes) && !isPng(bytes)) {
      throw new IllegalArgumentException("the reference image is not a JPEG, PNG or WebP image");
    }
    BufferedImage image = imageIo(bytes);
    return SourceClip.squareToNative(
        (x, y, c) -> (image.getRGB(x, y) >> (16 - 8 * c)) & 0xFF,
        image.getWidth(),
        image.getHeight(),
        size);
  }

  private static BufferedImage imageIo(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IllegalArgumentException("the reference image does not decode");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        checkSize(reader.getWidth(0), reader.getHeight(0));
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae
          && iae.getMessage() != null
          && iae.getMessage().startsWith("the reference image")) {
        throw iae;
      }
      throw new IllegalArgumentException("the reference image does not decode", e);
    }
  }

  private static float[] webp(byte[] bytes, int size) {
    try {
      return StagedBytes.with(bytes, "zoetrope-image-", ".webp", file -> webp(file, size));
    } catch (FrameGrabber.Exception e) {
      throw new IllegalArgumentException("the reference WebP image does not decode", e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not stage the reference image", e);
    }
  }

  private static float[] webp(Path file, int size) throws FrameGrabber.Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setFormat("webp_pipe");
      grabber.setOption("protocol_whitelist", "file");
      grabber.start();
      checkSize(grabber.getImageWidth(), grabber.getImageHeight());
      Frame frame = grabber.grabImage();
      SourceClip.checkBgr(frame, "the reference WebP image does not decode");
      ByteBuffer bgr = (ByteBuffer) frame.image[0];
      int stride = frame.imageStride;
      return SourceClip.squareToNative(
          (x, y, c) -> Byte.toUnsignedInt(bgr.get(y * stride + x * 3 + (2 - c))),
          frame.imageWidth,
          frame.imageHeight,
          size);
    }
  }

  private static void checkSize(int width, int height) {
    if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "the reference image's size "
              + width
              + "x"
              + height
              + " is outside 1x1 to "
              + MAX_SIDE
              + "x"
              + MAX_SIDE);
    }
  }

  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
  }

  private static boolean isPng(byte[] b) {
    return b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }

  private static boolean isWebp(byte[] b) {
    return b.length > 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P';
  }
}
