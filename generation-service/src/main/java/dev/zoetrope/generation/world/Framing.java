package dev.zoetrope.generation.world;

/** How the camera frames a scene. */
public enum Framing {
  /** The whole 2 m wide world, floor at three quarters of the height. */
  WIDE,
  /** A close-up centred on the first actor (cameo recordings). */
  CLOSE_UP
}
