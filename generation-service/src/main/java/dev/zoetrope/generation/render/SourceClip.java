package dev.zoetrope.generation.render;

import dev.zoetrope.common.media.StagedBytes;
import dev.zoetrope.common.media.UntrustedMp4;
import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.world.MelSpectrogram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A video brought back to the model's native form: {@code frames} square RGB frames at the model's
 * frame rate and the log-mel columns that go with them, in {@link
 * dev.zoetrope.generation.model.SampledClip}'s layouts.
 *
 * <p>Decoding is the inverse of rendering: native frame {@code j} is the picture shown at {@code (j
 * + 0.5)/fps} (for our own 24 fps clips that is exactly one output frame), the largest centred
 * square is cut out (what {@link Letterbox} filled for our clips; a centre crop for any other
 * upload) and area-averaged down to the native size; the sound is resampled to 16 kHz mono and
 * analysed with the training data's {@link MelSpectrogram}, so values are in the model's [-1, 1]. A
 * file without sound gets silence ({@code -1}) and {@code audio == false}.
 *
 * <p>The bytes are untrusted: the size, frame size, length and frame count are capped, FFmpeg is
 * pinned to the MP4 demuxer and local files, and anything that does not decode is an {@link
 * IllegalArgumentException} saying why.
 *
 * @param video RGB in [-1, 1], {@code [3][frames][size][size]}
 * @param mel log-mel in [-1, 1], {@code [bins][columns]}
 * @param audio whether the source had a sound track
 */
