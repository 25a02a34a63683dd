package dev.zoetrope.common.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Real MP4 files (H.264 + AAC, as a phone or our renderer writes them) made for a test. */
public final class TestMp4 {
  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private TestMp4() {}

  /** Paints frame {@code index} as packed BGR into {@code bgr}. */
  @FunctionalInterface
  public interface Painter {
    void paint(int index, ByteBuffer bgr, int width, int height, int stride);
  }

  /**
   * Encodes {@code seconds} of video painted by {@code painter}, with a 16 kHz mono tone of {@code
   * toneHz} as the audio track when {@code audio}.
   */
  public static byte[] encode(
      int width,
      int height,
      double fps,
      double seconds,
      boolean audio,
      double toneHz,
      Painter painter)
      throws IOException {
    Path file = Files.createTempFile("test-clip-", ".mp4");
    try {
      FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, audio ? 1 : 0);
      r.setFormat("mp4");
      r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      r.setFrameRate(fps);
      // OpenH264's rate control drops tiny high-contrast frames otherwise.
      r.setVideoOption("rc_mode", "off");
      if (audio) {
        r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        r.setSampleRate(16_000);
        r.setAudioChannels(1);
      }
      r.start();
      try (Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3)) {
        ByteBuffer bgr = (ByteBuffer) frame.image[0];
        int n = (int) Math.round(fps * seconds);
        for (int i = 0; i < n; i++) {
          painter.paint(i, bgr, width, height, frame.imageStride);
          r.record(frame);
        }
      }
      if (audio) {
        short[] samples = new short[(int) (16_000 * seconds)];
        for (int i = 0; i < samples.length; i++) {
          samples[i] = (short) (6000 * Math.sin(2 * Math.PI * toneHz * i / 16_000.0));
        }
        r.recordSamples(16_000, 1, ShortBuffer.wrap(samples));
      }
      r.stop();
      r.release();
      return Files.readAllBytes(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
