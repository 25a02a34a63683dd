package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.ModelSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders real clips end to end and reads them back with FFmpeg. */
class DiffusionClipRendererIT {
  private static DiffusionModels models;
  private static DiffusionClipRenderer renderer;
  @TempDir Path dir;

  @BeforeAll
  static void load() {
    models = DiffusionModels.load(ModelSource.of("classpath:models"), false);
    renderer = new DiffusionClipRenderer(models);
  }

  @AfterAll
  static void close() {
    models.close();
  }

  @Test
  void rendersAStreamableFourSecondH264AacClipAtTheRequestedSize() throws Exception {
    List<Integer> progress = new ArrayList<>();
    RenderRequest request =
        RenderRequest.text(
            "zoetrope-1", "a red ball bounces high on a wooden floor", 4, 1280, 720, 42);

    List<String> events = new ArrayList<>();
    ClipRenderer.Progress recording =
        new ClipRenderer.Progress() {
          @Override
          public void update(int percent) {
            progress.add(percent);
            events.add(String.valueOf(percent));
          }

          @Override
          public void stillsReady(byte[] thumbnailJpeg, byte[] spritesheetJpeg) {
            assertThat(thumbnailJpeg).isNotEmpty();
            assertThat(spritesheetJpeg).isNotEmpty();
            events.add("stills");
          }
        };

    long start = System.nanoTime();
    RenderedClip clip = renderer.render(request, recording, () -> false);
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "4 s 1280x720 zoetrope-1: wall %d ms = denoise %d + decode %d + encode %d ms; mp4 %d bytes%n",
        wallMs, clip.denoiseMillis(), clip.decodeMillis(), clip.encodeMillis(), clip.mp4().length);

    assertThat(progress).isSorted().endsWith(95, 100).hasSize(25 + 2);
    // The stills are offered before the MP4 is encoded, so they can be stored meanwhile.
    assertThat(events).endsWith("95", "stills", "100");
    RenderedClip.Measurements measured = clip.measurements();
    assertThat(measured.videoStreams()).isEqualTo(1);
    assertThat(measured.audioStreams()).isEqualTo(1);
    assertThat(measured.width()).isEqualTo(1280);
    assertThat(measured.height()).isEqualTo(720);
    assertThat(measured.frameTimestampsMicros()).hasSize(96).isSorted().startsWith(0L, 41_666L);
    assertThat(measured.frameLuminance()).hasSize(96);
    Path file = Files.write(dir.resolve("clip.mp4"), clip.mp4());
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      AVFormatContext format = grabber.getFormatContext();
      assertThat(format.nb_streams()).isEqualTo(2);
      AVStream video = null;
      AVStream audio = null;
      for (int i = 0; i < format.nb_streams(); i++) {
        AVStream s = format.streams(i);
        if (s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
          video = s;
        } else if (s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_AUDIO) {
          audio = s;
        }
      }
      assertThat(video).isNotNull();
      assertThat(audio).isNotNull();
      assertThat(video.codecpar().codec_id()).isEqualTo(avcodec.AV_CODEC_ID_H264);
      assertThat(video.codecpar().format()).isEqualTo(avutil.AV_PIX_FMT_YUV420P);
      assertThat(audio.codecpar().codec_id()).isEqualTo(avcodec.AV_CODEC_ID_AAC);
      assertThat(grabber.getAudioChannels()).isEqualTo(1);
      assertThat(grabber.getSampleRate()).isEqualTo(16_000);
      assertThat(grabber.getImageWidth()).isEqualTo(1280);
      assertThat(grabber.getImageHeight()).isEqualTo(720);
      assertThat(grabber.getFrameRate()).isCloseTo(24.0, org.assertj.core.data.Offset.offset(0.01));
      // Container duration within one frame of the request.
      assertThat(grabber.getLengthInTime()).isBetween(4_000_000L - 41_667, 4_000_000L + 41_667);

