package dev.zoetrope.generation.world;

/** How a character's eyes are drawn: part of its look for cameo fidelity, never captioned. */
public enum EyeStyle {
  /** Two black dots. */
  DOTS,
  /** White eyes with black pupils. */
  BIG
}
