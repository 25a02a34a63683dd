package dev.zoetrope.generation.videos;

import dev.zoetrope.common.media.StagedBytes;
import dev.zoetrope.common.media.UntrustedMp4;
import dev.zoetrope.common.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * What the API must know of an uploaded clip before accepting an edit of it: that it is an MP4 or
 * QuickTime file with a picture, how long it is and which way up. Only the container's header is
 * read here; the worker decodes the whole clip (with its own limits) when rendering starts.
 */
final class UploadedClips {
  static final double MIN_SECONDS = 1;
  static final double MAX_SECONDS = 20;
  private static final String PARAM = "video";

  private UploadedClips() {}

  record Probe(double seconds, int width, int height) {
    boolean portrait() {
      return height > width;
    }

    /** The API's length nearest the upload's: 4, 8 or 12 s. */
    int apiSeconds() {
      return seconds < 6 ? 4 : seconds < 10 ? 8 : 12;
    }
  }

  static Probe probe(byte[] bytes) {
    if (bytes.length < 12
        || bytes[4] != 'f'
        || bytes[5] != 't'
        || bytes[6] != 'y'
        || bytes[7] != 'p') {
      throw ApiException.invalid(PARAM, "video must be an MP4 or QuickTime file");
    }
    try {
      return StagedBytes.with(bytes, "zoetrope-edit-", ".mp4", UploadedClips::probeFile);
    } catch (FrameGrabber.Exception e) {
      throw ApiException.invalid(PARAM, "video is not a readable MP4 or QuickTime file");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Probe probeFile(Path file) throws FrameGrabber.Exception {
    try (FFmpegFrameGrabber grabber = UntrustedMp4.open(file)) {
      if (UntrustedMp4.streams(grabber).video() == 0) {
        throw ApiException.invalid(PARAM, "video has no picture");
      }
      double seconds = grabber.getLengthInTime() / 1e6;
      int width = grabber.getImageWidth();
      int height = grabber.getImageHeight();
      if (width <= 0 || height <= 0) {
        throw ApiException.invalid(PARAM, "video has no readable picture size");
      }
      if (!(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS)) {
        throw ApiException.invalid(
            PARAM, "video must be " + (int) MIN_SECONDS + " to " + (int) MAX_SECONDS + " s long");
      }
      return new Probe(seconds, width, height);
    }
  }
}
