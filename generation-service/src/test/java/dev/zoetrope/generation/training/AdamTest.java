package dev.zoetrope.generation.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void aNonFiniteGradientSkipsTheStepAndDoesNotPoisonTheNextOne() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray p = manager.create(new float[] {1f, 2f, 3f});
      p.setRequiresGradient(true);
      Map<String, NDArray> params = Map.of("p", p);
      Map<String, NDArray> m = Map.of("p", manager.zeros(p.getShape()));
      Map<String, NDArray> v = Map.of("p", manager.zeros(p.getShape()));
      Map<String, NDArray> ema = Map.of("p", p.duplicate());
      Hyper hyper = Hyper.defaults();

      float skipped = step(manager, params, m, v, ema, hyper, 0, Float.NaN);

      assertThat(skipped).isNaN();
      assertThat(p.toFloatArray()).containsExactly(1f, 2f, 3f);
      assertThat(m.get("p").toFloatArray()).containsExactly(0f, 0f, 0f);
      assertThat(ema.get("p").toFloatArray()).containsExactly(1f, 2f, 3f);
      assertThat(p.getGradient().toFloatArray()).containsExactly(0f, 0f, 0f);

      // Multiplying the gradient by zero would have kept NaN·0 = NaN in it for every later step.
      float next = step(manager, params, m, v, ema, hyper, 1, 1f);

      assertThat(next).isFinite().isPositive();
      for (float x : p.toFloatArray()) {
        assertThat(x).isFinite();
      }
      assertThat(p.toFloatArray()).doesNotContain(1f, 2f, 3f);
    }
  }

  /** Backward of {@code sum(p · scale)}, then one Adam update. */
  private static float step(
      NDManager manager,
      Map<String, NDArray> params,
      Map<String, NDArray> m,
      Map<String, NDArray> v,
      Map<String, NDArray> ema,
      Hyper hyper,
      long steps,
      float scale) {
    try (NDManager sm = manager.newSubManager()) {
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = sm.create(scale).mul(params.get("p")).sum();
        gc.backward(loss);
      }
      return Adam.update(sm, params, m, v, ema, hyper, steps, steps, 0.5);
    }
  }
}
