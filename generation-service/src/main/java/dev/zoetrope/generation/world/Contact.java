package dev.zoetrope.generation.world;

/**
 * One impact, at the exact time the simulation found it (solved within the internal step, not
 * rounded to it).
 *
 * @param timeS seconds from the clip start
 * @param entity index of the entity (actor order); for a collision, the lower index
 * @param other {@link #FLOOR}, {@link #WALL}, or the other entity's index
 * @param speedMps impact speed: vertical speed on the floor, horizontal on a wall, relative speed
 *     between two objects
 * @param material the entity's material, or null for a character landing
 * @param otherMaterial the other object's material in a collision, else null
 * @param rebounds true when the entity leaves the surface again (a visible bounce); false when it
 *     settles, lands or keeps rolling
 */
public record Contact(
    double timeS,
    int entity,
    int other,
    double speedMps,
    Material material,
    Material otherMaterial,
    boolean rebounds) {

  public static final int FLOOR = -1;
  public static final int WALL = -2;

  public boolean onFloor() {
    return other == FLOOR;
  }
}
