package dev.zoetrope.generation.world;

import java.util.List;

/**
 * One entity's part in a scene: where it starts and what it does.
 *
 * @param x horizontal start of the centre, metres from the left edge (the world is {@link
 *     Simulation#WORLD_WIDTH_M} wide)
 * @param bottomM start height of the entity's lowest point above the floor (0 = resting on it)
 * @param vxMps horizontal start speed (positive = rightward)
 * @param releaseS an object above the floor hangs still until this time, then falls
 * @param jumpTimesS when a character takes off (only from the floor)
 * @param jumpSpeedMps take-off speed of each jump
 * @param utterances what a character says, in order
 */
public record Actor(
    EntitySpec entity,
    Motion motion,
    double x,
    double bottomM,
    double vxMps,
    double releaseS,
    List<Double> jumpTimesS,
    double jumpSpeedMps,
    List<Utterance> utterances) {

  public Actor {
    jumpTimesS = List.copyOf(jumpTimesS);
    utterances = List.copyOf(utterances);
    if (!(entity instanceof CharacterSpec) && (!jumpTimesS.isEmpty() || !utterances.isEmpty())) {
      throw new IllegalArgumentException("only characters jump and speak");
    }
  }

  public boolean isCharacter() {
    return entity instanceof CharacterSpec;
  }
}
