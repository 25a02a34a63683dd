package dev.zoetrope.generation.world;

import java.util.List;

/**
 * A simple character: a body outline with a colour and a pattern, two eyes and a mouth that opens
 * exactly while it speaks, and a voice. Characters stand on the floor facing the camera.
 *
 * @param halfHeightM half the body height, metres
 */
public record CharacterSpec(
    BodyShape shape, Colour colour, Pattern pattern, EyeStyle eyes, Voice voice, double halfHeightM)
    implements EntitySpec {

  public static final double MIN_HALF_HEIGHT_M = 0.27;
  public static final double MAX_HALF_HEIGHT_M = 0.34;

  @Override
  public double halfWidthM() {
    return switch (shape) {
      case ROUND -> halfHeightM;
      case SQUARE -> 0.9 * halfHeightM;
      case TRIANGLE -> 1.1 * halfHeightM;
    };
  }

  @Override
  public String description() {
    String base = colour.word() + " " + shape.word() + " character";
    return pattern == Pattern.PLAIN ? base : base + " with " + pattern.word();
  }

  /**
   * A character identity drawn from {@code seed} alone, so a cameo and the scenes it appears in can
   * name the same subject by one number.
   */
  public static CharacterSpec fromSeed(long seed) {
    Rng rng = new Rng(Rng.hash(seed, 0xC4A7L));
    return random(rng, rng.pick(List.of(Colour.values())));
  }

  static CharacterSpec random(Rng rng, Colour colour) {
    return new CharacterSpec(
        rng.pick(List.of(BodyShape.values())),
        colour,
        rng.pick(List.of(Pattern.values())),
        rng.pick(List.of(EyeStyle.values())),
        Voice.random(rng.fork(1)),
        rng.range(MIN_HALF_HEIGHT_M, MAX_HALF_HEIGHT_M));
  }
}
