package dev.zoetrope.generation.render;

import dev.zoetrope.generation.model.MelScale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes H.264 (yuv420p) + AAC mono into a streamable MP4 with FFmpeg through JavaCV. One recorder
 * per call, so concurrent renders never share native state.
 */
final class Mp4Encoder {
  static final int AUDIO_BITRATE = 64_000;

  static {
    // libopenh264 warns on every start (profile fallback); real failures still surface as errors.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  /**
   * @param mp4 the encoded file
   * @param scaleNanos time spent scaling frames to the output size (decode work, not encoding)
   */
  record Result(byte[] mp4, long scaleNanos) {}

  private Mp4Encoder() {}

  static Result encode(
      byte[][] frames, Letterbox letterbox, int width, int height, int fps, float[] wave) {
    Path file = null;
    try {
      file = Files.createTempFile("zoetrope-render-", ".mp4");
      long scaleNanos = record(file, frames, letterbox, width, height, fps, wave);
      return new Result(Files.readAllBytes(file), scaleNanos);
    } catch (IOException e) {
      throw new UncheckedIOException("MP4 encoding failed", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A leftover temp file is harmless; the render itself succeeded or already failed.
        }
      }
    }
  }

  private static long record(
      Path file, byte[][] frames, Letterbox letterbox, int width, int height, int fps, float[] wave)
      throws FrameRecorder.Exception {
    long scaleNanos = 0;
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 1);
    try {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setGopSize(2 * fps);
      // OpenH264 (the LGPL build's H.264 encoder) rejects small, high-entropy frames in its default
      // quality mode ("EncodeFrame failed"); with rate control off it encodes every size.
      recorder.setVideoOption("rc_mode", "off");
      recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      recorder.setSampleRate(MelScale.SAMPLE_RATE);
      recorder.setAudioChannels(1);
      recorder.setAudioBitrate(AUDIO_BITRATE);
      // moov atom first, so players can start streaming before the whole file has arrived.
      recorder.setOption("movflags", "+faststart");
      recorder.start();

      Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      ByteBuffer pixels = (ByteBuffer) frame.image[0];
      // JavaCV's native frame buffer is not zeroed; the letterbox bars must be black.
      pixels.put(0, new byte[pixels.capacity()]);
      int written = 0;
      for (int j = 0; j < frames.length; j++) {
        long t0 = System.nanoTime();
        letterbox.draw(frames[j], pixels, frame.imageStride);
        scaleNanos += System.nanoTime() - t0;
        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
        // Interleave: after each frame, the audio up to that frame's end. The muxer's edit list
        // hides the AAC encoder's 1024-sample priming, so both streams end at the same time.
        int upTo = (int) ((long) (j + 1) * wave.length / frames.length);
        if (upTo > written) {
          recorder.recordSamples(
              MelScale.SAMPLE_RATE, 1, FloatBuffer.wrap(wave, written, upTo - written));
          written = upTo;
        }
      }
      recorder.stop();
      return scaleNanos;
    } finally {
      recorder.release();
    }
  }
}
