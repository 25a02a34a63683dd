package dev.zoetrope.generation.world;

/**
 * Where one entity is drawn in one frame, in pixels of that frame (x right, y down, the top-left
 * pixel spans [0, 1)).
 *
 * @param mouthOpen for characters, whether the mouth is drawn open; always false for objects
 */
public record EntityFrame(
    double centreX,
    double centreY,
    double minX,
    double minY,
    double maxX,
    double maxY,
    boolean mouthOpen) {}
