package dev.zoetrope.generation.subjects;

import dev.zoetrope.common.media.StagedBytes;
import dev.zoetrope.common.media.UntrustedMp4;
import dev.zoetrope.generation.world.VideoFrames;
import dev.zoetrope.generation.world.Voice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Measures a cameo recording's subject — body colour, shape and pattern from the frames, voice
 * pitch and timbre from the audio — and names it for subject conditioning: the worker appends
 * {@code describe(recording).conditioningPhrase()} to the prompt. Recordings are untrusted uploads:
 * they are opened with the MP4 demuxer only ({@link UntrustedMp4}) and decoding stops at the limits
 * below. Stateless and thread-safe; each call owns its decoder.
 */
public final class SubjectEncoder {
  public static final int MAX_BYTES = 64 * 1024 * 1024;
  public static final double MAX_SECONDS = 60;
  public static final int MAX_VIDEO_FRAMES = 60 * 60;
  public static final int MAX_SIDE_PX = 4096;

  /** Frames looked at, spread over the recording. */
  static final int ANALYSED_FRAMES = 12;

  /** Frames are box-averaged down to at most this many pixels on the long side before analysis. */
  static final int ANALYSIS_SIDE_PX = 128;

  static final int SAMPLE_RATE = 16_000;

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private SubjectEncoder() {}

  /**
   * @param mp4 a cameo recording (H.264/AAC or anything FFmpeg's MP4 demuxer reads)
   * @throws IllegalArgumentException with a message saying why, when the bytes are not a decodable
   *     MP4 with video, exceed a limit, or show no subject
   */
  public static SubjectDescription describe(byte[] mp4) {
    if (mp4 == null || mp4.length == 0) {
      throw new IllegalArgumentException("the cameo recording is empty");
    }
    if (mp4.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the cameo recording is " + mp4.length + " bytes; at most " + MAX_BYTES + " are read");
    }
    try {
      Decoded d = StagedBytes.with(mp4, "zoetrope-cameo-", ".mp4", SubjectEncoder::decode);
      return describe(d.video(), d.wave());
    } catch (IOException e) {
      throw new UncheckedIOException("could not stage the cameo recording", e);
    }
  }

  /**
   * The same measurement on decoded media: frames (any size, any rate, the subject centred in front
   * of a plain backdrop) and a {@value #SAMPLE_RATE} Hz mono waveform (may be empty).
   */
  public static SubjectDescription describe(VideoFrames video, float[] wave) {
    LookMeter.Look look = LookMeter.measure(video);
    double pitch = VoiceMeter.pitchHz(wave, SAMPLE_RATE);
    double secondHarmonic = VoiceMeter.secondHarmonicRatio(wave, SAMPLE_RATE);
    return new SubjectDescription(
        look.colour(),
        look.shape(),
        look.pattern(),
        pitch,
        SubjectDescription.VoicePitch.of(pitch),
        Double.isNaN(pitch) || Double.isNaN(secondHarmonic)
            ? null
            : Voice.Timbre.of(secondHarmonic),
        look.bodyShare());
  }

  private record Decoded(VideoFrames video, float[] wave) {}

  private static Decoded decode(Path file) {
    FFmpegFrameGrabber grabber;
    try {
      grabber = UntrustedMp4.open(file);
    } catch (FrameGrabber.Exception e) {
      throw new IllegalArgumentException("the cameo recording is not a readable MP4", e);
    }
    try (grabber) {
      if (UntrustedMp4.streams(grabber).video() == 0) {
        throw new IllegalArgumentException("the cameo recording has no video track");
      }
      int width = grabber.getImageWidth();
      int height = grabber.getImageHeight();
      if (width <= 0 || height <= 0 || width > MAX_SIDE_PX || height > MAX_SIDE_PX) {
        throw new IllegalArgumentException(
            "the cameo recording's frame size "
                + width
                + "x"
                + height
                + " is outside 1x1 to "
                + MAX_SIDE_PX
                + "x"
                + MAX_SIDE_PX);
      }
      long containerMicros = grabber.getLengthInTime();
      if (containerMicros > MAX_SECONDS * 1e6) {
        throw tooLong(containerMicros / 1e6);
      }
      // Which frames to keep is decided by time: the container's length when it gives one,
      // otherwise every 0.25 s.
      double spacingS = containerMicros > 0 ? containerMicros / 1e6 / ANALYSED_FRAMES : 0.25;
      double scale = Math.min(1, ANALYSIS_SIDE_PX / (double) Math.max(width, height));
      int aw = Math.max(1, (int) Math.round(width * scale));
      int ah = Math.max(1, (int) Math.round(height * scale));
      // FFmpeg scales every decoded frame to the analysis size: converting full-size frames to
      // BGR only to average them down would cost far more for a large recording.
      grabber.setImageWidth(aw);
      grabber.setImageHeight(ah);
      List<float[]> frames = new ArrayList<>();
      AudioBuffer audio = new AudioBuffer();
      double nextS = spacingS / 2;
      long firstVideo = -1;
      int videoFrames = 0;
      Frame frame;
      while ((frame = grabber.grabFrame(true, true, true, false, false)) != null) {
        if (frame.type == Frame.Type.VIDEO && frame.image != null) {
          videoFrames++;
          if (firstVideo < 0) {
            firstVideo = frame.timestamp;
          }
          double t = (frame.timestamp - firstVideo) / 1e6;
          if (videoFrames > MAX_VIDEO_FRAMES || t > MAX_SECONDS) {
            throw tooLong(t);
          }
          if (t >= nextS && frames.size() < 4 * ANALYSED_FRAMES) {
            frames.add(downsample(frame, aw, ah));
            nextS = t + spacingS;
          }
        } else if (frame.type == Frame.Type.AUDIO && frame.samples != null) {
          audio.add(frame);
          if (audio.seconds() > MAX_SECONDS + 1) {
            throw tooLong(audio.seconds());
          }
        }
      }
      if (frames.isEmpty()) {
        throw new IllegalArgumentException("the cameo recording's video track has no frames");
      }
      float[] data = new float[frames.size() * aw * ah * 3];
      for (int i = 0; i < frames.size(); i++) {
        System.arraycopy(frames.get(i), 0, data, i * aw * ah * 3, aw * ah * 3);
      }
      double fps = 1 / Math.max(1e-3, spacingS);
      return new Decoded(new VideoFrames(frames.size(), ah, aw, fps, data), audio.toMono16k());
    } catch (FrameGrabber.Exception e) {
      throw new IllegalArgumentException("the cameo recording does not decode", e);
    }
  }

