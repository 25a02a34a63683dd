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
 * <p>{@link Conditioning} adds a negative prompt, frames and mel columns fixed by replacement, and
 * an SDEdit start, all without retraining.
 *
 * <p>The starting noise comes from a {@link SplittableRandom} seeded with the request's seed, not
 * from the engine's global generator: that generator is shared by every thread, so two renders at
 * once would disturb each other's streams. With a fixed seed, prompt and thread count the output is
 * bit-for-bit repeatable.
 *
 * <p>Thread-safe: each call owns its managers, the weights are only read.
 */
public final class FlowSampler {

  /**
   * Restart sampling (Xu et al., <i>Restart Sampling for Improving Generative Processes</i>, 2023):
   * after the run reaches data, the clip is noised back to level {@code from} with fresh noise
   * ({@code (1−from)·noise + from·clip}, the forward process of this flow) and integrated again to
   * 1 in {@code steps} steps, {@code count} times. The fresh noise contracts the errors the Euler
   * steps accumulated, at {@code count × steps} more network calls.
   */
  public record Restarts(int count, float from, int steps) {
    public static final Restarts NONE = new Restarts(0, 1f, 0);

    public Restarts {
      if (count < 0 || steps < 0 || (count > 0 && (steps < 1 || !(from > 0f && from < 1f)))) {
        throw new IllegalArgumentException(
            "restarts need count >= 0, and with any, steps >= 1 and 0 < from < 1");
      }
    }

    /** Network calls the restarts add to a run. */
    public int extraSteps() {
      return count * steps;
    }
  }

  private final Restarts restarts;

  public FlowSampler() {
    this(Restarts.NONE);
  }

  public FlowSampler(Restarts restarts) {
    this.restarts = restarts;
  }

  /** Told after each finished step. */
  @FunctionalInterface
  public interface StepListener {
    void stepDone(int step, int steps);
  }

