package dev.zoetrope.generation.world;

import java.util.List;

/**
 * The structures a scene can have: which entities take part and what each does. Actors are listed
 * objects first, then characters, and captions follow that order.
 */
public enum SceneTemplate {
  DROP(List.of(Motion.DROP)),
  ROLL(List.of(Motion.ROLL)),
  COLLIDE(List.of(Motion.COLLIDE, Motion.COLLIDE)),
  DROP_TWO(List.of(Motion.DROP, Motion.DROP)),
  SPEAK(List.of(Motion.SPEAK)),
  JUMP(List.of(Motion.JUMP)),
  JUMP_AND_SPEAK(List.of(Motion.JUMP_AND_SPEAK)),
  DIALOGUE(List.of(Motion.SPEAK, Motion.SPEAK)),
  DROP_WHILE_SPEAK(List.of(Motion.DROP, Motion.SPEAK)),
  ROLL_WHILE_SPEAK(List.of(Motion.ROLL, Motion.SPEAK)),
  DROP_WHILE_JUMP(List.of(Motion.DROP, Motion.JUMP)),
  COLLIDE_WHILE_SPEAK(List.of(Motion.COLLIDE, Motion.COLLIDE, Motion.SPEAK)),
  DROP_TWO_WHILE_SPEAK(List.of(Motion.DROP, Motion.DROP, Motion.SPEAK)),
  /** A character alone, close up, saying a few words: see {@link CameoRecording}. */
  CAMEO(List.of(Motion.SPEAK));

  private final List<Motion> roles;

  SceneTemplate(List<Motion> roles) {
    this.roles = roles;
  }

  /** The motion of each actor, in actor order. */
  public List<Motion> roles() {
    return roles;
  }

  public long objectCount() {
    return roles.stream().filter(m -> !isCharacterMotion(m)).count();
  }

  public long characterCount() {
    return roles.stream().filter(SceneTemplate::isCharacterMotion).count();
  }

  static boolean isCharacterMotion(Motion m) {
    return m == Motion.SPEAK || m == Motion.JUMP || m == Motion.JUMP_AND_SPEAK;
  }
}
