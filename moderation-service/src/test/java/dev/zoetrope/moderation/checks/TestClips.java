package dev.zoetrope.moderation.checks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Real MP4 clips (H.264 + AAC, as the generator writes them) made for a test. */
final class TestClips {
  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private TestClips() {}

  /** Paints frame {@code index} as packed BGR into {@code bgr}. */
  @FunctionalInterface
  interface Painter {
    void paint(int index, ByteBuffer bgr, int width, int height, int stride);
  }

  static byte[] mp4(int width, int height, double fps, double seconds, boolean audio, Painter p)
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
          p.paint(i, bgr, width, height, frame.imageStride);
          r.record(frame);
        }
      }
      if (audio) {
        short[] samples = new short[(int) (16_000 * seconds)];
        for (int i = 0; i < samples.length; i++) {
          samples[i] = (short) (6000 * Math.sin(2 * Math.PI * 330 * i / 16_000.0));
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

  /** A mid-grey room with a red ball sliding across: calm, nothing flashes. */
  static Painter calmBall() {
    return (i, bgr, w, h, stride) -> {
      int cx = 20 + i * 2;
      int cy = h / 2;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int o = y * stride + x * 3;
          boolean ball = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 144;
          int grey = 90 + y / 4;
          bgr.put(o, (byte) (ball ? 30 : grey));
          bgr.put(o + 1, (byte) (ball ? 30 : grey));
          bgr.put(o + 2, (byte) (ball ? 220 : grey));
        }
      }
    };
  }

  /** Whole-frame black/white strobe with {@code hz} full cycles per second at {@code fps}. */
  static Painter strobe(double fps, double hz) {
    return (i, bgr, w, h, stride) -> {
      byte v = ((int) Math.floor(i * 2 * hz / fps)) % 2 == 0 ? (byte) 8 : (byte) 245;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w * 3; x++) {
          bgr.put(y * stride + x, v);
        }
      }
    };
  }
}
