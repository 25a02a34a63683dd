package dev.zoetrope.generation.world;

import java.util.List;

/**
 * What an object is made of: how it bounces, how it sounds when it hits something, and how it
 * looks. The impact timbre is a few decaying modal partials plus a short noise click, so materials
 * differ in pitch band (rubber low, glass high), in how long they ring (metal) and in noisiness
 * (wood).
 *
 * @param restitution rebound speed over impact speed for a ball on a hard floor
 * @param rollDecelMps2 deceleration while rolling or sliding on the floor
 * @param density relative mass per area (collisions share momentum by mass)
 * @param baseHz first partial of a reference-size (0.15 m) object; smaller objects sound higher
 * @param partialRatios partial frequencies over {@code baseHz}
 * @param partialDecaysS e-folding time of each partial
 * @param partialGains amplitude of each partial
 * @param noiseGain amplitude of the broadband click
 * @param noiseDecayS e-folding time of the click
 * @param shine strength of the specular highlight (0..1)
 * @param alpha opacity (glass is see-through)
 */
public enum Material {
  WOOD(
      "wooden",
      0.55,
      0.6,
      0.7,
      520,
      List.of(1.0, 2.31, 3.89),
      List.of(0.045, 0.030, 0.018),
      List.of(0.55, 0.35, 0.20),
      0.45,
      0.006,
      0.15,
      1.0),
  RUBBER(
      "rubber",
      0.80,
      0.45,
      1.0,
      170,
      List.of(1.0, 1.62),
      List.of(0.040, 0.022),
      List.of(0.75, 0.30),
      0.20,
      0.004,
      0.05,
      1.0),
  METAL(
      "metal",
      0.45,
      0.25,
      3.0,
      880,
      List.of(1.0, 2.76, 5.40, 8.93),
      List.of(0.25, 0.18, 0.12, 0.08),
      List.of(0.45, 0.35, 0.25, 0.15),
      0.35,
      0.003,
      0.85,
      1.0),
  GLASS(
      "glass",
      0.65,
      0.30,
      1.5,
      2100,
      List.of(1.0, 2.32, 4.25),
      List.of(0.16, 0.10, 0.06),
      List.of(0.45, 0.30, 0.15),
      0.20,
      0.002,
      0.90,
      0.55);

  private final String adjective;
  private final double restitution;
  private final double rollDecelMps2;
  private final double density;
  private final double baseHz;
  private final List<Double> partialRatios;
  private final List<Double> partialDecaysS;
  private final List<Double> partialGains;
  private final double noiseGain;
  private final double noiseDecayS;
  private final double shine;
  private final double alpha;

  Material(
      String adjective,
      double restitution,
      double rollDecelMps2,
      double density,
      double baseHz,
      List<Double> partialRatios,
      List<Double> partialDecaysS,
      List<Double> partialGains,
      double noiseGain,
      double noiseDecayS,
      double shine,
      double alpha) {
    this.adjective = adjective;
    this.restitution = restitution;
    this.rollDecelMps2 = rollDecelMps2;
    this.density = density;
    this.baseHz = baseHz;
    this.partialRatios = partialRatios;
    this.partialDecaysS = partialDecaysS;
    this.partialGains = partialGains;
    this.noiseGain = noiseGain;
    this.noiseDecayS = noiseDecayS;
    this.shine = shine;
    this.alpha = alpha;
  }

  /** How captions name the material: "wooden", "rubber", "metal", "glass". */
  public String adjective() {
    return adjective;
  }

  public double restitution() {
    return restitution;
  }

  public double rollDecelMps2() {
    return rollDecelMps2;
  }

  public double density() {
    return density;
  }

  public double baseHz() {
    return baseHz;
  }

  public List<Double> partialRatios() {
    return partialRatios;
  }

  public List<Double> partialDecaysS() {
    return partialDecaysS;
  }

  public List<Double> partialGains() {
    return partialGains;
  }

  public double noiseGain() {
    return noiseGain;
  }

  public double noiseDecayS() {
    return noiseDecayS;
  }

  public double shine() {
    return shine;
  }

  public double alpha() {
    return alpha;
  }
}
