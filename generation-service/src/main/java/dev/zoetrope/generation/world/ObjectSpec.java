package dev.zoetrope.generation.world;

/**
 * A ball or a block. A block's side is {@code 2 * sizeM}; a ball's radius is {@code sizeM}.
 *
 * @param sizeM radius of a ball or half-side of a block, metres
 */
public record ObjectSpec(ObjectKind kind, Colour colour, Material material, double sizeM)
    implements EntitySpec {

  public static final double MIN_SIZE_M = 0.11;
  public static final double MAX_SIZE_M = 0.18;

  @Override
  public double halfWidthM() {
    return sizeM;
  }

  @Override
  public double halfHeightM() {
    return sizeM;
  }

  @Override
  public String description() {
    return colour.word() + " " + material.adjective() + " " + kind.noun();
  }

  /** Rebound speed over impact speed on {@code floor}. */
  public double restitution(Background floor) {
    return material.restitution() * kind.restitutionFactor() * floor.restitutionFactor();
  }

  /** Mass for collisions: area times density. */
  public double mass() {
    double area = kind == ObjectKind.BALL ? Math.PI * sizeM * sizeM : 4 * sizeM * sizeM;
    return area * material.density();
  }

  static ObjectSpec random(Rng rng, ObjectKind kind, Colour colour) {
    Material material = rng.pick(java.util.List.of(Material.values()));
    return new ObjectSpec(kind, colour, material, rng.range(MIN_SIZE_M, MAX_SIZE_M));
  }
}
