package dev.zoetrope.generation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.model.FlowSampler;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The small version of the evaluation command that CI runs: four clips, four sampler steps. */
class EvaluateTest {
  private static final Evaluate.Options SMALL =
      new Evaluate.Options(
          4, "zoetrope-1", "classpath:models", 4, 4, 0, 0, 0, Path.of("unused"), true, null, null);
  private static Evaluate.Report first;

  @BeforeAll
  static void run() {
    first = Evaluate.run(SMALL);
    System.out.println(first.text());
  }

  @Test
  void untrainedNetworkScoresClearlyWorseThanGroundTruth() {
    Evaluation.Row truth = row("ground truth");
    Evaluation.Row untrained = row("untrained");

    assertThat(truth.physics()).isGreaterThanOrEqualTo(0.9);
    assertThat(truth.adherence()).isGreaterThanOrEqualTo(0.9);
    assertThat(untrained.physics()).isLessThanOrEqualTo(truth.physics() - 0.5);
    assertThat(untrained.adherence()).isLessThanOrEqualTo(truth.adherence() - 0.5);
  }

  @Test
  void reportPrintsAllThreeRowsWithCameoFidelity() {
    assertThat(first.rows()).hasSize(3);
    assertThat(first.text())
        .contains("| shipped zoetrope-1")
        .contains("| untrained")
        .containsPattern("\\| ground truth .*\\| look 1\\.00; voice \\d\\.\\d\\d \\|");
    assertThat(first.text().lines().filter(l -> l.contains("| look "))).hasSize(3);
  }

  @Test
  void sameSeedsGiveTheSameReport() {
    assertThat(Evaluate.run(SMALL).text()).isEqualTo(first.text());
  }

  @Test
  void contactSheetHasAStripPerClipPerRow() {
    var img = EvaluationSheet.draw(first.rows());
    assertThat(img.getWidth()).isEqualTo(32 * (64 + 1));
    assertThat(img.getHeight()).isEqualTo(3 * (16 + 4 * (64 + 4 + 2)));
  }

  @Test
  void aLatentVersionIsAlsoMeasuredThroughItsCodecAlone() {
    Evaluate.Report pro =
        Evaluate.run(
            new Evaluate.Options(
                4,
                "zoetrope-1-pro",
                "classpath:models",
                4,
                4,
                0,
                0,
                0,
                Path.of("unused"),
                false,
                FlowSampler.Restarts.NONE,
                null));
    System.out.println(pro.text());
    // Pro's own count contrast is what the evaluation samples with, and says so.
    assertThat(pro.text()).contains("negative: the prompt + \"and a ball and a block\"");
    assertThat(first.text()).doesNotContain("negative:");

    assertThat(pro.rows())
        .extracting(Evaluation.Row::name)
        .containsExactly("shipped zoetrope-1-pro", "ground truth", "codec round trip", "untrained");
    Evaluation.Row codec = pro.rows().get(2);
    // The autoencoders keep what the detectors read: the prompt's object and its bounces.
    assertThat(codec.adherence()).isGreaterThanOrEqualTo(0.75);
    assertThat(codec.sync().matched()).isPositive();
  }

  private static Evaluation.Row row(String prefix) {
    return first.rows().stream().filter(r -> r.name().startsWith(prefix)).findFirst().orElseThrow();
  }
}
