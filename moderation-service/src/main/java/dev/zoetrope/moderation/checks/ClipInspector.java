package dev.zoetrope.moderation.checks;

import dev.zoetrope.common.media.UntrustedMp4;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.moderation.ModerationApi.ClipMeasurements;
import dev.zoetrope.moderation.ModerationProperties;
import dev.zoetrope.moderation.photosensitivity.RelativeLuminance;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes a clip with FFmpeg (through JavaCV) and measures what the output checks need: the stream
 * layout and each video frame's mean relative luminance, on frames scaled down first (the mean
 * barely moves, the cost drops by orders of magnitude).
 */
class ClipInspector {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  static {
    // FFmpeg logs every container it opens to stderr; our own result says what went wrong.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final ModerationProperties.Output limits;

  ClipInspector(ModerationProperties.Output limits) {
    this.limits = limits;
  }

  sealed interface Result permits Malformed, Decoded {}

  /** The clip is not something we would publish; {@code reason} says why, for the user. */
  record Malformed(String reason) implements Result {}

  /**
   * @param timestampsMicros presentation time of each decoded video frame
   * @param luminance mean relative luminance of each decoded video frame
   */
  record Decoded(long[] timestampsMicros, double[] luminance, int audioFrames) implements Result {}

  Result inspect(Path file) {
    FFmpegFrameGrabber opened;
    try {
      opened = UntrustedMp4.open(file);
    } catch (FrameGrabber.Exception e) {
      return new Malformed("the clip is not a readable MP4 file");
    }
    try (FFmpegFrameGrabber grabber = opened) {
      UntrustedMp4.Streams streams = UntrustedMp4.streams(grabber);
      int videoStreams = streams.video();
      int audioStreams = streams.audio();
      if (videoStreams != 1) {
        return new Malformed(
            "the clip has " + videoStreams + " video streams; exactly one is required");
      }
      if (audioStreams < 1) {
        return new Malformed("the clip has no audio stream");
      }
      int width = grabber.getImageWidth();
      int height = grabber.getImageHeight();
      if (width <= 0
          || height <= 0
          || width > limits.maxFrameWidthPx()
          || height > limits.maxFrameHeightPx()) {
        return new Malformed("the clip's frame size " + width + "x" + height + " is not allowed");
      }
      int analysisWidth = Math.min(width, limits.analysisWidthPx());
      int analysisHeight = Math.max(2, (int) Math.round((double) height * analysisWidth / width));
      grabber.setImageWidth(analysisWidth);
      grabber.setImageHeight(analysisHeight);
      return decode(grabber);
    } catch (FrameGrabber.Exception e) {
      return new Malformed("the clip does not decode");
    }
  }

  /**
   * The same judgement as {@link #inspect(Path)} for a clip its producer measured while encoding it
   * (ADR 0007): the stream layout it wrote and each frame's luminance. The limits and reasons are
   * the decoder's, so a decision does not depend on which path made it.
   *
   * @throws ApiException 400 when the measurements contradict themselves
   */
  Result inspect(ClipMeasurements m) {
    requireConsistent(m);
    if (m.videoStreams() != 1) {
      return new Malformed(
          "the clip has " + m.videoStreams() + " video streams; exactly one is required");
    }
    if (m.audioStreams() < 1) {
      return new Malformed("the clip has no audio stream");
    }
    if (m.width() <= 0
        || m.height() <= 0
        || m.width() > limits.maxFrameWidthPx()
        || m.height() > limits.maxFrameHeightPx()) {
      return new Malformed(
          "the clip's frame size " + m.width() + "x" + m.height() + " is not allowed");
    }
    long[] ts = m.frameTimestampsMicros();
    int frames = ts.length;
    if (frames == 0) {
      return new Malformed("the clip's video stream has no decodable frames");
    }
    if (frames > limits.maxVideoFrames()) {
      return new Malformed("the clip has more than " + limits.maxVideoFrames() + " frames");
    }
    if (ts[frames - 1] > limits.maxClipDurationMs() * 1000) {
      return new Malformed(
          "the clip is longer than " + limits.maxClipDurationMs() / 1000 + " seconds");
    }
    return new Decoded(ts.clone(), m.frameLuminance().clone(), m.audioStreams());
  }

  private static void requireConsistent(ClipMeasurements m) {
    if (m.mp4Sha256() == null || !SHA256_HEX.matcher(m.mp4Sha256()).matches()) {
      throw ApiException.invalid(
          "measurements.mp4Sha256", "mp4Sha256 must be 64 lowercase hex digits");
    }
    long[] ts = m.frameTimestampsMicros();
    double[] lum = m.frameLuminance();
    if (ts == null || lum == null || ts.length != lum.length) {
      throw ApiException.invalid(
          "measurements.frameLuminance", "one luminance value per frame timestamp is required");
    }
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] < 0 || (i > 0 && ts[i] < ts[i - 1])) {
        throw ApiException.invalid(
            "measurements.frameTimestampsMicros",
            "frame timestamps must be non-negative and non-decreasing");
      }
      if (!(lum[i] >= 0 && lum[i] <= 1)) {
        throw ApiException.invalid(
            "measurements.frameLuminance", "frame luminance must be between 0 and 1");
      }
    }
  }

  private Result decode(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
    long maxMicros = limits.maxClipDurationMs() * 1000;
    long[] ts = new long[256];
    double[] lum = new double[256];
    int frames = 0;
    int audioFrames = 0;
    long previous = Long.MIN_VALUE;
    Frame frame;
    while ((frame = grabber.grabFrame(true, true, true, false, false)) != null) {
      if (frame.type == Frame.Type.AUDIO) {
        audioFrames++;
        continue;
      }
      if (frame.type != Frame.Type.VIDEO || frame.image == null) {
        continue;
      }
      if (frames >= limits.maxVideoFrames()) {
        return new Malformed("the clip has more than " + limits.maxVideoFrames() + " frames");
      }
      if (frame.timestamp > maxMicros) {
        return new Malformed(
            "the clip is longer than " + limits.maxClipDurationMs() / 1000 + " seconds");
      }
      if (frames == ts.length) {
        ts = Arrays.copyOf(ts, frames * 2);
        lum = Arrays.copyOf(lum, frames * 2);
      }
      // A broken file can repeat or reorder timestamps; keep time moving forward for the window.
      long t = Math.max(frame.timestamp, previous == Long.MIN_VALUE ? frame.timestamp : previous);
      ts[frames] = t;
      lum[frames] =
          RelativeLuminance.meanOfBgr(
              (ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight, frame.imageStride);
      previous = t;
      frames++;
    }
    if (frames == 0) {
      return new Malformed("the clip's video stream has no decodable frames");
    }
    if (audioFrames == 0) {
      return new Malformed("the clip's audio stream has no decodable audio");
    }
    return new Decoded(Arrays.copyOf(ts, frames), Arrays.copyOf(lum, frames), audioFrames);
  }
}
