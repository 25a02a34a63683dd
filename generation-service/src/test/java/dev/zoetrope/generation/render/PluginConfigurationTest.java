package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.ModelLoadException;
import dev.zoetrope.generation.model.plugin.TorchScriptVelocityModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code zoetrope.generation.model-plugins.<model-id>} reaches the worker's models. */
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
