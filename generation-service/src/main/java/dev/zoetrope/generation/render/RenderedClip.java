package dev.zoetrope.generation.render;

/**
 * A finished clip: the MP4 bytes, a JPEG thumbnail, a JPEG spritesheet (5×2 evenly spaced frames,
 * 128 px wide tiles in the clip's aspect ratio, for scrubbing previews), and where the time went
 * (for docs/benchmarks.md).
 */
public record RenderedClip(
    byte[] mp4,
    byte[] thumbnailJpeg,
    byte[] spritesheetJpeg,
    long denoiseMillis,
    long decodeMillis,
    long encodeMillis) {}
