package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.ModelLoadException;
import dev.zoetrope.generation.model.plugin.PluginOutputException;
import dev.zoetrope.generation.model.plugin.TorchScriptVelocityModel;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code zoetrope.generation.model-plugins.<model-id>} reaches the worker's models and renderer. A
 * render that throws fails its job in {@code JobProcessor} (render_failed), not the worker.
 */
class PluginConfigurationTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(RenderConfiguration.class);

  @Test
  void aConfiguredPluginReplacesThatModelOnly() {
    context
        .withPropertyValues(
            "zoetrope.generation.model-plugins.zoetrope-1-pro=classpath:torchscript/tiny-velocity")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              DiffusionModels models = ctx.getBean(DiffusionModels.class);
              assertThat(models.get("zoetrope-1-pro").model())
                  .isInstanceOf(TorchScriptVelocityModel.class);
              assertThat(models.get("zoetrope-1").model())
                  .isNotInstanceOf(TorchScriptVelocityModel.class);
            });
  }

  @Test
  void theRendererDrawsWithThePluginAndAContractBreachFailsOnlyThatRender() {
    context
        .withPropertyValues(
            "zoetrope.generation.model-plugins.zoetrope-1=classpath:torchscript/tiny-velocity",
            "zoetrope.generation.model-plugins.zoetrope-1-pro=classpath:torchscript/fixed-length")
        .run(
            ctx -> {
              ClipRenderer renderer = ctx.getBean(ClipRenderer.class);
              RenderedClip red =
                  renderer.render(
                      RenderRequest.text("zoetrope-1", "a red ball", 1, 64, 64, 1),
                      p -> {},
                      () -> false);
              // Guidance 3 pushes the fixture's red (0.4, -0.4, -0.4) to (1.2, -1.2, -1.2): pure
              // red.
              BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(red.thumbnailJpeg()));
              Color centre = new Color(thumbnail.getRGB(32, 32));
              assertThat(centre.getRed()).isGreaterThan(200);
              assertThat(centre.getGreen()).isLessThan(60);
              assertThat(centre.getBlue()).isLessThan(60);

              assertThatThrownBy(
                      () ->
                          renderer.render(
                              RenderRequest.text("zoetrope-1-pro", "a red ball", 2, 64, 64, 1),
                              p -> {},
                              () -> false))
                  .isInstanceOf(PluginOutputException.class)
                  .hasMessageContaining("broke the output contract");
              assertThat(
                      renderer
                          .render(
                              RenderRequest.text("zoetrope-1-pro", "a red ball", 1, 64, 64, 1),
                              p -> {},
                              () -> false)
                          .mp4())
                  .isNotEmpty();
            });
  }

  @Test
  void aPluginThatBreaksTheContractStopsStartUp() {
    context
        .withPropertyValues(
            "zoetrope.generation.model-plugins.zoetrope-1=classpath:torchscript/video-only")
        .run(
            ctx -> {
              assertThat(ctx.getStartupFailure())
                  .hasStackTraceContaining(ModelLoadException.class.getName())
                  .hasStackTraceContaining("zoetrope-1 (video-only")
                  .hasStackTraceContaining("failed its start-up probe");
              assertThat(ctx.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("returned 1 tensor(s)");
            });
  }
}
