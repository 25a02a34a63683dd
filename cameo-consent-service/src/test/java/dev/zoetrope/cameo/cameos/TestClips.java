package dev.zoetrope.cameo.cameos;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Real MP4 recordings (H.264 + AAC, like a phone's) made for a test. */
final class TestClips {
  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private TestClips() {}

  /** A face-sized blob drifting over a background, with a tone if {@code audio}. */
  static byte[] mp4(int width, int height, double fps, double seconds, boolean audio)
      throws IOException {
    Path file = Files.createTempFile("test-recording-", ".mp4");
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
          int cx = width / 3 + i % (width / 3);
          for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
              int o = y * frame.imageStride + x * 3;
              boolean face = (x - cx) * (x - cx) + (y - height / 2) * (y - height / 2) < 200;
              bgr.put(o, (byte) (face ? 120 : 60));
              bgr.put(o + 1, (byte) (face ? 170 : 90 + y));
              bgr.put(o + 2, (byte) (face ? 230 : 70));
            }
          }
          r.record(frame);
        }
      }
      if (audio) {
        short[] samples = new short[(int) (16_000 * seconds)];
        for (int i = 0; i < samples.length; i++) {
          samples[i] = (short) (5000 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
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
