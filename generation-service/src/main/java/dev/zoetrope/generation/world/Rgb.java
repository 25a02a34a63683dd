package dev.zoetrope.generation.world;

/** A linear RGB colour with components in [0, 1]. */
public record Rgb(double r, double g, double b) {

  public Rgb scale(double k) {
    return new Rgb(clamp(r * k), clamp(g * k), clamp(b * k));
  }

  /** {@code this} moved toward {@code other} by {@code t} (0 = this, 1 = other). */
  public Rgb mix(Rgb other, double t) {
    return new Rgb(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t);
  }

  private static double clamp(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }
}