  private static IllegalArgumentException tooLong(double seconds) {
    return new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "the cameo recording is longer than %.0f seconds (%.1f s)",
            MAX_SECONDS,
            seconds));
  }

  /** Box-averages a packed BGR (or BGRA) frame to {@code aw×ah} RGB floats in [0, 1]. */
  private static float[] downsample(Frame frame, int aw, int ah) {
    // The grabber converts colour frames to packed BGR24. Its imageChannels is derived from the
    // row stride, which FFmpeg pads (a 96 px row is 384 bytes), so it cannot be trusted here.
    int bpp = 3;
    if (frame.imageDepth != Frame.DEPTH_UBYTE || frame.imageStride < 3 * frame.imageWidth) {
      throw new IllegalArgumentException(
          "the cameo recording's frames did not decode to 8-bit colour");
    }
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    int stride = frame.imageStride;
    float[] out = new float[aw * ah * 3];
    for (int y = 0; y < ah; y++) {
      int sy0 = (int) ((long) y * h / ah);
      int sy1 = Math.max(sy0 + 1, (int) ((long) (y + 1) * h / ah));
      for (int x = 0; x < aw; x++) {
        int sx0 = (int) ((long) x * w / aw);
        int sx1 = Math.max(sx0 + 1, (int) ((long) (x + 1) * w / aw));
        double r = 0;
        double g = 0;
        double b = 0;
        for (int sy = sy0; sy < sy1; sy++) {
          int row = sy * stride;
          for (int sx = sx0; sx < sx1; sx++) {
            int i = row + sx * bpp;
            b += buf.get(i) & 0xff;
            g += buf.get(i + 1) & 0xff;
            r += buf.get(i + 2) & 0xff;
          }
        }
        double n = 255.0 * (sy1 - sy0) * (sx1 - sx0);
        int o = (y * aw + x) * 3;
        out[o] = (float) (r / n);
        out[o + 1] = (float) (g / n);
        out[o + 2] = (float) (b / n);
      }
    }
    return out;
  }

  /** Decoded audio of any rate and channel count, mixed to mono and resampled to 16 kHz. */
  private static final class AudioBuffer {
    private final List<float[]> chunks = new ArrayList<>();
    private int rate;
    private long samples;

    void add(Frame frame) {
      int channels = Math.max(1, frame.audioChannels);
      // 96 kHz is the highest rate AAC recordings use; above it, keeping 60 s would cost too much.
      if (frame.sampleRate <= 0 || frame.sampleRate > 96_000) {
        return;
      }
      if (rate == 0) {
        rate = frame.sampleRate;
      } else if (rate != frame.sampleRate) {
        return;
      }
      Buffer[] bufs = frame.samples;
      float[] mono;
      if (bufs.length == 1) {
        float[] inter = toFloats(bufs[0]);
        mono = new float[inter.length / channels];
        for (int i = 0; i < mono.length; i++) {
          double s = 0;
          for (int c = 0; c < channels; c++) {
            s += inter[i * channels + c];
          }
          mono[i] = (float) (s / channels);
        }
      } else {
        float[][] planes = new float[bufs.length][];
        int n = Integer.MAX_VALUE;
        for (int c = 0; c < bufs.length; c++) {
          planes[c] = toFloats(bufs[c]);
          n = Math.min(n, planes[c].length);
        }
        mono = new float[n];
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (float[] p : planes) {
            s += p[i];
          }
          mono[i] = (float) (s / planes.length);
        }
      }
      chunks.add(mono);
      samples += mono.length;
    }

    double seconds() {
      return rate == 0 ? 0 : samples / (double) rate;
    }

    private static float[] toFloats(Buffer b) {
      if (b instanceof FloatBuffer f) {
        float[] out = new float[f.remaining()];
        f.duplicate().get(out);
        return out;
      }
      if (b instanceof ShortBuffer s) {
        short[] tmp = new short[s.remaining()];
        s.duplicate().get(tmp);
        float[] out = new float[tmp.length];
        for (int i = 0; i < tmp.length; i++) {
          out[i] = tmp[i] / 32768f;
        }
        return out;
      }
      return new float[0];
    }

    float[] toMono16k() {
      float[] all = new float[(int) samples];
      int at = 0;
      for (float[] c : chunks) {
        System.arraycopy(c, 0, all, at, c.length);
        at += c.length;
      }
      if (rate == 0 || rate == SAMPLE_RATE) {
        return all;
      }
      // Linear interpolation; above 8 kHz nothing matters for pitch, so no anti-alias filter.
      int n = (int) ((long) all.length * SAMPLE_RATE / rate);
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        double pos = i * (double) rate / SAMPLE_RATE;
        int i0 = (int) pos;
        double frac = pos - i0;
        float a = all[Math.min(all.length - 1, i0)];
        float b = all[Math.min(all.length - 1, i0 + 1)];
        out[i] = (float) (a + (b - a) * frac);
      }
      return out;
    }
  }
}
