package dev.zoetrope.generation.world;

/** The marking on a character's body; captions say "with stripes" / "with dots". */
public enum Pattern {
  PLAIN(""),
  STRIPES("stripes"),
  DOTS("dots");

  private final String word;

  Pattern(String word) {
    this.word = word;
  }

  /** Empty for {@link #PLAIN}, which captions leave unsaid. */
  public String word() {
    return word;
  }
}
