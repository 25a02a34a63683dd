package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.SampledClip;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

/** Source media back to the native form, and what untrusted bytes are refused with. */
class SourceClipTest {
  private static final ModelConfig CONFIG = ModelConfig.standard();

  @Test
  void ourOwnLetterboxedClipComesBackAsItsNativeFramesAndSound() {
    SampledClip clip = pattern(2);
    byte[] mp4 = encode(clip, 2, 256, 144);

    SourceClip source = SourceClip.decode(mp4, CONFIG);

    assertThat(source.frames()).isEqualTo(16);
    assertThat(source.columns()).isEqualTo(64);
    assertThat(source.audio()).isTrue();
    float[] clamped = clamp(clip.video());
    assertThat(meanAbsDiff(source.video(), clamped)).isLessThan(0.04);
    for (int f = 0; f < 16; f++) {
      assertThat(frameMeanAbsDiff(source.video(), clamped, 16, f))
          .as("frame %d", f)
          .isLessThan(0.08);
    }
    // The tone in band 12 during columns 16..31 is back where it was, and silence is silent.
    assertThat(source.mel()[12 * 64 + 24]).isGreaterThan(0.4f);
    assertThat(source.mel()[12 * 64 + 50]).isLessThan(-0.5f);
    assertThat(source.mel()[25 * 64 + 24]).isLessThan(-0.3f);
  }

  @Test
  void fittingLoopsAShortSourceAndCutsALongOne() {
    SourceClip source = SourceClip.decode(encode(pattern(1), 1, 64, 64), CONFIG);

    SourceClip looped = source.fitted(20);
    SourceClip cut = source.fitted(3);

    assertThat(looped.frames()).isEqualTo(20);
    assertThat(looped.columns()).isEqualTo(80);
    assertThat(frame(looped, 10)).isEqualTo(frame(source, 2));
    assertThat(Arrays.copyOfRange(looped.mel(), 33, 36))
        .isEqualTo(Arrays.copyOfRange(source.mel(), 1, 4));
    assertThat(frame(cut, 2)).isEqualTo(frame(source, 2));
  }

