package dev.zoetrope.generation.world;

import java.util.List;

/**
 * What an evaluation can check about one entity, derived from the scene and its simulation.
 *
 * @param noun "ball", "block" or "character"
 * @param material null for characters
 * @param shape null for objects
 * @param pattern null for objects
 * @param bounces visible floor rebounds inside the clip
 * @param hitsWall whether it touches a side wall inside the clip
 * @param jumps take-offs inside the clip
 * @param words what it says, in order (empty for objects)
 */
public record EntityFacts(
    int index,
    String noun,
    Colour colour,
    Material material,
    BodyShape shape,
    Pattern pattern,
    Motion motion,
    int bounces,
    boolean hitsWall,
    int jumps,
    List<Word> words) {

  public EntityFacts {
    words = List.copyOf(words);
  }

  public boolean isCharacter() {
    return shape != null;
  }
}
