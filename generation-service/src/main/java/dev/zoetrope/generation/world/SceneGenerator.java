package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Draws scenes from seeds: the same seed (and template, duration and subject) always gives the same
 * scene. Entities in one scene have distinct colours, none of which vanish against the background.
 * A drawn scene is simulated once and redrawn (from a forked stream, still deterministic) until its
 * template's event actually happens inside the clip: every drop lands, every collision collides.
 */
public final class SceneGenerator {
  public static final double DEFAULT_DURATION_S = 4;

  /** Templates drawn by {@link #generate(long, double)}; {@link SceneTemplate#CAMEO} is not. */
  public static final List<SceneTemplate> SCENE_TEMPLATES =
      List.of(SceneTemplate.values()).stream().filter(t -> t != SceneTemplate.CAMEO).toList();

  private static final List<Background> SCENE_BACKGROUNDS =
      List.of(Background.WOODEN_FLOOR, Background.GRASS, Background.TILES, Background.NIGHT_SKY);
  private static final int MAX_ATTEMPTS = 32;

  private SceneGenerator() {}

  public static Scene generate(long seed) {
    return generate(seed, DEFAULT_DURATION_S);
  }

  public static Scene generate(long seed, double durationS) {
    SceneTemplate template = new Rng(seed).fork(0x7E3L).pick(SCENE_TEMPLATES);
    return generate(seed, template, durationS, Optional.empty());
  }

