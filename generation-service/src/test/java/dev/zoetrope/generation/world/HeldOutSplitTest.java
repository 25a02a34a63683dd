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
