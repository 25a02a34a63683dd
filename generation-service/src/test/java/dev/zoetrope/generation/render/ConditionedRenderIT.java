package dev.zoetrope.generation.render;

import static dev.zoetrope.generation.render.SourceClipTest.frameMeanAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.ModelSource;
import dev.zoetrope.generation.render.RenderRequest.Reference;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training-free conditioning with the shipped weights, end to end: each output MP4 is decoded back
 * to native frames ({@link SourceClip}) and compared with its reference.
 */
class ConditionedRenderIT {
  private static final ModelConfig CONFIG = ModelConfig.standard();
  private static final String PROMPT = "a red ball bounces high on a wooden floor";
  private static DiffusionModels models;
  private static DiffusionClipRenderer renderer;

  @BeforeAll
  static void load() {
    models = DiffusionModels.load(ModelSource.of("classpath:models"), false);
    renderer = new DiffusionClipRenderer(models);
  }

  @AfterAll
  static void close() {
    models.close();
  }

  private static RenderRequest request(
      String prompt, int seconds, long seed, String negative, List<String> subjects, Reference r) {
    return new RenderRequest("zoetrope-1", prompt, seconds, 256, 144, seed, negative, subjects, r);
  }

  private static RenderedClip render(RenderRequest request) throws Exception {
    return renderer.render(request, p -> {}, () -> false);
  }

  private static SourceClip nativeOf(RenderedClip clip) {
    return SourceClip.decode(clip.mp4(), CONFIG);
  }

  @Test
  void imageToVideoOpensOnTheReferenceImage() throws Exception {
    byte[] image = jpeg(poster());
    float[] reference = SourceImage.decode(image, 32);

    SourceClip opened =
        nativeOf(render(request(PROMPT, 1, 3, null, List.of(), new Reference.FirstFrame(image))));
    SourceClip textOnly = nativeOf(render(request(PROMPT, 1, 3, null, List.of(), Reference.NONE)));

    double kept = frameMeanAbsDiff(opened.video(), repeat(reference, 8), 8, 0);
    double free = frameMeanAbsDiff(textOnly.video(), repeat(reference, 8), 8, 0);
    System.out.printf("image->video frame 0 error %.4f (text only %.4f)%n", kept, free);
    assertThat(kept).isLessThan(0.06);
    assertThat(free).isGreaterThan(0.25);
  }

  @Test
  void anExtensionKeepsTheWholeSourceAndContinuesToTheRequestedLength() throws Exception {
    RenderedClip source = render(request(PROMPT, 4, 1, null, List.of(), Reference.NONE));
    SourceClip before = nativeOf(source);
    List<Integer> progress = new ArrayList<>();

    long start = System.nanoTime();
    RenderedClip extended =
        renderer.render(
            request(
                "the ball rolls away", 8, 2, null, List.of(), new Reference.Continue(source.mp4())),
            progress::add,
            () -> false);
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "4 s -> 8 s extension 256x144: wall %d ms = denoise %d + decode %d + encode %d ms%n",
        wallMs, extended.denoiseMillis(), extended.decodeMillis(), extended.encodeMillis());
    SourceClip after = nativeOf(extended);

    assertThat(progress).hasSize(25 + 2).endsWith(90, 95, 100);
    assertThat(after.frames()).isEqualTo(64);
    assertThat(after.columns()).isEqualTo(256);
    for (int f = 0; f < 32; f++) {
      double error = frameMeanAbsDiff(after.video(), 64, f, before.video(), 32, f);
      assertThat(error).as("frame %d", f).isLessThan(0.05);
    }
    // The new part is new: not a frozen last frame, not a copy of the start.
    double change = frameMeanAbsDiff(after.video(), 64, 31, after.video(), 64, 63);
    System.out.printf("extension: last source frame vs last frame %.4f%n", change);
    assertThat(change).isGreaterThan(0.005);