  /**
   * Text-to-clip: {@link #sample(VelocityModel, int[], Conditioning, int, long, int, float,
   * StepListener, BooleanSupplier)} with {@link Conditioning#NONE} and {@code fps × seconds}
   * frames.
   */
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
    if (seconds < 1) {
      throw new IllegalArgumentException("steps and seconds must be >= 1");
    }
    return sample(
        denoiser,
        tokens,
        Conditioning.NONE,
        denoiser.config().frames(seconds),
        seed,
        steps,
        guidance,
        listener,
        cancelled);
  }

  /**
   * Samples {@code frames} native frames (and {@code columnsPerFrame × frames} mel columns) under
   * {@code conditioning}. One noise draw from {@code seed} serves as the starting noise and as the
   * noise of every replacement, so the result is bit-for-bit repeatable.
   *
   * @param steps the full schedule; an SDEdit start runs only {@link #stepsToRun} of them, and the
   *     listener counts those
   */
  public SampledClip sample(
      VelocityModel denoiser,
      int[] tokens,
      Conditioning conditioning,
      int frames,
      long seed,
      int steps,
      float guidance,
      StepListener listener,
      BooleanSupplier cancelled)
      throws SamplingCancelledException {
    if (steps < 1 || frames < 1) {
      throw new IllegalArgumentException("steps and frames must be >= 1");
    }
    ModelConfig c = denoiser.config();
    Codec codec = denoiser.codec();
    int columns = frames * c.melColumnsPerFrame();
    Shape pixelShape = new Shape(1, 3, frames, c.size(), c.size());
    Shape melShape = new Shape(1, MelScale.BINS, columns);
    // What the flow runs over: the clip itself, or a latent model's latents of it.
    int plane = c.stateSide() * c.stateSide();
    Shape videoShape = new Shape(1, c.stateChannels(), frames, c.stateSide(), c.stateSide());
    Shape audioShape = new Shape(1, c.stateBins(), columns);
    boolean guided = guidance != 1f;
    int batch = guided ? 2 : 1;
    Conditioning.Known known = conditioning.known();
    Conditioning.Start start = conditioning.start();
    check(
        known,
        start,
        Math.toIntExact(pixelShape.size()),
        Math.toIntExact(melShape.size()),
        frames,
        columns);
    float[] startVideo = start == null ? null : encode(codec, start.video(), pixelShape, true);
    float[] startMel = start == null ? null : encode(codec, start.mel(), melShape, false);
    float[] knownVideo = known == null ? null : encode(codec, known.video(), pixelShape, true);
    float[] knownMel = known == null ? null : encode(codec, known.mel(), melShape, false);

    float[] captions = new float[batch * c.vocabularySize()];
    System.arraycopy(
        Denoiser.captionWeights(tokens, c.vocabularySize()), 0, captions, 0, c.vocabularySize());
    if (guided) {
      System.arraycopy(
          Denoiser.captionWeights(conditioning.negativeTokens(), c.vocabularySize()),
          0,
          captions,
          c.vocabularySize(),
          c.vocabularySize());
    }

    int run = stepsToRun(steps, conditioning);
    float t0 = start == null ? 0f : 1f - start.strength();

    SplittableRandom random = new SplittableRandom(seed);
    float[] noiseX = gaussian(random, videoShape.size());
    float[] noiseY = gaussian(random, audioShape.size());
    float[] x0 = start == null ? noiseX : mix(noiseX, startVideo, t0);
    float[] y0 = start == null ? noiseY : mix(noiseY, startMel, t0);
    // Per-element masks: a frame covers its channels × side² values, a column its rows.
    float[] maskX =
        known != null && known.anyFrame()
            ? frameMask(known.frames(), frames, plane, c.stateChannels())
            : null;
    float[] maskY =
        known != null && known.anyColumn()
            ? columnMask(known.columns(), columns, c.stateBins())
            : null;
    if (maskX != null) {
      x0 = replace(x0, maskX, noiseX, knownVideo, t0);
    }
    if (maskY != null) {
      y0 = replace(y0, maskY, noiseY, knownMel, t0);
    }

    try (NDManager sample = NDManager.newBaseManager()) {
      NDArray x = sample.create(x0, videoShape);
      NDArray y = sample.create(y0, audioShape);
      Replacement replaceX =
          maskX == null ? null : Replacement.of(sample, maskX, noiseX, knownVideo, videoShape);
      Replacement replaceY =
          maskY == null ? null : Replacement.of(sample, maskY, noiseY, knownMel, audioShape);
      int total = run + restarts.extraSteps();
      NDArray[] state = {x, y};
      Step stepper = new Step(denoiser, captions, batch, guided, guidance, replaceX, replaceY);
      Progress progress = new Progress(total, listener, cancelled);
      stepper.integrate(sample, state, t0, run, progress);
      // Never noisier than an SDEdit start: an edit must not move further from its source than
      // its strength allows.
      float from = Math.max(restarts.from(), t0);
      for (int r = 0; r < restarts.count(); r++) {
        float[] freshX = gaussian(random, videoShape.size());
        float[] freshY = gaussian(random, audioShape.size());
        try (NDManager renoise = sample.newSubManager()) {
          state[0].attach(renoise);
          state[1].attach(renoise);
          NDArray rx = state[0].mul(from).add(renoise.create(freshX, videoShape).mul(1f - from));
          NDArray ry = state[1].mul(from).add(renoise.create(freshY, audioShape).mul(1f - from));
          // Known positions go back to their level on the first draw's noise, as at the start.
          if (replaceX != null) {
            rx = replaceX.apply(rx, renoise, from);
          }
          if (replaceY != null) {
            ry = replaceY.apply(ry, renoise, from);
          }
          rx.attach(sample);
          ry.attach(sample);
          state[0] = rx;
          state[1] = ry;
        }
        stepper.integrate(sample, state, from, restarts.steps(), progress);
      }
      x = state[0];
      y = state[1];
      if (codec != null) {
        x = codec.decodeVideo(x);
        y = codec.decodeAudio(y);
      }
      return new SampledClip(frames, c.size(), x.toFloatArray(), y.toFloatArray(), columns);
    }
  }

  /** Steps done out of the whole run's, told to the listener; cancellation checked before each. */
  private static final class Progress {
    private final int total;
    private final StepListener listener;
    private final BooleanSupplier cancelled;
    private int done;

    Progress(int total, StepListener listener, BooleanSupplier cancelled) {
      this.total = total;
      this.listener = listener;
      this.cancelled = cancelled;
    }

    void beforeStep() throws SamplingCancelledException {
      if (cancelled.getAsBoolean()) {
        throw new SamplingCancelledException(done);
      }
    }

    void stepDone() {
      listener.stepDone(++done, total);
    }
  }

  /** Euler steps of the guided flow, with the replacements, shared by the run and restarts. */
  private record Step(
      VelocityModel denoiser,
      float[] captions,
      int batch,
      boolean guided,
      float guidance,
      Replacement replaceX,
      Replacement replaceY) {

    /** Integrates {@code state} from level {@code from} to 1 in {@code steps} uniform steps. */
    void integrate(NDManager sample, NDArray[] state, float from, int steps, Progress progress)
        throws SamplingCancelledException {
      float dt = (1f - from) / steps;
      for (int step = 0; step < steps; step++) {
        progress.beforeStep();
        // The end of the schedule is exactly 1, so replaced positions end exactly on the reference.
        float next = step == steps - 1 ? 1f : from + (step + 1) * dt;
        take(sample, state, from + step * dt, next, dt);
        progress.stepDone();
      }
    }

    /**
     * Moves {@code state} (video, audio) from level {@code from} by {@code dt}; replaced positions
     * land on level {@code to} (exactly 1 at the end of a schedule, where the sum of the uniform
     * steps may round short of it).
     */
    void take(NDManager sample, NDArray[] state, float from, float to, float dt) {
      float[] t = new float[batch];
      java.util.Arrays.fill(t, from);
      NDArray x = state[0];
      NDArray y = state[1];
      // One manager per step: every intermediate dies with it. x and y are attached so the old
      // state goes too; the new state is moved out to the sample's manager. The long-lived
      // replacement arrays only ever appear as second operands.
      try (NDManager stepManager = sample.newSubManager()) {
        x.attach(stepManager);
        y.attach(stepManager);
        NDArray xb = guided ? NDArrays.concat(new NDList(x, x)) : x;
        NDArray yb = guided ? NDArrays.concat(new NDList(y, y)) : y;
        NDList v = denoiser.forward(xb, yb, t, captions);
        NDArray nextX = x.add(guide(v.get(0), guided, guidance).mul(dt));
        NDArray nextY = y.add(guide(v.get(1), guided, guidance).mul(dt));
        if (replaceX != null) {
          nextX = replaceX.apply(nextX, stepManager, to);
        }
        if (replaceY != null) {
          nextY = replaceY.apply(nextY, stepManager, to);
        }
        nextX.attach(sample);
        nextY.attach(sample);
        state[0] = nextX;
        state[1] = nextY;
      }
    }
  }

  /** Steps a run takes: all of them, or for an SDEdit start its share (at least one). */
  public static int stepsToRun(int steps, Conditioning conditioning) {
    if (conditioning.start() == null) {
      return steps;
    }
    return Math.max(1, Math.round(conditioning.start().strength() * steps));
  }

  /** Masked positions of the state set to the reference at noise level t. */
  private record Replacement(NDArray keep, NDArray maskedNoise, NDArray maskedReference) {
    static Replacement of(
        NDManager manager, float[] mask, float[] noise, float[] reference, Shape shape) {
      float[] keep = new float[mask.length];
      float[] maskedNoise = new float[mask.length];
      float[] maskedReference = new float[mask.length];
      for (int i = 0; i < mask.length; i++) {
        keep[i] = 1f - mask[i];
        maskedNoise[i] = mask[i] * noise[i];
        maskedReference[i] = mask[i] * reference[i];
      }
      return new Replacement(
          manager.create(keep, shape),
          manager.create(maskedNoise, shape),
          manager.create(maskedReference, shape));
    }

    /** {@code state·(1−m) + (1−t)·m·noise + t·m·ref}; at t = 1 exactly the reference. */
    NDArray apply(NDArray state, NDManager stepManager, float t) {
      return state
          .mul(keep)
          .add(stepManager.create(1f - t).mul(maskedNoise))
          .add(stepManager.create(t).mul(maskedReference));
    }
  }

  private static void check(
      Conditioning.Known known,
      Conditioning.Start start,
      int videoSize,
      int melSize,
      int frames,
      int columns) {
    if (start != null && (start.video().length != videoSize || start.mel().length != melSize)) {
      throw new IllegalArgumentException("the SDEdit source does not match the clip's shape");
    }
    if (known != null) {
      if (known.video() != null
          && (known.video().length != videoSize || known.frames().length != frames)) {
        throw new IllegalArgumentException("the known frames do not match the clip's shape");
      }
      if (known.mel() != null
          && (known.mel().length != melSize || known.columns().length != columns)) {
        throw new IllegalArgumentException("the known mel columns do not match the clip's shape");
      }
    }
  }

  private static float[] mix(float[] noise, float[] data, float t) {
    float[] out = new float[noise.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (1f - t) * noise[i] + t * data[i];
    }
    return out;
  }

  private static float[] replace(float[] state, float[] mask, float[] noise, float[] ref, float t) {
    float[] out = state.clone();
    for (int i = 0; i < out.length; i++) {
      if (mask[i] != 0) {
        out[i] = (1f - t) * noise[i] + t * ref[i];
      }
    }
    return out;
  }

  /**
   * A latent model's encoding of a reference clip or mel ({@code data} as is without a codec). The
   * video codec works frame by frame, so a frame fixed in pixels is the same frame fixed in
   * latents.
   */
  private static float[] encode(Codec codec, float[] data, Shape shape, boolean video) {
    if (codec == null || data == null) {
      return data;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(data, shape);
      return (video ? codec.encodeVideo(x) : codec.encodeAudio(x)).toFloatArray();
    }
  }

  private static float[] frameMask(boolean[] known, int frames, int plane, int channels) {
    float[] mask = new float[channels * frames * plane];
    for (int rgb = 0; rgb < channels; rgb++) {
      for (int f = 0; f < frames; f++) {
        if (known[f]) {
          java.util.Arrays.fill(
              mask, (rgb * frames + f) * plane, (rgb * frames + f + 1) * plane, 1f);
        }
      }
    }
    return mask;
  }

  private static float[] columnMask(boolean[] known, int columns, int bins) {
    float[] mask = new float[bins * columns];
    for (int b = 0; b < bins; b++) {
      for (int col = 0; col < columns; col++) {
        if (known[col]) {
          mask[b * columns + col] = 1f;
        }
      }
    }
    return mask;
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
