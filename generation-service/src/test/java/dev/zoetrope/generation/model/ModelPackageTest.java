package dev.zoetrope.generation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageTest {
  @TempDir Path root;
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private DenoiserWeights weights(long seed) {
    return DenoiserWeights.initialize(manager, ModelConfig.standard(), seed);
  }

  private void writeBoth(long seed) throws Exception {
    for (ModelVersion v : ModelVersion.values()) {
      ModelPackage.write(root, v.id(), weights(seed), Map.of("steps", 0));
    }
  }

  @Test
  void writtenWeightsLoadBackBitForBit() throws Exception {
    DenoiserWeights original = weights(99);
    ModelPackage.write(root, "zoetrope-1", original, Map.of("steps", 1234));

    DenoiserWeights loaded =
        ModelPackage.read(
            ModelSource.of(root.toString()), "zoetrope-1", ModelConfig.standard(), manager);

    assertThat(loaded.asMap().keySet()).containsExactlyElementsOf(original.asMap().keySet());
    original
        .asMap()
        .forEach(
            (name, array) ->
                assertThat(loaded.get(name).toFloatArray())
                    .as(name)
                    .isEqualTo(array.toFloatArray()));
    String manifest = Files.readString(root.resolve("zoetrope-1/manifest.json"));
    assertThat(manifest)
        .contains("\"vocabulary_fingerprint\"")
        .containsPattern("\"video_channels\"\\s*:\\s*96");
  }

  @Test
  void trainedWeightsAreUsedWhenPresent() throws Exception {
    writeBoth(5);

    try (DiffusionModels models = DiffusionModels.load(ModelSource.of(root.toString()), true)) {
      assertThat(models.get("zoetrope-1").trained()).isTrue();
      assertThat(models.get("zoetrope-1-pro").trained()).isTrue();
      assertThat(models.get("zoetrope-1").origin()).endsWith("manifest.json");
    }
  }

  @Test
  void aWeightFileWithTheWrongHashStopsStartUpNamingFileAndExpectedHash() throws Exception {
    writeBoth(5);
    String expected =
        ModelPackage.sha256(Files.readAllBytes(root.resolve("zoetrope-1-pro/weights.safetensors")));
    // Same length, one byte flipped: only the checksum can tell.
    byte[] bytes = Files.readAllBytes(root.resolve("zoetrope-1-pro/weights.safetensors"));
    bytes[bytes.length - 1] ^= 1;
    Files.write(root.resolve("zoetrope-1-pro/weights.safetensors"), bytes);

    assertThatThrownBy(() -> DiffusionModels.load(ModelSource.of(root.toString()), false))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(root.resolve("zoetrope-1-pro/weights.safetensors").toString())
        .hasMessageContaining("expected sha256 " + expected)
        .hasMessageContaining("found " + ModelPackage.sha256(bytes));
  }

  @Test
  void aListedFileThatIsMissingStopsStartUp() throws Exception {
    writeBoth(5);
    Files.delete(root.resolve("zoetrope-1/weights.safetensors"));

    assertThatThrownBy(() -> DiffusionModels.load(ModelSource.of(root.toString()), false))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("zoetrope-1/weights.safetensors is missing");
  }

  @Test
  void weightsForAnotherArchitectureAreRefused() throws Exception {
    writeBoth(5);
    Path manifest = root.resolve("zoetrope-1/manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replaceAll("\"video_channels\"\\s*:\\s*96", "\"video_channels\": 128"));

    assertThatThrownBy(() -> DiffusionModels.load(ModelSource.of(root.toString()), false))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("architecture");
  }

  @Test
  void missingWeightsFallBackToSeededInitUnlessTrainedWeightsAreRequired() throws Exception {
    try (DiffusionModels models = DiffusionModels.load(ModelSource.of(root.toString()), false)) {
      assertThat(models.get("zoetrope-1").trained()).isFalse();
      assertThat(((Denoiser) models.get("zoetrope-1").model()).weights().parameterCount())
          .isBetween(1_000_000L, 2_000_000L);
    }
    assertThatThrownBy(() -> DiffusionModels.load(ModelSource.of(root.toString()), true))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("zoetrope-1")
        .hasMessageContaining("no trained weights");
  }

  @Test
  void aConfiguredModelDirThatDoesNotExistIsAnError() {
    assertThatThrownBy(() -> ModelSource.of(root.resolve("nope").toString()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("zoetrope.generation.model-dir");
  }

  @Test
  void untrainedInitialisationIsDeterministic() {
    DenoiserWeights a = weights(DiffusionModels.UNTRAINED_SEED);
    DenoiserWeights b = weights(DiffusionModels.UNTRAINED_SEED);

    assertThat(a.get("blocks.3.video.spatial.weight").toFloatArray())
        .isEqualTo(b.get("blocks.3.video.spatial.weight").toFloatArray());
  }
}
