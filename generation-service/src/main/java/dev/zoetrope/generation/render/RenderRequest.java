package dev.zoetrope.generation.render;

/**
 * What to render. {@code model} is a canonical model id (zoetrope-1 | zoetrope-1-pro), {@code
 * seconds} one of 4, 8, 12, {@code width}x{@code height} the output size; the same seed gives the
 * same clip.
 */
public record RenderRequest(
    String model, String prompt, int seconds, int width, int height, long seed) {}
