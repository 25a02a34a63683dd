package dev.zoetrope.generation.world;

/** Inanimate things: a ball rolls and spins, a block slides and lands flat. */
public enum ObjectKind {
  BALL("ball", 1.0, "rolls"),
  BLOCK("block", 0.7, "slides");

  private final String noun;
  private final double restitutionFactor;
  private final String floorVerb;

  ObjectKind(String noun, double restitutionFactor, String floorVerb) {
    this.noun = noun;
    this.restitutionFactor = restitutionFactor;
    this.floorVerb = floorVerb;
  }

  public String noun() {
    return noun;
  }

  /** A flat face loses more energy than a sphere. */
  public double restitutionFactor() {
    return restitutionFactor;
  }

  /** The verb for moving along the floor: "rolls" or "slides". */
  public String floorVerb() {
    return floorVerb;
  }
}
