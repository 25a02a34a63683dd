package dev.zoetrope.generation.world;

import java.util.List;

/** Hand-built scenes for tests. */
final class Scenes {
  private Scenes() {}

  static Actor dropped(ObjectSpec o, double x, double bottomM, double releaseS) {
    return new Actor(o, Motion.DROP, x, bottomM, 0, releaseS, List.of(), 0, List.of());
  }

  static Actor rolling(ObjectSpec o, double x, double vx) {
    return new Actor(o, Motion.ROLL, x, 0, vx, 0, List.of(), 0, List.of());
  }

  static Scene of(Background bg, double durationS, Actor... actors) {
    return new Scene(42, SceneTemplate.DROP, bg, Framing.WIDE, durationS, List.of(actors));
  }

  static ObjectSpec ball(Material m, double radius) {
    return new ObjectSpec(ObjectKind.BALL, Colour.RED, m, radius);
  }
}
