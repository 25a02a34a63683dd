package dev.zoetrope.generation.model;

/**
 * A sampled clip at native resolution, copied off the engine.
 *
 * @param frames native frames (fps × seconds)
 * @param size frame side in pixels
 * @param video RGB in [-1, 1] (unclamped), layout {@code [3][frames][size][size]}
 * @param mel log-mel values in [-1, 1] (unclamped), layout {@code [bins][columns]}
 * @param columns mel columns ({@code frames × columnsPerFrame})
 */
public record SampledClip(int frames, int size, float[] video, float[] mel, int columns) {}
