package dev.zoetrope.generation.render;

/**
 * A finished clip: the MP4 bytes, a JPEG thumbnail, a JPEG spritesheet (5×2 evenly spaced frames,
 * 128 px wide tiles in the clip's aspect ratio, for scrubbing previews), where the time went (for
 * docs/benchmarks.md), and what the output check needs to know of the encoded frames (null when the
 * renderer did not measure them: moderation then decodes the clip itself).
 */
public record RenderedClip(
    byte[] mp4,
    byte[] thumbnailJpeg,
    byte[] spritesheetJpeg,
    long denoiseMillis,
    long decodeMillis,
    long encodeMillis,
    Measurements measurements) {

  public RenderedClip(
      byte[] mp4,
      byte[] thumbnailJpeg,
      byte[] spritesheetJpeg,
      long denoiseMillis,
      long decodeMillis,
      long encodeMillis) {
    this(mp4, thumbnailJpeg, spritesheetJpeg, denoiseMillis, decodeMillis, encodeMillis, null);
  }

  /**
   * The stream layout the encoder wrote and each video frame's mean relative luminance (WCAG 2.x,
   * 0..1, letterbox bars included), measured on the frames handed to the encoder.
   */
  public record Measurements(
      int videoStreams,
      int audioStreams,
      int width,
      int height,
      long[] frameTimestampsMicros,
      double[] frameLuminance) {}
}
