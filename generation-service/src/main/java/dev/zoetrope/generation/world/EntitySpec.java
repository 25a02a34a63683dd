package dev.zoetrope.generation.world;

/** The look (and, for characters, the voice) of one thing in a scene. */
public sealed interface EntitySpec permits ObjectSpec, CharacterSpec {

  Colour colour();

  /** Half the width of the bounding box, metres. */
  double halfWidthM();

  /** Half the height of the bounding box, metres. */
  double halfHeightM();

  /** The caption's noun phrase without article, e.g. "red rubber ball". */
  String description();
}
