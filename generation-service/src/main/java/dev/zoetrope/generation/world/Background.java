package dev.zoetrope.generation.world;

/**
 * Where a scene happens: the backdrop above the floor, the floor's look, and the floor's acoustics
 * (a grass floor damps impacts, tiles make them brighter). {@link #STUDIO} is the plain backdrop of
 * cameo recordings and never appears in generated scenes.
 *
 * @param restitutionFactor scales every object's restitution on this floor
 * @param impactGain loudness of impacts on this floor
 * @param decayFactor scales how long impact partials ring
 * @param clickGain extra broadband click (hard floors)
 */
public enum Background {
  WOODEN_FLOOR(
      "on a wooden floor",
      new Rgb(0.62, 0.55, 0.50),
      new Rgb(0.50, 0.44, 0.40),
      new Rgb(0.58, 0.36, 0.18),
      new Rgb(0.42, 0.25, 0.12),
      1.0,
      1.0,
      1.0,
      0.3),
  GRASS(
      "on the grass",
      new Rgb(0.45, 0.68, 0.95),
      new Rgb(0.72, 0.85, 0.98),
      new Rgb(0.30, 0.58, 0.22),
      new Rgb(0.20, 0.44, 0.15),
      0.8,
      0.55,
      0.5,
      0.0),
  TILES(
      "on a tiled floor",
      new Rgb(0.70, 0.72, 0.70),
      new Rgb(0.62, 0.64, 0.62),
      new Rgb(0.88, 0.88, 0.86),
      new Rgb(0.52, 0.54, 0.58),
      1.0,
      1.1,
      1.1,
      0.6),
  NIGHT_SKY(
      "under a night sky",
      new Rgb(0.03, 0.04, 0.14),
      new Rgb(0.10, 0.12, 0.30),
      new Rgb(0.22, 0.22, 0.27),
      new Rgb(0.15, 0.15, 0.19),
      0.95,
      0.9,
      0.9,
      0.4),
  STUDIO(
      "",
      new Rgb(0.36, 0.39, 0.46),
      new Rgb(0.46, 0.49, 0.56),
      new Rgb(0.30, 0.31, 0.35),
      new Rgb(0.24, 0.25, 0.28),
      1.0,
      1.0,
      1.0,
      0.2);

  private final String phrase;
  private final Rgb skyTop;
  private final Rgb skyHorizon;
  private final Rgb floorLight;
  private final Rgb floorDark;
  private final double restitutionFactor;
  private final double impactGain;
  private final double decayFactor;
  private final double clickGain;

  Background(
      String phrase,
      Rgb skyTop,
      Rgb skyHorizon,
      Rgb floorLight,
      Rgb floorDark,
      double restitutionFactor,
      double impactGain,
      double decayFactor,
      double clickGain) {
    this.phrase = phrase;
    this.skyTop = skyTop;
    this.skyHorizon = skyHorizon;
    this.floorLight = floorLight;
    this.floorDark = floorDark;
    this.restitutionFactor = restitutionFactor;
    this.impactGain = impactGain;
    this.decayFactor = decayFactor;
    this.clickGain = clickGain;
  }

  /** The caption's place phrase, e.g. "on a wooden floor". */
  public String phrase() {
    return phrase;
  }

  public Rgb skyTop() {
    return skyTop;
  }

  public Rgb skyHorizon() {
    return skyHorizon;
  }

  public Rgb floorLight() {
    return floorLight;
  }

  public Rgb floorDark() {
    return floorDark;
  }

  public double restitutionFactor() {
    return restitutionFactor;
  }

  public double impactGain() {
    return impactGain;
  }

  public double decayFactor() {
    return decayFactor;
  }

  public double clickGain() {
    return clickGain;
  }

  /** Colours that would vanish against this background are never used on it. */
  public boolean clashesWith(Colour colour) {
    return (this == GRASS && colour == Colour.GREEN) || (this == TILES && colour == Colour.WHITE);
  }
}
