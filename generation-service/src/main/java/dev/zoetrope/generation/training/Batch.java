package dev.zoetrope.generation.training;

import java.util.List;

/**
 * Clean training examples in the model's layout ({@code ModelConfig}): video {@code
 * [B][3][T][size][size]} in [-1, 1], mel {@code [B][bins][4T]} in [-1, 1], caption weights {@code
 * [B][vocabulary]} (a dropped caption is the null token).
 */
public record Batch(
    int size,
    int frames,
    int columns,
    float[] video,
    float[] mel,
    float[] captions,
    List<String> texts) {}
