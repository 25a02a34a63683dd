package dev.zoetrope.generation.world;

/** Output size and frame rate of a rendered clip (the duration belongs to the scene). */
public record RenderSettings(int width, int height, double fps) {

  public static final RenderSettings DEFAULT = new RenderSettings(32, 32, 24);

  public RenderSettings {
    if (width < 8 || height < 8 || width > 1024 || height > 1024) {
      throw new IllegalArgumentException("size must be 8..1024: " + width + "x" + height);
    }
    if (!(fps >= 1 && fps <= 120)) {
      throw new IllegalArgumentException("fps must be 1..120: " + fps);
    }
  }

  public static RenderSettings square(int side, double fps) {
    return new RenderSettings(side, side, fps);
  }

  /** Frames in a clip of {@code durationS}: {@code round(durationS * fps)}. */
  public int frameCount(double durationS) {
    return (int) Math.round(durationS * fps);
  }
}
