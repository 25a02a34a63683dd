package dev.zoetrope.common.media;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Opens an MP4 that came from outside (an upload, a stored clip) for decoding, with FFmpeg pinned
 * to the MP4/QuickTime demuxer and the file protocol, so a crafted file cannot make it follow a
 * playlist or a reference to another file or URL.
 */
public final class UntrustedMp4 {
  private UntrustedMp4() {}

  /** Video streams (cover art excluded) and audio streams of an opened file. */
  public record Streams(int video, int audio) {}

  /**
   * A started grabber; the caller closes it.
   *
   * @throws FrameGrabber.Exception when the file is not a readable MP4
   */
  public static FFmpegFrameGrabber open(Path file) throws FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setFormat("mp4");
    grabber.setOption("protocol_whitelist", "file");
    try {
      grabber.start();
    } catch (FrameGrabber.Exception e) {
      grabber.close();
      throw e;
    }
    return grabber;
  }

  public static Streams streams(FFmpegFrameGrabber grabber) {
    int video = 0;
    int audio = 0;
    AVFormatContext format = grabber.getFormatContext();
    for (int i = 0; i < format.nb_streams(); i++) {
      AVStream stream = format.streams(i);
      int type = stream.codecpar().codec_type();
      boolean coverArt = (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
      if (type == avutil.AVMEDIA_TYPE_VIDEO && !coverArt) {
        video++;
      } else if (type == avutil.AVMEDIA_TYPE_AUDIO) {
        audio++;
      }
    }
    return new Streams(video, audio);
  }
}
