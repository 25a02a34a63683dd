package dev.zoetrope.generation.world;

/** What an entity does in a scene (the verb of its caption clause). */
public enum Motion {
  /** Released from a height: falls and bounces until it settles. */
  DROP,
  /** Starts on the floor with a horizontal speed: rolls (ball) or slides (block). */
  ROLL,
  /** Rolls or slides into another object. */
  COLLIDE,
  /** A character says a word. */
  SPEAK,
  /** A character jumps one or more times. */
  JUMP,
  /** A character jumps once and says a word. */
  JUMP_AND_SPEAK
}
