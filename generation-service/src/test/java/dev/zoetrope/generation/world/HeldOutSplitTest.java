package dev.zoetrope.generation.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.world.HeldOutSplit.Part;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldOutSplitTest {

  @Test
  void splitIsStableAndIgnoresCaseAndSpacing() {
    String c = "a red rubber ball drops and bounces twice on a wooden floor";
    assertThat(HeldOutSplit.of(c))
        .isEqualTo(
            HeldOutSplit.of("A red  rubber ball drops and bounces TWICE on a wooden floor."));
    // Pinned: the split must never move, or evaluation prompts leak into training.
    assertThat(HeldOutSplit.of(c)).isEqualTo(PINNED_RED);
    assertThat(HeldOutSplit.of(World.render(0).caption())).isEqualTo(Part.HELD_OUT);
  }

  @Test
  void namingVoicesDidNotMoveTheSplit() {
    // The first 40 held-out 4-second scenes as computed before captions named voices: the shipped
    // weights were trained on that split, so it must not move.
    assertThat(HeldOutSplit.seeds(Part.HELD_OUT, 0, 40, 4))
        .containsExactly(
            0, 4, 7, 18, 20, 21, 27, 28, 36, 38, 44, 52, 75, 89, 104, 105, 127, 157, 169, 176, 178,
            181, 201, 210, 224, 225, 235, 246, 252, 265, 275, 279, 287, 293, 299, 303, 305, 322,
            324, 332);
    String voiced = "a red round character says hello in a high thin voice on a wooden floor";
    assertThat(HeldOutSplit.of(voiced))
        .isEqualTo(HeldOutSplit.of("a red round character says hello on a wooden floor"));
  }

  @Test
  void noCaptionIsInBothPartsAndAboutOneInTenIsHeldOut() {
    Map<String, Part> seen = new HashMap<>();
    for (long seed = 0; seed < 3000; seed++) {
      String caption = Captions.caption(SceneGenerator.generate(seed, 4));
      Part part = HeldOutSplit.of(caption);
      Part before = seen.putIfAbsent(caption, part);
      assertThat(before == null || before == part).isTrue();
    }
    long held = seen.values().stream().filter(p -> p == Part.HELD_OUT).count();
    assertThat((double) held / seen.size()).isBetween(0.05, 0.15);
    assertThat(seen.size()).isGreaterThan(1500);
  }

  @Test
  void seedListsAreDeterministicAndInTheirPart() {
    long[] held = HeldOutSplit.seeds(Part.HELD_OUT, 0, 10, 4);
    assertThat(held).isEqualTo(HeldOutSplit.seeds(Part.HELD_OUT, 0, 10, 4));
    for (long s : held) {
      assertThat(HeldOutSplit.of(SceneGenerator.generate(s, 4))).isEqualTo(Part.HELD_OUT);
    }
    long[] train = HeldOutSplit.seeds(Part.TRAIN, 0, 30, 4);
    assertThat(train).doesNotContain(held);
  }

  private static final Part PINNED_RED = Part.TRAIN;
}
