package dev.zoetrope.generation.world;

/**
 * How the world's renderer lights what it draws, for detectors that read its pixels back (the
 * evaluation's object tracker, the cameo subject encoder). Pixels are RGB in [0, 1].
 */
public final class Shading {
  private Shading() {}

  /** Euclidean distance between two RGB pixels. */
  public static double distance(double[] a, double[] b) {
    double s = 0;
    for (int c = 0; c < 3; c++) {
      s += (a[c] - b[c]) * (a[c] - b[c]);
    }
    return Math.sqrt(s);
  }

  /**
   * The backdrop {@code bg} darkened toward black by up to 60% with its hue kept: what the
   * renderer's shadows look like, and so not an object or a subject.
   */
  public static boolean shadowLike(double[] px, double[] bg) {
    double bb = bg[0] * bg[0] + bg[1] * bg[1] + bg[2] * bg[2];
    if (bb < 1e-6) {
      return false;
    }
    double k = (px[0] * bg[0] + px[1] * bg[1] + px[2] * bg[2]) / bb;
    if (k < 0.4 || k > 1) {
      return false;
    }
    double s = 0;
    for (int c = 0; c < 3; c++) {
      double r = px[c] - k * bg[c];
      s += r * r;
    }
    return Math.sqrt(s) < 0.06;
  }
}
