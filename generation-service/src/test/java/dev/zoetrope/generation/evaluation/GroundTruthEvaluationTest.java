package dev.zoetrope.generation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroundTruthEvaluationTest {
  private static List<Evaluation.Case> cases;
  private static Evaluation.Row truth;
  private static List<CameoFidelity.Case> cameoCases;
  private static CameoFidelity.Row cameo;

  @BeforeAll
  static void evaluate() {
    cases = Evaluation.heldOutCases(8, 4, 0);
    truth = Evaluation.row("ground truth", "", cases, Evaluation::groundTruth);
    cameoCases = CameoFidelity.heldOutCases(6, 2, 0);
    cameo = CameoFidelity.row("ground truth", cameoCases, CameoFidelity::groundTruth);
    System.out.println(Evaluation.table(List.of(truth), Map.of(truth.name(), cameo)));
    System.out.println(Evaluation.details(truth));
    System.out.println(CameoFidelity.details(cameo));
  }

  @Test
  void groundTruthShowsTheRecordedSubject() {
    assertThat(cameoCases).hasSize(6);
    assertThat(cameoCases)
        .allSatisfy(c -> assertThat(c.prompt()).doesNotContain(c.character().description()));
    assertThat(cameo.look()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void lookFidelityFailsAClipOfAnotherCharacter() {
    // Each case judged against a clip of the next case's (differently coloured) character.
    List<CameoFidelity.Case> mismatched =
        cameoCases.stream()
            .filter(c -> c.recording().colour() != next(c).recording().colour())
            .toList();
    CameoFidelity.Row wrong =
        CameoFidelity.row("swapped", mismatched, c -> CameoFidelity.groundTruth(next(c)));

    assertThat(mismatched).isNotEmpty();
    assertThat(wrong.look()).isEqualTo(0.0);
  }

  private static CameoFidelity.Case next(CameoFidelity.Case c) {
    return cameoCases.get((cameoCases.indexOf(c) + 1) % cameoCases.size());
  }

  @Test
  void groundTruthSyncIsWithinAboutOneFrame() {
    assertThat(truth.sync().matched()).isGreaterThanOrEqualTo(cases.size());
    assertThat(truth.sync().meanAbsMs()).isLessThan(62.5);
    assertThat(truth.sync().p95AbsMs()).isLessThan(125);
  }

  /** The mel → waveform path no longer moves impacts ~35 ms early (MelSynthesizer's onsets). */
  @Test
  void audioPathKeepsImpactsWithinAFewMilliseconds() {
    SyncValidation.Components c = SyncValidation.components(cases);

    assertThat(c.audioMeanMs()).isBetween(-5.0, 5.0);
    assertThat(c.audioMaxAbsMs()).isLessThan(10);
    assertThat(truth.sync().meanAbsMs()).isLessThan(15);
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
