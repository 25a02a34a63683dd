package dev.zoetrope.cameo.recording;

import dev.zoetrope.cameo.CameoProperties;
import dev.zoetrope.common.media.UntrustedMp4;
import dev.zoetrope.common.web.ApiException;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Proves an upload is a usable cameo recording by decoding all of it with FFmpeg (through JavaCV):
 * a video track and an audio track that both decode, and a length within limits. The container's
 * own duration is not trusted alone: decoded timestamps must agree with it.
 */
@Component
public class RecordingInspector {
  public static final String INVALID = "invalid_recording";

  static {
    // FFmpeg logs every container it opens to stderr; the 400 we answer says what went wrong.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final CameoProperties props;

  public RecordingInspector(CameoProperties props) {
    this.props = props;
  }

  /** What was measured; the upload is valid if this returns. */
  public record Facts(long durationMs, int width, int height) {}

  public Facts inspect(Path file) {
    try (FFmpegFrameGrabber grabber = open(file)) {
      UntrustedMp4.Streams streams = UntrustedMp4.streams(grabber);
      if (streams.video() == 0) {
        throw invalid("the recording has no video track");
      }
      if (streams.audio() == 0) {
        throw invalid("the recording has no audio track; a cameo needs your voice");
      }
      int width = grabber.getImageWidth();
      int height = grabber.getImageHeight();
      if (width <= 0
          || height <= 0
          || width > props.maxRecordingWidthPx()
          || height > props.maxRecordingHeightPx()) {
        throw invalid(
            "the recording's frame size "
                + width
                + "x"
                + height
                + " is outside 1x1 to "
                + props.maxRecordingWidthPx()
                + "x"
                + props.maxRecordingHeightPx());
      }
      long durationMs = decode(grabber);
      if (durationMs < props.minRecordingMs() || durationMs > props.maxRecordingMs()) {
        throw invalid(
            String.format(
                Locale.ROOT,
                "the recording is %.1f s long; it must be %d to %d seconds",
                durationMs / 1000.0,
                props.minRecordingMs() / 1000,
                props.maxRecordingMs() / 1000));
      }
      return new Facts(durationMs, width, height);
    } catch (FrameGrabber.Exception e) {
      throw invalid("the recording does not decode");
    }
  }

  private static FFmpegFrameGrabber open(Path file) {
    try {
      return UntrustedMp4.open(file);
    } catch (FrameGrabber.Exception e) {
      throw invalid("the recording is not a readable MP4 or QuickTime video");
    }
  }

  /** Decodes every packet; returns the length in ms, or throws once it is clearly too long. */
  private long decode(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
    double fps = grabber.getFrameRate();
    long frameMicros = fps > 0 && fps < 1000 ? Math.round(1_000_000 / fps) : 0;
    long stopAfterMicros = (props.maxRecordingMs() + 1000) * 1000;
    long firstVideo = -1;
    long lastVideo = -1;
    int videoFrames = 0;
    int audioFrames = 0;
    Frame frame;
    // No pixel conversion: decoding proves the streams are sound, and nothing looks at pixels.
    while ((frame = grabber.grabFrame(true, true, false, false, false)) != null) {
      if (frame.type == Frame.Type.VIDEO) {
        videoFrames++;
        if (firstVideo < 0) {
          firstVideo = frame.timestamp;
        }
        lastVideo = Math.max(lastVideo, frame.timestamp);
        if (lastVideo - firstVideo > stopAfterMicros) {
          throw invalid(
              "the recording is longer than " + props.maxRecordingMs() / 1000 + " seconds");
        }
      } else if (frame.type == Frame.Type.AUDIO) {
        audioFrames++;
      }
    }
    if (videoFrames == 0) {
      throw invalid("the recording's video track has no decodable frames");
    }
    if (audioFrames == 0) {
      throw invalid("the recording's audio track does not decode");
    }
    long decodedMicros = lastVideo - firstVideo + frameMicros;
    long containerMicros = Math.max(0, grabber.getLengthInTime());
    return Math.max(decodedMicros, containerMicros) / 1000;
  }

  private static ApiException invalid(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, INVALID, message, "recording");
  }
}
