package dev.zoetrope.generation.render;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.ModelLoadException;
import dev.zoetrope.generation.model.ModelPackage;
import dev.zoetrope.generation.model.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RenderConfigurationTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(RenderConfiguration.class);

  @TempDir Path models;

  @Test
  void startsWithUntrainedWeightsByDefault() {
    context.run(
        ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(ClipRenderer.class)).isInstanceOf(DiffusionClipRenderer.class);
        });
  }

  @Test
  void aCorruptWeightFileFailsStartUpNamingTheFileAndItsExpectedHash() throws Exception {
    String expected;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (ModelVersion v : ModelVersion.values()) {
        ModelPackage.write(
            models,
            v.id(),
            DenoiserWeights.initialize(manager, ModelConfig.standard(), 1),
            Map.of());
      }
    }
    Path weights = models.resolve("zoetrope-1/weights.safetensors");
    expected = ModelPackage.sha256(Files.readAllBytes(weights));
    Files.write(weights, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

    context
        .withPropertyValues("zoetrope.generation.model-dir=" + models)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(ctx.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(ModelLoadException.class)
                  .hasMessageContaining(weights.toString())
                  .hasMessageContaining("expected sha256 " + expected);
            });
  }

  @Test
  void requiringTrainedWeightsWithoutAnyFailsStartUp() {
    context
        .withPropertyValues(
            "zoetrope.generation.model-dir=" + models,
            "zoetrope.generation.require-trained-weights=true")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("no trained weights"));
  }
}