      int videoFrames = 0;
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        if (frame.image != null) {
          // What moderation would measure decoding the file: the same up to H.264's losses.
          assertThat(
                  meanLuminance(
                      (ByteBuffer) frame.image[0],
                      frame.imageWidth,
                      frame.imageHeight,
                      frame.imageStride))
              .as("frame %d", videoFrames)
              .isCloseTo(
                  measured.frameLuminance()[videoFrames],
                  org.assertj.core.data.Offset.offset(0.02));
          if (videoFrames == 48) {
            // Letterbox bars are black; the picture in the middle is not.
            ByteBuffer bgr = (ByteBuffer) frame.image[0];
            assertThat(brightness(bgr, frame.imageStride, 10, 360)).isLessThan(20);
            assertThat(brightness(bgr, frame.imageStride, 1270, 700)).isLessThan(20);
            long sum = 0;
            for (int x = 300; x < 980; x += 7) {
              sum += brightness(bgr, frame.imageStride, x, 360);
            }
            assertThat(sum / 98).isGreaterThan(20);
          }
          videoFrames++;
        }
      }
      assertThat(videoFrames).isEqualTo(96);
    }
    // +faststart: the index (moov) precedes the media data (mdat).
    String head =
        new String(
            clip.mp4(), 0, Math.min(clip.mp4().length, 1 << 16), StandardCharsets.ISO_8859_1);
    assertThat(head.indexOf("moov")).isPositive().isLessThan(head.indexOf("mdat"));

    BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(clip.thumbnailJpeg()));
    assertThat(thumbnail.getWidth()).isEqualTo(1280);
    assertThat(thumbnail.getHeight()).isEqualTo(720);
    // Letterboxed: the left bar is black, the centre is the picture.
    assertThat(thumbnail.getRGB(10, 360) & 0xFFFFFF).isLessThan(0x101010);
  }

  private static double meanLuminance(ByteBuffer bgr, int width, int height, int stride) {
    double sum = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * stride + x * 3;
        sum +=
            0.2126 * linear(bgr.get(i + 2))
                + 0.7152 * linear(bgr.get(i + 1))
                + 0.0722 * linear(bgr.get(i));
      }
    }
    return sum / ((double) width * height);
  }

  private static double linear(byte channel) {
    return LINEAR[Byte.toUnsignedInt(channel)];
  }

  private static final double[] LINEAR = new double[256];

  static {
    for (int v = 0; v < 256; v++) {
      double c = v / 255.0;
      LINEAR[v] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
  }

  private static int brightness(ByteBuffer bgr, int stride, int x, int y) {
    int i = y * stride + x * 3;
    return (Byte.toUnsignedInt(bgr.get(i))
            + Byte.toUnsignedInt(bgr.get(i + 1))
            + Byte.toUnsignedInt(bgr.get(i + 2)))
        / 3;
  }

  @Test
  void theSameRequestGivesTheSameBytes() throws Exception {
    RenderRequest request = RenderRequest.text("zoetrope-1", "a green ball rolls", 1, 256, 144, 5);

    RenderedClip a = renderer.render(request, p -> {}, () -> false);
    RenderedClip b = renderer.render(request, p -> {}, () -> false);
    RenderedClip otherSeed =
        renderer.render(
            RenderRequest.text("zoetrope-1", "a green ball rolls", 1, 256, 144, 6),
            p -> {},
            () -> false);

    assertThat(a.mp4()).isEqualTo(b.mp4());
    assertThat(a.thumbnailJpeg()).isEqualTo(b.thumbnailJpeg());
    assertThat(otherSeed.mp4()).isNotEqualTo(a.mp4());
  }

  @Test
  void portraitClipsGetPortraitFrames() throws Exception {
    RenderRequest request = RenderRequest.text("zoetrope-1", "a blue cube spins", 4, 720, 1280, 7);

    long start = System.nanoTime();
    RenderedClip clip = renderer.render(request, p -> {}, () -> false);
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "4 s 720x1280 zoetrope-1: wall %d ms = denoise %d + decode %d + encode %d ms; mp4 %d bytes%n",
        wallMs, clip.denoiseMillis(), clip.decodeMillis(), clip.encodeMillis(), clip.mp4().length);

    try (FFmpegFrameGrabber grabber =
        new FFmpegFrameGrabber(Files.write(dir.resolve("p.mp4"), clip.mp4()).toFile())) {
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(720);
      assertThat(grabber.getImageHeight()).isEqualTo(1280);
      assertThat(grabber.getLengthInTime()).isBetween(4_000_000L - 41_667, 4_000_000L + 41_667);
    }
  }

  @Test
  void aProClipComesFromTheLatentModelThroughItsCodec() throws Exception {
    assertThat(models.get("zoetrope-1-pro").model().codec()).isNotNull();
    RenderRequest request =
        RenderRequest.text("zoetrope-1-pro", "a red ball drops on a wooden floor", 4, 720, 1280, 3);
    List<Integer> progress = new ArrayList<>();

    long start = System.nanoTime();
    RenderedClip clip = renderer.render(request, progress::add, () -> false);
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "4 s 720x1280 zoetrope-1-pro: wall %d ms = denoise %d + decode %d + encode %d ms;"
            + " mp4 %d bytes%n",
        wallMs, clip.denoiseMillis(), clip.decodeMillis(), clip.encodeMillis(), clip.mp4().length);

    // 25 steps and 3 restarts of 5, then decoding (95) and the encoded file (100).
    assertThat(progress).isSorted().endsWith(95, 100).hasSize(40 + 2);
    assertThat(clip.measurements().frameTimestampsMicros()).hasSize(96);
    assertThat(clip.measurements().audioStreams()).isEqualTo(1);
  }

  @Test
  void cancellationStopsTheRenderBetweenSteps() {
    List<Integer> progress = new ArrayList<>();
    int[] polls = {0};

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.text("zoetrope-1-pro", "ball", 4, 640, 360, 1),
                    progress::add,
                    () -> ++polls[0] > 2))
        .isInstanceOf(RenderCancelledException.class)
        .hasMessageContaining("after 2 of 40 steps");
    assertThat(progress).hasSize(2);
  }

  @Test
  void rejectsSizesTheEncoderCannotTake() {
    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.text("zoetrope-1", "ball", 4, 641, 360, 1), p -> {}, () -> false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.text("nope", "ball", 4, 640, 360, 1), p -> {}, () -> false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
