package dev.zoetrope.generation.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.zoetrope.generation.model.ModelConfig;
import org.junit.jupiter.api.Test;

class LossWeightingTest {

  @Test
  void theMaskedPixelsWeighOnePlusAlpha() {
    try (NDManager m = NDManager.newBaseManager()) {
      // Two channels over four pixels; the mask (one channel) marks pixel 0 and broadcasts.
      NDArray squared = m.create(new float[] {4, 0, 0, 0, 2, 0, 0, 0}, new Shape(1, 2, 4));
      NDArray mask = m.create(new float[] {1, 0, 0, 0}, new Shape(1, 1, 4));

      // w = (9, 1, 1, 1): sum(w·sq) = 9·4 + 9·2 = 54 over 8 elements; mean(w) = 3.
      assertThat(Trainer.weightedMean(squared, mask, 8f).getFloat())
          .isCloseTo(54f / 8 / 3, within(1e-6f));
      // alpha 0 is the plain MSE.
      assertThat(Trainer.weightedMean(squared, mask, 0f).getFloat())
          .isCloseTo(6f / 8, within(1e-6f));
      // An all-ones mask weighs everything alike: the plain MSE again.
      NDArray all = m.ones(new Shape(1, 1, 4));
      assertThat(Trainer.weightedMean(squared, all, 8f).getFloat())
          .isCloseTo(6f / 8, within(1e-6f));
    }
  }

  @Test
  void batchesCarryTheForegroundAndOnsetMasks() {
    Batch b = new ClipSource(5, 2, ModelConfig.standard(), 0f).batch(0, 2);
    int px = 32 * 32;
    assertThat(b.videoMask()).hasSize(2 * 16 * px);
    assertThat(b.melMask()).hasSize(2 * b.columns());
    for (int r = 0; r < 2; r++) {
      double fg = 0;
      for (int i = r * 16 * px; i < (r + 1) * 16 * px; i++) {
        fg += b.videoMask()[i];
      }
      // Every training scene has a character or an object on screen, and it is a small share.
      assertThat(fg / (16 * px)).as("row %d foreground share", r).isBetween(0.005, 0.5);
    }
  }

  @Test
  void onsetsMarkTheirColumnTheOneBeforeAndTwoAfter() {
    ClipSource source = new ClipSource(5, 2, ModelConfig.standard(), 0f);
    float[] mask = new float[2 * 64];
    // 0.5 s is column 16 at 32 columns/s; 1.99 s is the last column, 63.
    source.onsetColumns(new double[] {0.5, 1.99}, mask, 64, 64);
    for (int k = 0; k < 64; k++) {
      assertThat(mask[k]).isZero();
      boolean on = (k >= 15 && k <= 18) || k == 62 || k == 63;
      assertThat(mask[64 + k]).as("column %d", k).isEqualTo(on ? 1f : 0f);
    }
  }
}
