package dev.zoetrope.generation.render;

/**
 * A finished clip: the MP4 bytes, a JPEG thumbnail, and where the time went (for
 * docs/benchmarks.md).
 */
public record RenderedClip(
    byte[] mp4, byte[] thumbnailJpeg, long denoiseMillis, long decodeMillis, long encodeMillis) {}
