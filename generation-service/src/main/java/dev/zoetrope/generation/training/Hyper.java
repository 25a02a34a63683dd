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
    float onsetAlpha) {

  public static Hyper defaults() {
    return new Hyper(1e-3, 100, 1.0, 0.999, 0.9, 0.999, 1e-8, 16, 0.1f, 2, 8f, 4f);
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
        onset);
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
        onsetAlpha);
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
        onsetAlpha);
  }

  double learningRateAt(long step) {
    return warmupSteps <= 0
        ? learningRate
        : learningRate * Math.min(1.0, (step + 1) / (double) warmupSteps);
  }

  double emaDecayAt(long step) {
    return Math.min(emaDecay, (1.0 + step) / (10.0 + step));
  }

  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("optimizer", "adam");
    m.put("learning_rate", learningRate);
    m.put("warmup_steps", warmupSteps);
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
