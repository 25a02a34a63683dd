package dev.zoetrope.generation.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optimisation settings of a run.
 *
 * @param learningRate Adam step size after warm-up
 * @param warmupSteps linear warm-up from 0
 * @param clipNorm global gradient-norm clip
 * @param emaDecay ceiling of the EMA decay (early steps use {@code (1+s)/(10+s)})
 * @param foregroundAlpha video loss weight {@code w = 1 + alpha·mask} on the pixels characters and
 *     objects drew: they are a small share of a frame, yet all the evaluation looks at; 0 is plain
 *     MSE
 * @param onsetAlpha the same for the mel columns around sound onsets
 * @param decay an optional cosine decay of the step size from a given step on (null: constant)
 */
public record Hyper(
    double learningRate,
    int warmupSteps,
    double clipNorm,
    double emaDecay,
    double beta1,
    double beta2,
    double epsilon,
    int batchSize,
    float captionDropout,
    int seconds,
    float foregroundAlpha,
    float onsetAlpha,
    Decay decay) {

  /**
   * Cosine decay of the step size from {@code learningRate} at step {@code from} to {@code
   * finalLearningRate} at {@code from + steps}, constant after. It is given in absolute steps so
   * that a resumed run (whose Adam moments, and so its warm-up, may restart) keeps the schedule: a
   * run that plateaus at a constant rate is continued with one.
   */
  public record Decay(long from, long steps, double finalLearningRate) {
    public Decay {
      if (from < 0 || steps <= 0 || !(finalLearningRate >= 0)) {
        throw new IllegalArgumentException(
            "decay needs from >= 0, steps > 0 and a final rate >= 0");
      }
    }

    double factor(double learningRate, long step) {
      double t = Math.clamp((step - from) / (double) steps, 0.0, 1.0);
      double f = finalLearningRate / learningRate;
      return f + (1 - f) * 0.5 * (1 + Math.cos(Math.PI * t));
    }
  }

  public static Hyper defaults() {
    return new Hyper(1e-3, 100, 1.0, 0.999, 0.9, 0.999, 1e-8, 16, 0.1f, 2, 8f, 4f, null);
  }

  public Hyper withLossWeights(float foreground, float onset) {
    return new Hyper(
        learningRate,
        warmupSteps,
        clipNorm,
        emaDecay,
        beta1,
        beta2,
        epsilon,
        batchSize,
        captionDropout,
        seconds,
        foreground,
        onset,
        decay);
  }

  public Hyper withBatchSize(int b) {
    return new Hyper(
        learningRate,
        warmupSteps,
        clipNorm,
        emaDecay,
        beta1,
        beta2,
        epsilon,
        b,
        captionDropout,
        seconds,
        foregroundAlpha,
        onsetAlpha,
        decay);
  }

  public Hyper withLearningRate(double lr, int warmup) {
    return new Hyper(
        lr,
        warmup,
        clipNorm,
        emaDecay,
        beta1,
        beta2,
        epsilon,
        batchSize,
        captionDropout,
        seconds,
        foregroundAlpha,
        onsetAlpha,
        decay);
  }

  public Hyper withDecay(Decay d) {
    return new Hyper(
        learningRate,
        warmupSteps,
        clipNorm,
        emaDecay,
        beta1,
        beta2,
        epsilon,
        batchSize,
        captionDropout,
        seconds,
        foregroundAlpha,
        onsetAlpha,
        d);
  }

  /**
   * The step size of a step.
   *
   * @param sinceMoments steps since the Adam moments (re)started: the warm-up counts these
   * @param step the run's absolute step: the decay counts these
   */
  double learningRateAt(long sinceMoments, long step) {
    double warm = warmupSteps <= 0 ? 1.0 : Math.min(1.0, (sinceMoments + 1) / (double) warmupSteps);
    return learningRate * warm * (decay == null ? 1.0 : decay.factor(learningRate, step));
  }

  double emaDecayAt(long step) {
    return Math.min(emaDecay, (1.0 + step) / (10.0 + step));
  }

  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("optimizer", "adam");
    m.put("learning_rate", learningRate);
    m.put("warmup_steps", warmupSteps);
    if (decay != null) {
      m.put(
          "lr_decay",
          Map.of(
              "shape", "cosine",
              "from_step", decay.from(),
              "steps", decay.steps(),
              "final_learning_rate", decay.finalLearningRate()));
    }
    m.put("grad_clip_norm", clipNorm);
    m.put("ema_decay", emaDecay);
    m.put("adam_betas", java.util.List.of(beta1, beta2));
    m.put("batch_size", batchSize);
    m.put("caption_dropout", captionDropout);
    m.put("clip_seconds", seconds);
    m.put("time_sampling", "uniform");
    m.put(
        "objective",
        foregroundAlpha == 0 && onsetAlpha == 0
            ? "flow matching, velocity (data - noise), MSE video + MSE audio"
            : "flow matching, velocity (data - noise), weighted MSE video + weighted MSE audio:"
                + " mean(w (v_pred - v_target)^2) / mean(w), w = 1 + alpha * mask");
    m.put("foreground_alpha", foregroundAlpha);
    m.put("foreground_mask", "pixels a character or object drew (WorldRenderer.renderMasked)");
    m.put("onset_alpha", onsetAlpha);
    m.put("onset_mask", "mel columns c-1..c+2 around each contact and syllable onset");
    return m;
  }
}
