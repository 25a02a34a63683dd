package dev.zoetrope.generation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates the voice half of cameo fidelity as the sync measure was validated: on ground truth it
 * must hear the recorded voice, and on a clip paired with another held-out character's recording it
 * must mostly not. The characters start at seed 1,000,000, away from the 60 (first seed 0) the
 * threshold was chosen on.
 */
class VoiceFidelityTest {
  private static final int CHARACTERS = 40;
  private static CameoFidelity.Row truth;
  private static CameoFidelity.Row control;

  @BeforeAll
  static void measure() {
    List<CameoFidelity.Case> cases = CameoFidelity.heldOutCases(CHARACTERS, 2, 1_000_000);
    truth = CameoFidelity.row("ground truth", cases, CameoFidelity::groundTruth);
    control = CameoFidelity.mismatchControl(cases);
    System.out.printf(
        "voice: ground truth %.3f, mismatch control %.3f%n", truth.voice(), control.voice());
    System.out.println(CameoFidelity.details(truth));
    System.out.println(CameoFidelity.details(control));
  }

  /** Measured 38 of 40 (0.95): the two misses say "no", whose falling contour sits lowest. */
  @Test
  void groundTruthHasTheRecordedVoice() {
    assertThat(truth.voice()).isGreaterThanOrEqualTo(0.9);
  }

  /**
   * Measured 4 of 40 (0.10); over every pairing of 60 characters 14–16% of pairs are within the
   * threshold, so the bound leaves room for that rate, not for a measure that cannot tell voices.
   */
  @Test
  void anotherCharactersVoiceIsMostlyTold() {
    assertThat(control.voice()).isLessThanOrEqualTo(0.2);
  }
}
