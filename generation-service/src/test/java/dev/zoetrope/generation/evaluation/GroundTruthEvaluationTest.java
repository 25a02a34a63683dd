package dev.zoetrope.generation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroundTruthEvaluationTest {
  private static List<Evaluation.Case> cases;
  private static Evaluation.Row truth;

  @BeforeAll
  static void evaluate() {
    cases = Evaluation.heldOutCases(8, 4, 0);
    truth = Evaluation.row("ground truth", "", cases, Evaluation::groundTruth);
    System.out.println(Evaluation.table(List.of(truth)));
    System.out.println(Evaluation.details(truth));
  }

  @Test
  void groundTruthSyncIsWithinAboutOneFrame() {
    assertThat(truth.sync().matched()).isGreaterThanOrEqualTo(cases.size());
    assertThat(truth.sync().meanAbsMs()).isLessThan(62.5);
    assertThat(truth.sync().p95AbsMs()).isLessThan(125);
  }

  @Test
  void groundTruthPassesPhysicsAndAdherence() {
    assertThat(truth.physics()).isGreaterThanOrEqualTo(0.9);
    assertThat(truth.adherence()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void injectedOffsetsAreRecoveredWithinTheStatedResolution() {
    List<SyncValidation.Line> lines = SyncValidation.run(cases);
    System.out.println(SyncValidation.table(lines));
    assertThat(lines).allSatisfy(l -> assertThat(l.recovered()).isEqualTo(l.clips()));
    assertThat(SyncValidation.resolutionMs(lines)).isLessThan(62.5);
  }

  @Test
  void visualContactDetectorIsWithinAFewMillisecondsOfTheEventLog() {
    SyncValidation.Components c = SyncValidation.components(cases);
    System.out.println(SyncValidation.describe(c));
    assertThat(c.contacts()).isGreaterThanOrEqualTo(cases.size());
    assertThat(c.visualMaxAbsMs()).isLessThan(31.25);
  }
}