  @Test
  void anUploadAtThirtyFpsWithoutSoundTakesThePictureOnScreenAtEachNativeFrameTime()
      throws Exception {
    // Frame k of a 1 s, 30 fps, 320×240 silent clip is grey level 8k.
    Path file = Files.createTempFile("zoetrope-test-", ".mp4");
    try {
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 320, 240, 0)) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(30);
        recorder.setVideoOption("rc_mode", "off");
        recorder.start();
        Frame frame = new Frame(320, 240, Frame.DEPTH_UBYTE, 3);
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        for (int k = 0; k < 30; k++) {
          byte[] grey = new byte[pixels.capacity()];
          Arrays.fill(grey, (byte) (8 * k));
          pixels.put(0, grey);
          recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
        }
        recorder.stop();
      }

      SourceClip source = SourceClip.decode(Files.readAllBytes(file), CONFIG);

      assertThat(source.frames()).isEqualTo(8);
      assertThat(source.audio()).isFalse();
      assertThat(source.mel()).containsOnly(-1f);
      for (int j = 0; j < 8; j++) {
        int k = (int) Math.floor((j + 0.5) / 8 * 30);
        float expected = 8 * k / 255f * 2 - 1;
        assertThat(source.video()[j * 32 * 32 + 500])
            .as("native frame %d", j)
            .isCloseTo(expected, within(0.03f));
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void rejectsBytesThatAreNotAVideoWithAClearMessage() throws Exception {
    assertThatThrownBy(() -> SourceClip.decode("definitely not a video".getBytes(), CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a readable MP4");
    assertThatThrownBy(() -> SourceClip.decode(png(new BufferedImage(8, 8, 1)), CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a readable MP4");
    assertThatThrownBy(() -> SourceClip.decode(new byte[0], CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    byte[] truncated = Arrays.copyOf(encode(pattern(1), 1, 64, 64), 600);
    assertThatThrownBy(() -> SourceClip.decode(truncated, CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source");
  }

  @Test
  void rejectsASourceLongerThanTwentySeconds() {
    byte[] mp4 = encode(pattern(21), 21, 32, 32);

    assertThatThrownBy(() -> SourceClip.decode(mp4, CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 20 seconds");
  }

  @Test
  void anImageIsCentreCroppedAndAveragedToOneNativeFrame() throws Exception {
    // 96×64: the centre square is x 16..79; its left half red, right half blue; bars green.
    BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.GREEN);
    g.fillRect(0, 0, 96, 64);
    g.setColor(Color.RED);
    g.fillRect(16, 0, 32, 64);
    g.setColor(Color.BLUE);
    g.fillRect(48, 0, 32, 64);
    g.dispose();

    float[] frame = SourceImage.decode(png(image), 32);

    int plane = 32 * 32;
    assertThat(frame).hasSize(3 * plane);
    // Red at (0, 5), blue at (31, 20), no green anywhere.
    assertThat(frame[5 * 32]).isEqualTo(1f);
    assertThat(frame[2 * plane + 5 * 32]).isEqualTo(-1f);
    assertThat(frame[20 * 32 + 31]).isEqualTo(-1f);
    assertThat(frame[2 * plane + 20 * 32 + 31]).isEqualTo(1f);
    for (int i = 0; i < plane; i++) {
      assertThat(frame[plane + i]).isEqualTo(-1f);
    }
  }

  @Test
  void webpImagesDecodeThroughFfmpeg() {
    // A 1×1 lossy WebP (the usual feature-detection image).
    byte[] webp =
        Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

    float[] frame = SourceImage.decode(webp, 32);

    assertThat(frame).hasSize(3 * 32 * 32);
    assertThat(frame[0]).isEqualTo(frame[32 * 32 - 1]);
  }

  @Test
  void rejectsImagesItCannotReadOrThatAreTooLarge() throws Exception {
    assertThatThrownBy(() -> SourceImage.decode("GIF89a....".getBytes(), 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JPEG, PNG or WebP");
    assertThatThrownBy(
            () ->
                SourceImage.decode(
                    png(
                        new BufferedImage(
                            SourceImage.MAX_SIDE + 1, 2, BufferedImage.TYPE_BYTE_GRAY)),
                    32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside 1x1 to 8192x8192");
    byte[] brokenJpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3, 4, 5};
    assertThatThrownBy(() -> SourceImage.decode(brokenJpeg, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not decode");
  }

  /** Moving colour blocks (smooth enough for H.264 at any scale) and a tone in band 12. */
  static SampledClip pattern(int seconds) {
    int frames = 8 * seconds;
    int plane = 32 * 32;
    float[] video = new float[3 * frames * plane];
    for (int f = 0; f < frames; f++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          boolean square = Math.abs(x - 4 - f % 24) < 4 && Math.abs(y - 16) < 5;
          float r = square ? 0.9f : -0.6f + y / 40f;
          float g = square ? -0.8f : 0.2f * ((f / 4) % 3) - 0.2f;
          float b = square ? 0.5f : -0.9f + x / 20f;
          int i = y * 32 + x;
          video[f * plane + i] = r;
          video[(frames + f) * plane + i] = g;
          video[(2 * frames + f) * plane + i] = b;
        }
      }
    }
    int columns = frames * 4;
    float[] mel = new float[MelScale.BINS * columns];
    Arrays.fill(mel, -1f);
    for (int c = 16; c < Math.min(32, columns); c++) {
      mel[12 * columns + c] = 0.9f;
    }
    return new SampledClip(frames, 32, video, mel, columns);
  }

  static byte[] encode(SampledClip clip, int seconds, int width, int height) {
    byte[][] frames = FrameDecoder.decode(clip, seconds, 24);
    float[] wave = MelSynthesizer.synthesize(clip.mel(), clip.columns(), seconds);
    return Mp4Encoder.encode(
            frames, new Letterbox(clip.size(), width, height), width, height, 24, wave)
        .mp4();
  }

  static float[] clamp(float[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.max(-1f, Math.min(1f, v[i]));
    }
    return out;
  }

  static double meanAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  /** Mean absolute difference of native frame {@code f} of two clips of {@code frames} frames. */
  static double frameMeanAbsDiff(float[] a, float[] b, int frames, int f) {
    return frameMeanAbsDiff(a, frames, f, b, frames, f);
  }

  /**
   * Mean absolute difference of frame {@code fa} of {@code a} and frame {@code fb} of {@code b}.
   */
  static double frameMeanAbsDiff(float[] a, int framesA, int fa, float[] b, int framesB, int fb) {
    int plane = 32 * 32;
    double sum = 0;
    for (int rgb = 0; rgb < 3; rgb++) {
      int baseA = (rgb * framesA + fa) * plane;
      int baseB = (rgb * framesB + fb) * plane;
      for (int i = 0; i < plane; i++) {
        sum += Math.abs(a[baseA + i] - b[baseB + i]);
      }
    }
    return sum / (3 * plane);
  }

  private static float[] frame(SourceClip clip, int f) {
    int plane = clip.size() * clip.size();
    float[] out = new float[3 * plane];
    for (int rgb = 0; rgb < 3; rgb++) {
      System.arraycopy(clip.video(), (rgb * clip.frames() + f) * plane, out, rgb * plane, plane);
    }
    return out;
  }

  static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