public record SourceClip(
    int frames, int size, float[] video, float[] mel, int columns, boolean audio) {
  public static final int MAX_BYTES = 64 << 20;
  public static final int MAX_SECONDS = 20;
  public static final int MAX_SIDE = 4096;

  /** Beyond any real camera; stops a file of thousands of tiny frames a second. */
  static final int MAX_DECODED_FRAMES = MAX_SECONDS * 240;

  /** Side of the centre square FFmpeg scales large frames to, for a 32 px model. */
  private static final int SCALED_SQUARE = 128;

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  /**
   * Decodes MP4 (or QuickTime) bytes.
   *
   * @throws IllegalArgumentException when the bytes are not a readable video within the limits
   */
  public static SourceClip decode(byte[] mp4, ModelConfig config) {
    if (mp4 == null || mp4.length == 0) {
      throw new IllegalArgumentException("the source video is empty");
    }
    if (mp4.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the source video is " + mp4.length + " bytes; at most " + MAX_BYTES + " are accepted");
    }
    try {
      return StagedBytes.with(mp4, "zoetrope-source-", ".mp4", file -> decode(file, config));
    } catch (IOException e) {
      throw new UncheckedIOException("could not stage the source video", e);
    }
  }

  private static SourceClip decode(Path file, ModelConfig config) {
    try (FFmpegFrameGrabber grabber = open(file)) {
      if (UntrustedMp4.streams(grabber).video() == 0) {
        throw new IllegalArgumentException("the source video has no video track");
      }
      int width = grabber.getImageWidth();
      int height = grabber.getImageHeight();
      if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
        throw new IllegalArgumentException(
            "the source video's frame size "
                + width
                + "x"
                + height
                + " is outside 1x1 to "
                + MAX_SIDE
                + "x"
                + MAX_SIDE);
      }
      int side = Math.min(width, height);
      int target = SCALED_SQUARE * config.size() / 32;
      if (side > target) {
        // FFmpeg converts to RGB at a size whose centre square is 4 px per native pixel, averaging
        // by area: at 1080p this is several times faster than converting every full frame.
        grabber.setImageWidth((int) Math.round((double) width * target / side));
        grabber.setImageHeight((int) Math.round((double) height * target / side));
        grabber.setImageScalingFlags(swscale.SWS_AREA);
      }
      return read(grabber, config);
    } catch (FrameGrabber.Exception e) {
      throw new IllegalArgumentException("the source video does not decode: " + e.getMessage(), e);
    }
  }

  private static FFmpegFrameGrabber open(Path file) {
    // UntrustedMp4.open's pins, plus the audio conversion, which must be set before start.
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setFormat("mp4");
    grabber.setOption("protocol_whitelist", "file");
    grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
    grabber.setSampleRate(MelScale.SAMPLE_RATE);
    grabber.setAudioChannels(1);
    try {
      grabber.start();
      return grabber;
    } catch (FrameGrabber.Exception e) {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception ignored) {
        // Already failing; the cause below is the useful one.
      }
      throw new IllegalArgumentException("the source is not a readable MP4 or QuickTime video", e);
    }
  }

  private static SourceClip read(FFmpegFrameGrabber grabber, ModelConfig config)
      throws FrameGrabber.Exception {
    int size = config.size();
    double fps = grabber.getFrameRate();
    long frameMicros = fps > 0.5 && fps < 1000 ? Math.round(1_000_000 / fps) : 1_000_000 / 24;
    long maxMicros = MAX_SECONDS * 1_000_000L;
    // Only pictures on screen at a native frame time are averaged down: a held copy of the latest
    // centre square is kept until the next frame's timestamp says whether one fell in between.
    List<float[]> pictures = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    long first = Long.MIN_VALUE;
    byte[] held = null;
    byte[] spare = null;
    long heldAt = 0;
    int decoded = 0;
    float[] samples = new float[MAX_SECONDS * MelScale.SAMPLE_RATE + MelScale.SAMPLE_RATE];
    int sampleCount = 0;
    boolean audio = false;
    Frame frame;
    while ((frame = grabber.grabFrame(true, true, true, false, false)) != null) {
      if (frame.image != null) {
        if (first == Long.MIN_VALUE) {
          first = frame.timestamp;
        }
        long at = frame.timestamp - first;
        // A frame starting at the limit is past it; 1 ms of slack absorbs timestamp rounding.
        if (at > maxMicros - frameMicros + 1_000) {
          throw new IllegalArgumentException(
              "the source video is longer than " + MAX_SECONDS + " seconds");
        }
        if (++decoded > MAX_DECODED_FRAMES) {
          throw new IllegalArgumentException("the source video has too many frames per second");
        }
        if (held != null && shownBetween(heldAt, at, config.fps())) {
          pictures.add(squareToNative(held, size));
          times.add(heldAt);
        }
        checkBgr(frame, "the source video's frames did not convert to RGB");
        if (spare == null || spare.length != squareBytes(frame)) {
          spare = new byte[squareBytes(frame)];
        }
        copySquare(frame, spare);
        byte[] t = held;
        held = spare;
        spare = t;
        heldAt = at;
      } else if (frame.samples != null) {
        audio = true;
        sampleCount = append(frame.samples[0], samples, sampleCount);
      }
    }
    if (held == null) {
      throw new IllegalArgumentException("the source video's video track has no decodable frames");
    }
    pictures.add(squareToNative(held, size));
    times.add(heldAt);
    long duration = heldAt + frameMicros;
    int frames =
        (int)
            Math.max(
                1, Math.min(MAX_SECONDS * config.fps(), Math.round(duration * config.fps() / 1e6)));
    int plane = size * size;
    float[] video = new float[3 * frames * plane];
    int k = 0;
    for (int j = 0; j < frames; j++) {
      long shownAt = Math.round((j + 0.5) * 1e6 / config.fps());
      // The picture on screen at that moment: the last frame that started at or before it.
      while (k + 1 < times.size() && times.get(k + 1) <= shownAt) {
        k++;
      }
      float[] p = pictures.get(k);
      for (int rgb = 0; rgb < 3; rgb++) {
        System.arraycopy(p, rgb * plane, video, (rgb * frames + j) * plane, plane);
      }
    }
    int columns = frames * config.melColumnsPerFrame();
    float[] mel = new float[MelScale.BINS * columns];
    Arrays.fill(mel, -1f);
    if (audio && sampleCount > 0) {
      MelSpectrogram analysis =
          MelSpectrogram.perVideoFrame(config.fps(), config.melColumnsPerFrame());
      float[][] m = analysis.compute(Arrays.copyOf(samples, sampleCount));
      int have = Math.min(columns, m[0].length);
      for (int b = 0; b < MelScale.BINS; b++) {
        System.arraycopy(m[b], 0, mel, b * columns, have);
      }
    }
    return new SourceClip(frames, size, video, mel, columns, audio);
  }

  private static int append(Buffer buffer, float[] out, int at) {
    // Anything past the length limit is dropped; the video track already enforces the limit.
    if (buffer instanceof FloatBuffer f) {
      int n = Math.min(f.remaining(), out.length - at);
      f.duplicate().get(out, at, n);
      return at + n;
    }
    if (buffer instanceof ShortBuffer s) {
      ShortBuffer d = s.duplicate();
      int n = Math.min(d.remaining(), out.length - at);
      for (int i = 0; i < n; i++) {
        out[at + i] = d.get() / 32768f;
      }
      return at + n;
    }
    throw new IllegalArgumentException("the source video's sound is in an unsupported format");
  }

  /** Whether a native frame time falls in {@code [from, to)} (µs from the first frame). */
  private static boolean shownBetween(long from, long to, int fps) {
    for (long j = Math.max(0, (long) Math.floor(from * fps / 1e6 - 0.5)); ; j++) {
      long shownAt = Math.round((j + 0.5) * 1e6 / fps);
      if (shownAt >= to) {
        return false;
      }
      if (shownAt >= from) {
        return true;
      }
    }
  }

  private static int squareBytes(Frame frame) {
    int side = Math.min(frame.imageWidth, frame.imageHeight);
    return side * side * 3;
  }

  /** The largest centred square of a packed BGR frame, row by row into {@code out}. */
  private static void copySquare(Frame frame, byte[] out) {
    int side = Math.min(frame.imageWidth, frame.imageHeight);
    int left = (frame.imageWidth - side) / 2;
    int top = (frame.imageHeight - side) / 2;
    ByteBuffer bgr = (ByteBuffer) frame.image[0];
    for (int y = 0; y < side; y++) {
      bgr.get((top + y) * frame.imageStride + left * 3, out, y * side * 3, side * 3);
    }
  }

  /** A packed BGR square (from {@link #copySquare}) averaged down to native RGB planes. */
  private static float[] squareToNative(byte[] bgr, int size) {
    int side = (int) Math.round(Math.sqrt(bgr.length / 3.0));
    return squareToNative(
        (x, y, c) -> Byte.toUnsignedInt(bgr[(y * side + x) * 3 + 2 - c]), side, side, size);
  }

  /**
   * The grabber converts to packed BGR24; {@code imageChannels} is derived from the padded stride
   * and is no guide, so the buffer's geometry is checked instead.
   */
  static void checkBgr(Frame frame, String failure) {
    if (frame == null
        || frame.image == null
        || !(frame.image[0] instanceof ByteBuffer buffer)
        || frame.imageDepth != Frame.DEPTH_UBYTE
        || frame.imageWidth <= 0
        || frame.imageHeight <= 0
        || frame.imageStride < 3 * frame.imageWidth
        || buffer.capacity()
            < (long) frame.imageStride * (frame.imageHeight - 1) + 3L * frame.imageWidth) {
      throw new IllegalArgumentException(failure);
    }
  }

  /** Reads channel {@code c} (0 = red) of pixel (x, y) as 0..255. */
  @FunctionalInterface
  interface Pixels {
    int get(int x, int y, int c);
  }

  /**
   * Centre square of a {@code width×height} picture box-filtered to {@code size²}, RGB planes in
   * [-1, 1]. Output pixel {@code p} averages exactly the source pixels {@link Letterbox} drew from
   * native pixel {@code p}, so our own letterboxed clips come back without mixing neighbours.
   */
  static float[] squareToNative(Pixels pixels, int width, int height, int size) {
    int side = Math.min(width, height);
    int left = (width - side) / 2;
    int top = (height - side) / 2;
    int[] bin = new int[side];
    int[] count = new int[size];
    for (int x = 0; x < side; x++) {
      bin[x] = (int) ((long) x * size / side);
      count[bin[x]]++;
    }
    double[] sums = new double[3 * size * size];
    for (int y = 0; y < side; y++) {
      int row = bin[y] * size;
      for (int x = 0; x < side; x++) {
        int o = row + bin[x];
        for (int c = 0; c < 3; c++) {
          sums[c * size * size + o] += pixels.get(left + x, top + y, c);
        }
      }
    }
    float[] out = new float[3 * size * size];
    for (int py = 0; py < size; py++) {
      for (int px = 0; px < size; px++) {
        // A picture smaller than the native size leaves some bins empty: take the nearest pixel.
        int sy = count[py] > 0 ? py : -1;
        int sx = count[px] > 0 ? px : -1;
        for (int c = 0; c < 3; c++) {
          int o = c * size * size + py * size + px;
          double value;
          if (sy >= 0 && sx >= 0) {
            value = sums[o] / ((double) count[py] * count[px]);
          } else {
            value = pixels.get(left + px * side / size, top + py * side / size, c);
          }
          out[o] = (float) (value / 255.0 * 2 - 1);
        }
      }
    }
    return out;
  }

  /**
   * This clip cut or looped to {@code n} frames (and their columns), starting at its first frame.
   */
  public SourceClip fitted(int n) {
    int plane = size * size;
    int perFrame = columns / frames;
    float[] v = new float[3 * n * plane];
    float[] m = new float[MelScale.BINS * n * perFrame];
    for (int j = 0; j < n; j++) {
      int from = j % frames;
      for (int rgb = 0; rgb < 3; rgb++) {
        System.arraycopy(video, (rgb * frames + from) * plane, v, (rgb * n + j) * plane, plane);
      }
      for (int b = 0; b < MelScale.BINS; b++) {
        System.arraycopy(
            mel, b * columns + from * perFrame, m, b * n * perFrame + j * perFrame, perFrame);
      }
    }
    return new SourceClip(n, size, v, m, n * perFrame, audio);
  }
}
