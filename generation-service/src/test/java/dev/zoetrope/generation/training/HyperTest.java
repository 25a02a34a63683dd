package dev.zoetrope.generation.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperTest {

  private static final Hyper DECAYING =
      Hyper.defaults().withLearningRate(1e-3, 100).withDecay(new Hyper.Decay(4000, 1000, 1e-4));

  @Test
  void withoutADecayTheRateIsConstantAfterTheWarmUp() {
    Hyper h = Hyper.defaults().withLearningRate(1e-3, 100);

    assertThat(h.learningRateAt(0, 0)).isCloseTo(1e-5, within(1e-12));
    assertThat(h.learningRateAt(99, 99)).isCloseTo(1e-3, within(1e-12));
    assertThat(h.learningRateAt(50_000, 50_000)).isCloseTo(1e-3, within(1e-12));
  }

  @Test
  void theDecayFollowsACosineInAbsoluteStepsAndHoldsItsFinalRate() {
    assertThat(DECAYING.learningRateAt(3_000, 3_999)).isCloseTo(1e-3, within(1e-12));
    assertThat(DECAYING.learningRateAt(3_000, 4_000)).isCloseTo(1e-3, within(1e-12));
    assertThat(DECAYING.learningRateAt(3_000, 4_500)).isCloseTo(5.5e-4, within(1e-12));
    assertThat(DECAYING.learningRateAt(3_000, 5_000)).isCloseTo(1e-4, within(1e-12));
    assertThat(DECAYING.learningRateAt(3_000, 9_000)).isCloseTo(1e-4, within(1e-12));
    assertThat(DECAYING.learningRateAt(3_000, 4_250))
        .isLessThan(1e-3)
        .isGreaterThan(DECAYING.learningRateAt(3_000, 4_750));
  }

  @Test
  void aResumeWhoseMomentsRestartWarmsUpAgainOnTheDecayedRate() {
    // Adam's moments restarted 10 steps ago: a tenth of the warm-up, times the decayed rate.
    assertThat(DECAYING.learningRateAt(9, 4_500)).isCloseTo(5.5e-5, within(1e-12));
  }

  @Test
  void theManifestNamesTheSchedule() {
    assertThat(Hyper.defaults().asMap()).doesNotContainKey("lr_decay");
    assertThat(DECAYING.asMap())
        .containsEntry(
            "lr_decay",
            Map.of(
                "shape",
                "cosine",
                "from_step",
                4000L,
                "steps",
                1000L,
                "final_learning_rate",
                1e-4));
  }

  @Test
  void aDecayThatCannotBeFollowedIsRefused() {
    assertThatThrownBy(() -> new Hyper.Decay(-1, 10, 1e-4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hyper.Decay(0, 0, 1e-4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hyper.Decay(0, 10, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
