package dev.zoetrope.generation.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.world.SceneGenerator;
import dev.zoetrope.generation.world.SceneTemplate;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipSourceTest {
  private static final int BINS = 120_000;

  @Test
  void weightOneDrawsEveryTemplateEquallyAndTheSameClipsAsBefore() {
    Map<SceneTemplate, Integer> counts = histogram(1.0);
    int each = BINS / SceneGenerator.SCENE_TEMPLATES.size();
    assertThat(counts).hasSize(SceneGenerator.SCENE_TEMPLATES.size());
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(each - 1, each + 1));

    ModelConfig config = ModelConfig.standard();
    Batch before = new ClipSource(7, 2, config, 0f).batch(3, 3);
    Batch weighted = new ClipSource(7, 2, config, 0f, 1.0).batch(3, 3);
    assertThat(weighted.texts()).isEqualTo(before.texts());
  }

  @Test
  void aHigherWeightDrawsSingleEntityTemplatesInProportion() {
    Map<SceneTemplate, Integer> counts = histogram(3.0);
    long singles =
        SceneGenerator.SCENE_TEMPLATES.stream().filter(t -> t.roles().size() == 1).count();
    long others = SceneGenerator.SCENE_TEMPLATES.size() - singles;
    double total = 3.0 * singles + others;
    assertThat(counts.get(SceneTemplate.DROP) / (double) BINS).isCloseTo(3 / total, within(1e-4));
    assertThat(counts.get(SceneTemplate.DROP_TWO) / (double) BINS)
        .isCloseTo(1 / total, within(1e-4));
    assertThat(counts).doesNotContainKey(SceneTemplate.CAMEO);

    Batch batch = new ClipSource(7, 2, ModelConfig.standard(), 0f, 3.0).batch(3, 3);
    assertThat(batch.texts()).hasSize(3).doesNotContainNull();
  }

  @Test
  void aWeightThatIsNotPositiveAndFiniteIsRefused() {
    for (double w : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new ClipSource(1, 2, ModelConfig.standard(), 0f, w))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static Map<SceneTemplate, Integer> histogram(double weight) {
    Map<SceneTemplate, Integer> counts = new EnumMap<>(SceneTemplate.class);
    for (int i = 0; i < BINS; i++) {
      counts.merge(ClipSource.weightedTemplate((i + 0.5) / BINS, weight), 1, Integer::sum);
    }
    return counts;
  }
}
