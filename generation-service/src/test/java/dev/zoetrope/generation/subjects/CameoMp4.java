package dev.zoetrope.generation.subjects;

import dev.zoetrope.generation.world.VideoFrames;
import dev.zoetrope.generation.world.WorldClip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** A world clip as a real MP4 (H.264 yuv420p + AAC mono 16 kHz), the way a phone would send it. */
public final class CameoMp4 {
  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private CameoMp4() {}

  public static byte[] encode(WorldClip clip) throws IOException {
    VideoFrames v = clip.video();
    Path file = Files.createTempFile("cameo-test-", ".mp4");
    try {
      FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), v.width(), v.height(), 1);
      r.setFormat("mp4");
      r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      r.setFrameRate(v.fps());
      r.setVideoOption("rc_mode", "off");
      r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      r.setSampleRate(16_000);
      r.setAudioChannels(1);
      r.setAudioBitrate(64_000);
      r.start();
      float[] wave = clip.audio();
      int written = 0;
      try (Frame frame = new Frame(v.width(), v.height(), Frame.DEPTH_UBYTE, 3)) {
        ByteBuffer bgr = (ByteBuffer) frame.image[0];
        for (int f = 0; f < v.frames(); f++) {
          for (int y = 0; y < v.height(); y++) {
            for (int x = 0; x < v.width(); x++) {
              int o = y * frame.imageStride + x * 3;
              bgr.put(o, byte8(v.get(f, y, x, 2)));
              bgr.put(o + 1, byte8(v.get(f, y, x, 1)));
              bgr.put(o + 2, byte8(v.get(f, y, x, 0)));
            }
          }
          r.record(frame, avutil.AV_PIX_FMT_BGR24);
          int upTo = (int) ((long) (f + 1) * wave.length / v.frames());
          if (upTo > written) {
            r.recordSamples(16_000, 1, FloatBuffer.wrap(wave, written, upTo - written));
            written = upTo;
          }
        }
      }
      r.stop();
      r.release();
      return Files.readAllBytes(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static byte byte8(float v) {
    return (byte) Math.round(Math.max(0, Math.min(1, v)) * 255);
  }
}