  /**
   * @param subject when present and the template has a character, the first character is this one
   *     (subject-conditioned training: the same identity as a cameo recording)
   */
  public static Scene generate(
      long seed, SceneTemplate template, double durationS, Optional<CharacterSpec> subject) {
    if (template == SceneTemplate.CAMEO) {
      throw new IllegalArgumentException("cameo scenes come from CameoRecording");
    }
    Rng root = new Rng(seed);
    Scene last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      last = draw(seed, template, durationS, subject, root.fork(attempt));
      if (eventsHappen(last)) {
        return last;
      }
    }
    throw new IllegalStateException(
        "no valid " + template + " scene for seed " + seed + " in " + durationS + " s");
  }

  private static Scene draw(
      long seed, SceneTemplate template, double d, Optional<CharacterSpec> subject, Rng rng) {
    List<Background> backgrounds =
        subject
            .filter(s -> template.characterCount() > 0)
            .map(s -> SCENE_BACKGROUNDS.stream().filter(b -> !b.clashesWith(s.colour())).toList())
            .orElse(SCENE_BACKGROUNDS);
    Background bg = rng.pick(backgrounds);
    List<Colour> free = new ArrayList<>();
    for (Colour c : Colour.values()) {
      if (!bg.clashesWith(c)) {
        free.add(c);
      }
    }
    subject.ifPresent(s -> free.remove(s.colour()));

    List<Motion> roles = template.roles();
    int objects = (int) template.objectCount();
    boolean characterSide = rng.chance(0.5);
    // Layout: characters stand to one side, objects use the rest of the width.
    double charX = characterSide ? 0.42 : WIDTH - 0.42;
    double objLo = characterSide ? 0.85 : 0.2;
    double objHi = characterSide ? WIDTH - 0.2 : WIDTH - 0.85;
    if (template.characterCount() == 0) {
      objLo = 0.2;
      objHi = WIDTH - 0.2;
    }

    List<Actor> actors = new ArrayList<>();
    List<Motion> objectRoles = roles.subList(0, objects);
    List<Motion> characterRoles = roles.subList(objects, roles.size());

    if (!objectRoles.isEmpty()) {
      Motion m = objectRoles.get(0);
      List<ObjectSpec> specs = new ArrayList<>();
      for (int i = 0; i < objectRoles.size(); i++) {
        ObjectKind kind = rng.chance(0.65) ? ObjectKind.BALL : ObjectKind.BLOCK;
        specs.add(ObjectSpec.random(rng, kind, takeColour(free, rng)));
      }
      switch (m) {
        case DROP -> {
          if (specs.size() == 1) {
            boolean alone = template.characterCount() == 0;
            actors.add(drop(specs.get(0), rng.range(objLo + 0.25, objHi - 0.25), alone, d, rng));
          } else {
            double mid = (objLo + objHi) / 2;
            double quarter = (objHi - objLo) / 4;
            actors.add(drop(specs.get(0), objLo + quarter + rng.signed() * 0.08, false, d, rng));
            actors.add(drop(specs.get(1), mid + quarter + rng.signed() * 0.08, false, d, rng));
          }
        }
        case ROLL -> {
          ObjectSpec o = specs.get(0);
          boolean rightward = rng.chance(0.5);
          double x = rightward ? objLo + o.sizeM() + 0.05 : objHi - o.sizeM() - 0.05;
          double v = rng.range(0.9, 2.4) * (rightward ? 1 : -1);
          actors.add(new Actor(o, Motion.ROLL, x, 0, v, 0, List.of(), 0, List.of()));
        }
        case COLLIDE -> {
          ObjectSpec a = specs.get(0);
          ObjectSpec b = specs.get(1);
          // Colliding objects need the room: they may start in front of a character.
          double lo = template.characterCount() == 0 ? 0.15 : (characterSide ? 0.55 : 0.15);
          double hi =
              template.characterCount() == 0
                  ? WIDTH - 0.15
                  : (characterSide ? WIDTH - 0.15 : WIDTH - 0.55);
          double va = rng.range(0.6, 1.5);
          double vb = rng.chance(0.3) ? 0 : -rng.range(0.3, 1.1);
          boolean mirror = rng.chance(0.5);
          Actor left =
              new Actor(a, Motion.COLLIDE, lo + a.sizeM(), 0, va, 0, List.of(), 0, List.of());
          Actor right =
              new Actor(b, Motion.COLLIDE, hi - b.sizeM(), 0, vb, 0, List.of(), 0, List.of());
          if (mirror) {
            left = new Actor(a, Motion.COLLIDE, hi - a.sizeM(), 0, -va, 0, List.of(), 0, List.of());
            right =
                new Actor(b, Motion.COLLIDE, lo + b.sizeM(), 0, -vb, 0, List.of(), 0, List.of());
          }
          actors.add(left);
          actors.add(right);
        }
        default -> throw new IllegalStateException("not an object motion: " + m);
      }
    }

    for (int i = 0; i < characterRoles.size(); i++) {
      Motion m = characterRoles.get(i);
      CharacterSpec c =
          i == 0 && subject.isPresent()
              ? subject.get()
              : CharacterSpec.random(rng.fork(100 + i), takeColour(free, rng));
      double x;
      if (characterRoles.size() == 2) {
        x = (i == 0 ? 0.5 : WIDTH - 0.5) + rng.signed() * 0.08;
      } else if (objects == 0) {
        x = WIDTH / 2 + rng.signed() * 0.35;
      } else {
        x = charX + rng.signed() * 0.03;
      }
      actors.add(character(c, m, x, characterRoles.size() == 2, actors, d, rng));
    }
    return new Scene(seed, template, bg, Framing.WIDE, d, actors);
  }

  private static final double WIDTH = Simulation.WORLD_WIDTH_M;

  private static Colour takeColour(List<Colour> free, Rng rng) {
    return free.remove(rng.nextInt(free.size()));
  }

  private static Actor drop(ObjectSpec o, double x, boolean drift, double d, Rng rng) {
    double maxBottom = 1.42 - 2 * o.sizeM();
    double bottom = rng.range(0.45, maxBottom);
    double release = rng.range(0, Math.min(0.5, d * 0.12));
    double vx = drift ? rng.signed() * 0.2 : 0;
    return new Actor(o, Motion.DROP, x, bottom, vx, release, List.of(), 0, List.of());
  }

  private static Actor character(
      CharacterSpec c,
      Motion m,
      double x,
      boolean dialogue,
      List<Actor> before,
      double d,
      Rng rng) {
    List<Double> jumps = new ArrayList<>();
    double jumpSpeed = rng.range(2.4, 3.1);
    double flight = 2 * jumpSpeed / Simulation.GRAVITY_MPS2;
    if (m == Motion.JUMP || m == Motion.JUMP_AND_SPEAK) {
      int wanted = m == Motion.JUMP ? rng.between(1, 3) : 1;
      double t = rng.range(0.2, Math.min(0.8, d - flight - 0.3));
      while (jumps.size() < wanted && t + flight <= d - 0.15) {
        jumps.add(t);
        t += flight + rng.range(0.15, 0.6);
      }
    }
    List<Utterance> says = new ArrayList<>();
    if (m == Motion.SPEAK || m == Motion.JUMP_AND_SPEAK) {
      Word w = rng.pick(List.of(Word.values()));
      double earliest = 0.2;
      // The second speaker of a dialogue answers after the first has finished.
      for (Actor a : before) {
        for (Utterance u : a.utterances()) {
          earliest = Math.max(earliest, u.endS() + rng.range(0.15, 0.4));
        }
      }
      double latest = d - w.durationS() - 0.15;
      if (dialogue && before.stream().noneMatch(Actor::isCharacter)) {
        // Leave room for a possible answer.
        latest = Math.min(latest, Math.max(earliest, d / 2 - 0.3));
      }
      says.add(new Utterance(w, rng.range(earliest, Math.max(earliest, latest))));
    }
    return new Actor(c, m, x, 0, 0, 0, jumps, jumpSpeed, says);
  }

  /** The template's defining event happens inside the clip. */
  static boolean eventsHappen(Scene scene) {
    Simulation.Result r = Simulation.run(scene, new double[0]);
    double deadline = scene.durationS() - 0.3;
    Set<Motion> present = EnumSet.noneOf(Motion.class);
    for (int i = 0; i < scene.actors().size(); i++) {
      Actor a = scene.actors().get(i);
      present.add(a.motion());
      int index = i;
      if (a.motion() == Motion.DROP
          && r.contacts().stream()
              .noneMatch(c -> c.entity() == index && c.onFloor() && c.timeS() <= deadline)) {
        return false;
      }
      if ((a.motion() == Motion.JUMP || a.motion() == Motion.JUMP_AND_SPEAK)
          && r.takeOffsS().get(i).isEmpty()) {
        return false;
      }
      for (Utterance u : a.utterances()) {
        if (u.endS() > scene.durationS() - 0.05) {
          return false;
        }
      }
    }
    if (present.contains(Motion.COLLIDE)) {
      // Not in the first moments either: the approach should be visible.
      return r.contacts().stream()
          .filter(c -> c.other() >= 0)
          .findFirst()
          .filter(c -> c.timeS() >= 0.35 && c.timeS() <= deadline)
          .isPresent();
    }
    return true;
  }
}
