package dev.zoetrope.generation.world;

/** A character's body outline. */
public enum BodyShape {
  ROUND("round"),
  SQUARE("square"),
  TRIANGLE("triangle");

  private final String word;

  BodyShape(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }
}
