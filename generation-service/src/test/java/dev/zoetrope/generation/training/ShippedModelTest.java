package dev.zoetrope.generation.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.ModelSource;
import dev.zoetrope.generation.model.ModelVersion;
import org.junit.jupiter.api.Test;

/** The weights packaged in the jar are trained ones whose manifests and checksums check out. */
class ShippedModelTest {

  @Test
  void everyVersionShipsVerifiedTrainedWeights() {
    try (DiffusionModels models = DiffusionModels.load(ModelSource.of("classpath:models"), true)) {
      for (ModelVersion v : ModelVersion.values()) {
        assertThat(models.get(v.id()).trained()).as(v.id()).isTrue();
        assertThat(models.get(v.id()).origin()).contains("classpath:models/" + v.id());
      }
    }
  }

  @Test
  void standardIsThePixelModelAndProTheLatentOneWithItsCodec() {
    try (DiffusionModels models = DiffusionModels.load(ModelSource.of("classpath:models"), true)) {
      assertThat(models.get("zoetrope-1").model().codec()).isNull();
      assertThat(models.get("zoetrope-1-pro").model().codec()).isNotNull();
      assertThat(models.get("zoetrope-1-pro").model().config().patch()).isEqualTo(1);
    }
  }
}
