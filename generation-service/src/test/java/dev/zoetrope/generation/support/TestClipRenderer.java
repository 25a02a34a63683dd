package dev.zoetrope.generation.support;

import dev.zoetrope.generation.render.ClipRenderer;
import dev.zoetrope.generation.render.RenderCancelledException;
import dev.zoetrope.generation.render.RenderRequest;
import dev.zoetrope.generation.render.RenderedClip;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Test-only: a real but trivial renderer (1 second, 8 frames of a moving square and a tone, H.264 +
 * AAC through JavaCV, plus a thumbnail and a spritesheet). Worker-path tests use it where the
 * diffusion model's seconds of CPU per clip would only slow them down; the DJL renderer has its own
 * tests (DiffusionClipRendererIT, ConditionedRenderIT) and the end-to-end test renders with it.
 */
public final class TestClipRenderer implements ClipRenderer {
  private static final int FPS = 8;
  private static final int FRAMES = 8;
  private static final int SAMPLE_RATE = 16_000;

  @Override
  public RenderedClip render(RenderRequest request, Progress progress, Cancellation cancel)
      throws RenderCancelledException {
    long start = System.nanoTime();
    Random random = new Random(request.seed());
    Color background = new Color(random.nextInt(0xffffff));
    BufferedImage[] frames = new BufferedImage[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      if (cancel.cancelled()) {
        throw new RenderCancelledException("cancelled");
      }
      BufferedImage image =
          new BufferedImage(request.width(), request.height(), BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = image.createGraphics();
      g.setColor(background);
      g.fillRect(0, 0, request.width(), request.height());
      g.setColor(Color.WHITE);
      int side = request.width() / 6;
      g.fillRect(i * (request.width() - side) / (FRAMES - 1), request.height() / 3, side, side);
      g.dispose();
      frames[i] = image;
      progress.update((i + 1) * 100 / FRAMES);
    }
    long denoised = System.nanoTime();
    short[] samples = new short[SAMPLE_RATE];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / SAMPLE_RATE));
    }
    long decoded = System.nanoTime();
    byte[] mp4 = encode(request, frames, samples);
    byte[] jpeg = jpeg(frames[0]);
    byte[] spritesheet = jpeg(spritesheet(frames, request));
    long encoded = System.nanoTime();
    return new RenderedClip(
        mp4,
        jpeg,
        spritesheet,
        (denoised - start) / 1_000_000,
        (decoded - denoised) / 1_000_000,
        (encoded - decoded) / 1_000_000);
  }

  private static byte[] encode(RenderRequest request, BufferedImage[] frames, short[] samples) {
    try {
      // The mp4 muxer seeks back to write its index, so it needs a file rather than a stream.
      Path file = Files.createTempFile("zoetrope-test-clip", ".mp4");
      try {
        try (FFmpegFrameRecorder recorder =
                new FFmpegFrameRecorder(file.toFile(), request.width(), request.height(), 1);
            Java2DFrameConverter converter = new Java2DFrameConverter()) {
          recorder.setFormat("mp4");
          recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
          recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
          recorder.setFrameRate(FPS);
          recorder.setVideoOption("rc_mode", "off");
          recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
          recorder.setSampleRate(SAMPLE_RATE);
          recorder.setAudioChannels(1);
          recorder.setAudioBitrate(64_000);
          recorder.start();
          for (BufferedImage frame : frames) {
            recorder.record(converter.convert(frame));
          }
          recorder.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(samples));
          recorder.stop();
        }
        return Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 5×2 tiles 128 px wide, like the real renderer's. */
  private static BufferedImage spritesheet(BufferedImage[] frames, RenderRequest request) {
    int tileHeight = Math.max(2, Math.round(128f * request.height() / request.width()));
    BufferedImage sheet = new BufferedImage(5 * 128, 2 * tileHeight, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = sheet.createGraphics();
    for (int i = 0; i < 10; i++) {
      g.drawImage(
          frames[i * FRAMES / 10], (i % 5) * 128, (i / 5) * tileHeight, 128, tileHeight, null);
    }
    g.dispose();
    return sheet;
  }

  private static byte[] jpeg(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