    assertThatThrownBy(
            () ->
                render(
                    request(PROMPT, 4, 2, null, List.of(), new Reference.Continue(source.mp4()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 3 s");
  }

  @Test
  void aTransformStaysCloserToTheSourceTheLowerItsStrength() throws Exception {
    RenderedClip source = render(request(PROMPT, 1, 1, null, List.of(), Reference.NONE));
    String other = "a blue cube slides on ice at night";
    List<Integer> progress = new ArrayList<>();

    RenderedClip edited =
        renderer.render(
            request(other, 1, 2, null, List.of(), new Reference.Transform(source.mp4(), 0.3f)),
            progress::add,
            () -> false);
    SourceClip edit = nativeOf(edited);
    RenderedClip editAgain =
        render(request(other, 1, 2, null, List.of(), new Reference.Transform(source.mp4(), 0.3f)));
    SourceClip remix =
        nativeOf(
            render(
                request(
                    other, 1, 2, null, List.of(), new Reference.Transform(source.mp4(), 0.9f))));
    SourceClip textOnly = nativeOf(render(request(other, 1, 2, null, List.of(), Reference.NONE)));
    SourceClip original = nativeOf(source);

    double editMse = mse(edit.video(), original.video());
    double remixMse = mse(remix.video(), original.video());
    double textMse = mse(textOnly.video(), original.video());
    System.out.printf(
        "transform MSE to source: 0.3 -> %.4f, 0.9 -> %.4f, text only -> %.4f%n",
        editMse, remixMse, textMse);
    assertThat(editAgain.mp4()).isEqualTo(edited.mp4());
    assertThat(editMse).isLessThan(textMse * 0.5);
    assertThat(editMse).isLessThan(remixMse);
    // round(0.3 × 25) = 8 steps, still reported up to 90.
    assertThat(progress).hasSize(8 + 2).endsWith(90, 95, 100);

    assertThatThrownBy(
            () ->
                render(
                    request(
                        other, 1, 2, null, List.of(), new Reference.Transform(source.mp4(), 0f))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strength");
    assertThatThrownBy(
            () ->
                render(
                    request(
                        other,
                        1,
                        2,
                        null,
                        List.of(),
                        new Reference.Transform("not a video".getBytes(), 0.5f))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a readable MP4");
  }

  @Test
  void negativePromptAndSubjectsAreDeterministicAndChangeTheClip() throws Exception {
    RenderedClip plain = render(request(PROMPT, 1, 4, null, List.of(), Reference.NONE));
    RenderedClip negative = render(request(PROMPT, 1, 4, "grass sky", List.of(), Reference.NONE));
    RenderedClip again = render(request(PROMPT, 1, 4, "grass sky", List.of(), Reference.NONE));
    RenderedClip subject =
        render(
            request(
                PROMPT,
                1,
                4,
                null,
                List.of("a green round character with stripes"),
                Reference.NONE));

    assertThat(again.mp4()).isEqualTo(negative.mp4());
    assertThat(negative.mp4()).isNotEqualTo(plain.mp4());
    assertThat(subject.mp4()).isNotEqualTo(plain.mp4());
    assertThat(mse(nativeOf(negative).video(), nativeOf(plain).video())).isGreaterThan(1e-4);
    // A blank negative prompt is no negative prompt.
    assertThat(render(request(PROMPT, 1, 4, "  ", List.of(), Reference.NONE)).mp4())
        .isEqualTo(plain.mp4());
  }

  @Test
  void theSpritesheetIsAFiveByTwoGridOfTilesInTheClipsAspect() throws Exception {
    RenderedClip landscape = render(request(PROMPT, 1, 5, null, List.of(), Reference.NONE));
    RenderedClip portrait =
        renderer.render(
            new RenderRequest(
                "zoetrope-1", PROMPT, 1, 144, 256, 5, null, List.of(), Reference.NONE),
            p -> {},
            () -> false);

    BufferedImage wide = ImageIO.read(new ByteArrayInputStream(landscape.spritesheetJpeg()));
    BufferedImage tall = ImageIO.read(new ByteArrayInputStream(portrait.spritesheetJpeg()));

    assertThat(wide.getWidth()).isEqualTo(640);
    assertThat(wide.getHeight()).isEqualTo(2 * 72);
    assertThat(tall.getWidth()).isEqualTo(640);
    assertThat(tall.getHeight()).isEqualTo(2 * 228);
    // Letterboxed tiles: the bars beside each 72 px square are black, the picture is not.
    assertThat(wide.getRGB(5, 36) & 0xFFFFFF).isLessThan(0x141414);
    assertThat(brightness(wide.getRGB(64, 36))).isGreaterThan(20);
  }

  /** A picture the model would never draw on its own: yellow over purple with a white block. */
  private static BufferedImage poster() {
    BufferedImage image = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(240, 220, 30));
    g.fillRect(0, 0, 120, 45);
    g.setColor(new Color(110, 30, 160));
    g.fillRect(0, 45, 120, 45);
    g.setColor(Color.WHITE);
    g.fillRect(45, 30, 30, 30);
    g.dispose();
    return image;
  }

  private static byte[] jpeg(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  private static float[] repeat(float[] frame, int frames) {
    int plane = 32 * 32;
    float[] out = new float[3 * frames * plane];
    for (int rgb = 0; rgb < 3; rgb++) {
      for (int f = 0; f < frames; f++) {
        System.arraycopy(frame, rgb * plane, out, (rgb * frames + f) * plane, plane);
      }
    }
    return out;
  }

  private static double mse(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return sum / a.length;
  }

  private static int brightness(int rgb) {
    return (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 3;
  }
}
