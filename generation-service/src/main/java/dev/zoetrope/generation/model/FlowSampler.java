package dev.zoetrope.generation.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Euler sampler for rectified flow: {@code x(0)} is Gaussian noise, {@code x(1)} data, and the
 * network predicts the velocity {@code data − noise}; {@code steps} uniform steps integrate from 0
 * to 1. Classifier-free guidance runs the caption and the null caption as one batch of two.
 *
 * <p>The starting noise comes from a {@link SplittableRandom} seeded with the request's seed, not
 * from the engine's global generator: that generator is shared by every thread, so two renders at
 * once would disturb each other's streams. With a fixed seed, prompt and thread count the output is
 * bit-for-bit repeatable.
 *
 * <p>Thread-safe: each call owns its managers, the weights are only read.
 */
public final class FlowSampler {

  /** Told after each finished step. */
  @FunctionalInterface
  public interface StepListener {
    void stepDone(int step, int steps);
  }

  public SampledClip sample(
      VelocityModel denoiser,
      int[] tokens,
      int seconds,
      long seed,
      int steps,
      float guidance,
      StepListener listener,
      BooleanSupplier cancelled)
      throws SamplingCancelledException {
    if (steps < 1 || seconds < 1) {
      throw new IllegalArgumentException("steps and seconds must be >= 1");
    }
    ModelConfig c = denoiser.config();
    int frames = c.frames(seconds);
    int columns = frames * c.melColumnsPerFrame();
    Shape videoShape = new Shape(1, 3, frames, c.size(), c.size());
    Shape audioShape = new Shape(1, MelScale.BINS, columns);
    boolean guided = guidance != 1f;
    int batch = guided ? 2 : 1;

    float[] captions = new float[batch * c.vocabularySize()];
    System.arraycopy(
        Denoiser.captionWeights(tokens, c.vocabularySize()), 0, captions, 0, c.vocabularySize());
    if (guided) {
      System.arraycopy(
          Denoiser.captionWeights(new int[0], c.vocabularySize()),
          0,
          captions,
          c.vocabularySize(),
          c.vocabularySize());
    }

    SplittableRandom random = new SplittableRandom(seed);
    try (NDManager sample = NDManager.newBaseManager()) {
      NDArray x = sample.create(gaussian(random, videoShape.size()), videoShape);
      NDArray y = sample.create(gaussian(random, audioShape.size()), audioShape);
      float dt = 1f / steps;
      for (int step = 0; step < steps; step++) {
        if (cancelled.getAsBoolean()) {
          throw new SamplingCancelledException(step);
        }
        float[] t = new float[batch];
        java.util.Arrays.fill(t, step * dt);
        // One manager per step: every intermediate dies with it. x and y are attached so the old
        // state goes too; the new state is moved out to the sample's manager.
        try (NDManager stepManager = sample.newSubManager()) {
          x.attach(stepManager);
          y.attach(stepManager);
          NDArray xb = guided ? NDArrays.concat(new NDList(x, x)) : x;
          NDArray yb = guided ? NDArrays.concat(new NDList(y, y)) : y;
          NDList v = denoiser.forward(xb, yb, t, captions);
          NDArray vx = guide(v.get(0), guided, guidance);
          NDArray vy = guide(v.get(1), guided, guidance);
          NDArray nextX = x.add(vx.mul(dt));
          NDArray nextY = y.add(vy.mul(dt));
          nextX.attach(sample);
          nextY.attach(sample);
          x = nextX;
          y = nextY;
        }
        listener.stepDone(step + 1, steps);
      }
      return new SampledClip(frames, c.size(), x.toFloatArray(), y.toFloatArray(), columns);
    }
  }

  private static NDArray guide(NDArray v, boolean guided, float guidance) {
    if (!guided) {
      return v;
    }
    NDArray cond = v.get("0:1");
    NDArray uncond = v.get("1:2");
    return uncond.add(cond.sub(uncond).mul(guidance));
  }

  private static float[] gaussian(SplittableRandom random, long n) {
    float[] out = new float[Math.toIntExact(n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }
}
