package dev.zoetrope.generation.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

  @Test
  void writesOnlySteps() {
    ProgressThrottle throttle = new ProgressThrottle(5);
    List<Integer> written = new ArrayList<>();
    for (int p = 0; p <= 100; p++) {
      throttle.accept(p).ifPresent(written::add);
    }
    assertThat(written).startsWith(5, 10, 15).endsWith(95, 99).hasSize(20);
  }

  @Test
  void neverGoesBackwardsOrReaches100() {
    ProgressThrottle throttle = new ProgressThrottle(5);
    assertThat(throttle.accept(40)).hasValue(40);
    assertThat(throttle.accept(20)).isEmpty();
    assertThat(throttle.accept(43)).isEmpty();
    assertThat(throttle.accept(250)).hasValue(99);
    assertThat(throttle.accept(100)).isEmpty();
  }

  @Test
  void coarseRenderersStillReport() {
    // A renderer with 4 steps reports 25, 50, 75, 100.
    ProgressThrottle throttle = new ProgressThrottle(5);
    List<Integer> written = new ArrayList<>();
    for (int p : new int[] {25, 50, 75, 100}) {
      throttle.accept(p).ifPresent(written::add);
    }
    assertThat(written).containsExactly(25, 50, 75, 99);
  }
}
