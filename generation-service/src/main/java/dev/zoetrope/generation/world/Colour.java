package dev.zoetrope.generation.world;

/** The colours entities can have; {@link #word()} is how captions name them. */
public enum Colour {
  RED("red", new Rgb(0.90, 0.12, 0.10)),
  ORANGE("orange", new Rgb(1.00, 0.55, 0.05)),
  YELLOW("yellow", new Rgb(1.00, 0.90, 0.10)),
  GREEN("green", new Rgb(0.15, 0.80, 0.20)),
  BLUE("blue", new Rgb(0.15, 0.35, 1.00)),
  PURPLE("purple", new Rgb(0.60, 0.20, 0.85)),
  PINK("pink", new Rgb(1.00, 0.45, 0.75)),
  WHITE("white", new Rgb(0.97, 0.97, 0.97));

  private final String word;
  private final Rgb rgb;

  Colour(String word, Rgb rgb) {
    this.word = word;
    this.rgb = rgb;
  }

  public String word() {
    return word;
  }

  public Rgb rgb() {
    return rgb;
  }
}
