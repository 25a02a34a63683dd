package dev.zoetrope.generation.training;

import java.util.List;

/**
 * Clean training examples in the model's layout ({@code ModelConfig}): video {@code
 * [B][3][T][size][size]} in [-1, 1], mel {@code [B][bins][4T]} in [-1, 1], caption weights {@code
 * [B][vocabulary]} (a dropped caption is the null token), and the loss weighting's masks: {@code
 * videoMask [B][T][size][size]} is 1 on pixels a character or object drew, {@code melMask [B][4T]}
 * is 1 on the mel columns around a sound onset (an impact or a syllable), else 0.
 */
public record Batch(
    int size,
    int frames,
    int columns,
    float[] video,
    float[] mel,
    float[] captions,
    float[] videoMask,
    float[] melMask,
    List<String> texts) {}
