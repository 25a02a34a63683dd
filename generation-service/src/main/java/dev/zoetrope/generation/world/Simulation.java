package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.List;

/**
 * 2-D rigid-body physics of a scene: constant gravity, a floor at height 0, walls at both edges of
 * a {@link #WORLD_WIDTH_M} wide world, restitution per material, and 1-D collisions between objects
 * along the floor. Time advances in internal steps of {@link #STEP_S} (240 Hz); inside a step every
 * contact is solved exactly (free flight is a parabola), so contact times are exact, not rounded to
 * the step. Rolling and sliding friction is applied once per internal step. Characters do not
 * collide with anything but the floor.
 */
public final class Simulation {
  public static final double WORLD_WIDTH_M = 2.0;
  public static final double GRAVITY_MPS2 = 9.81;
  public static final double STEP_S = 1.0 / 240;

  /**
   * A floor rebound slower than this settles instead (its apex would be under 6 cm): it ends the
   * otherwise infinite series of ever smaller bounces, and every rebound that remains is visible.
   */
  public static final double REST_SPEED_MPS = 1.1;

  /** Walls give back this share of an object's own restitution. */
  static final double WALL_FACTOR = 0.9;

  /** Wall and object touches slower than this are not logged: they make no sound. */
  static final double MIN_LOGGED_SPEED_MPS = 0.05;

  /** A block slides with this many times its material's rolling deceleration. */
  static final double SLIDE_FACTOR = 2.5;

  /**
   * Horizontal speeds below this after a wall or object contact become zero (no endless chatter).
   */
  static final double STOP_SPEED_MPS = 0.02;

  private static final int MAX_EVENTS_PER_STEP = 256;

  /**
   * Positions of every entity at the requested times, plus every contact and jump over the whole
   * scene.
   *
   * @param states {@code [sample][entity]} = {x, y, angle}: centre in metres (y above the floor),
   *     rotation in radians (counter-clockwise)
   * @param takeOffsS jump take-off times per entity
   */
  public record Result(List<Contact> contacts, double[][][] states, List<List<Double>> takeOffsS) {}

  private Simulation() {}

  /** Simulates {@code scene} to its end; {@code sampleTimesS} must be ascending. */
  public static Result run(Scene scene, double[] sampleTimesS) {
    List<Body> bodies = new ArrayList<>();
    for (int i = 0; i < scene.actors().size(); i++) {
      bodies.add(new Body(i, scene.actors().get(i), scene.background()));
    }
    State s = new State(bodies);
    double[][][] states = new double[sampleTimesS.length][][];
    double end = scene.durationS();
    if (sampleTimesS.length > 0) {
      end = Math.max(end, sampleTimesS[sampleTimesS.length - 1]);
    }
    int next = 0;
    long step = 0;
    while (true) {
      while (next < sampleTimesS.length && sampleTimesS[next] <= s.t) {
        states[next++] = snapshot(bodies);
      }
      if (s.t >= end) {
        break;
      }
      double gridNext = (step + 1) * STEP_S;
      double target = Math.min(gridNext, end);
      if (next < sampleTimesS.length) {
        target = Math.min(target, sampleTimesS[next]);
      }
      s.advance(target);
      if (s.t >= gridNext) {
        for (Body b : bodies) {
          b.friction(STEP_S);
        }
        step++;
      }
    }
    List<Contact> contacts =
        s.contacts.stream().filter(c -> c.timeS() <= scene.durationS()).toList();
    List<List<Double>> takeOffs = new ArrayList<>();
    for (Body b : bodies) {
      takeOffs.add(b.takeOffs.stream().filter(t -> t <= scene.durationS()).toList());
    }
    return new Result(contacts, states, takeOffs);
  }

  private static double[][] snapshot(List<Body> bodies) {
    double[][] out = new double[bodies.size()][];
    for (Body b : bodies) {
      out[b.index] = new double[] {b.x, b.y, b.angle};
    }
    return out;
  }

  private static final class State {
    final List<Body> bodies;
    final List<Contact> contacts = new ArrayList<>();
    double t;

    State(List<Body> bodies) {
      this.bodies = bodies;
    }

    /** Moves time to {@code target}, resolving every event on the way in time order. */
    void advance(double target) {
      for (int guard = 0; guard < MAX_EVENTS_PER_STEP; guard++) {
        double span = target - t;
        Event e = earliest(span);
        if (e == null) {
          move(span);
          t = target;
          return;
        }
        move(e.tau);
        t = t + e.tau;
        e.resolve.run();
      }
      // Objects wedged against each other and a wall: stop them rather than chatter forever.
      for (Body b : bodies) {
        if (b.onFloor && !b.character) {
          b.vx = 0;
          b.spin = 0;
        }
      }
      move(target - t);
      t = target;
    }

    private void move(double tau) {
      if (tau <= 0) {
        return;
      }
      for (Body b : bodies) {
        b.move(tau);
      }
    }

    private Event earliest(double span) {
      Event best = null;
      for (Body b : bodies) {
        best = earlier(best, b.scheduled(t, span));
        best = earlier(best, floor(b, span));
        best = earlier(best, wall(b, span));
      }
      for (int i = 0; i < bodies.size(); i++) {
        for (int j = i + 1; j < bodies.size(); j++) {
          best = earlier(best, collision(bodies.get(i), bodies.get(j), span));
        }
      }
      return best;
    }

    private Event floor(Body b, double span) {
      if (b.held || b.onFloor) {
        return null;
      }
      double h = Math.max(0, b.y - b.halfH);
      double tau;
      if (h == 0 && b.vy <= 0) {
        tau = 0;
      } else {
        // Solve h + vy*tau - g*tau^2/2 = 0 for the descending root.
        tau = (b.vy + Math.sqrt(b.vy * b.vy + 2 * GRAVITY_MPS2 * h)) / GRAVITY_MPS2;
      }
      if (tau > span) {
        return null;
      }
      return new Event(tau, () -> landOnFloor(b));
    }

    private void landOnFloor(Body b) {
      double speed = Math.abs(b.vy);
      double rebound = b.restitution * speed;
      boolean rebounds = rebound >= REST_SPEED_MPS;
      b.y = b.halfH;
      if (rebounds) {
        b.vy = rebound;
      } else {
        b.vy = 0;
        b.onFloor = true;
      }
      // Friction at the contact grips a ball: it spins as if rolling from now on.
      b.spin = b.ball ? -b.vx / b.halfW : 0;
      contacts.add(new Contact(t, b.index, Contact.FLOOR, speed, b.material, null, rebounds));
    }

    private Event wall(Body b, double span) {
      if (b.held || b.character || b.vx == 0) {
        return null;
      }
      double tau = b.vx < 0 ? (b.x - b.halfW) / -b.vx : (WORLD_WIDTH_M - b.halfW - b.x) / b.vx;
      tau = Math.max(0, tau);
      if (tau > span) {
        return null;
      }
      return new Event(
          tau,
          () -> {
            double speed = Math.abs(b.vx);
            boolean leftWall = b.vx < 0;
            b.vx = stop(-b.vx * b.restitution * WALL_FACTOR);
            b.x = leftWall ? b.halfW : WORLD_WIDTH_M - b.halfW;
            if (b.onFloor && b.ball) {
              b.spin = -b.vx / b.halfW;
            }
            if (speed >= MIN_LOGGED_SPEED_MPS) {
              contacts.add(new Contact(t, b.index, Contact.WALL, speed, b.material, null, true));
            }
          });
    }

    private Event collision(Body a, Body b, double span) {
      if (a.character || b.character || a.held || b.held) {
        return null;
      }
      if (Math.abs(a.y - b.y) >= a.halfH + b.halfH) {
        return null;
      }
      Body left = a.x <= b.x ? a : b;
      Body right = left == a ? b : a;
      double closing = left.vx - right.vx;
      if (closing <= 0) {
        return null;
      }
      double gap = (right.x - left.x) - (left.halfW + right.halfW);
      double tau = Math.max(0, gap) / closing;
      if (tau > span) {
        return null;
      }
      return new Event(
          tau,
          () -> {
            double m1 = left.mass;
            double m2 = right.mass;
            double u1 = left.vx;
            double u2 = right.vx;
            // Slow touches (one pushing the other) are resting contact: no bounce, no sound.
            boolean audible = u1 - u2 >= MIN_LOGGED_SPEED_MPS;
            double e = audible ? Math.min(left.restitution, right.restitution) : 0;
            double p = m1 * u1 + m2 * u2;
            left.vx = stop((p - m2 * e * (u1 - u2)) / (m1 + m2));
            right.vx = stop((p + m1 * e * (u1 - u2)) / (m1 + m2));
            for (Body x : List.of(left, right)) {
              if (x.onFloor && x.ball) {
                x.spin = -x.vx / x.halfW;
              }
            }
            if (!audible) {
              return;
            }
            Body first = a.index < b.index ? a : b;
            Body second = first == a ? b : a;
            contacts.add(
                new Contact(
                    t, first.index, second.index, u1 - u2, first.material, second.material, true));
          });
    }

    private static double stop(double vx) {
      return Math.abs(vx) < STOP_SPEED_MPS ? 0 : vx;
    }

    private static Event earlier(Event a, Event b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      return b.tau < a.tau ? b : a;
    }
  }

  private record Event(double tau, Runnable resolve) {}

  private static final class Body {
    final int index;
    final boolean character;
    final boolean ball;
    final double halfW;
    final double halfH;
    final double restitution;
    final double decel;
    final double mass;
    final Material material;
    final double releaseS;
    final List<Double> jumps;
    final double jumpSpeed;
    final List<Double> takeOffs = new ArrayList<>();
    int nextJump;
    double x;
    double y;
    double vx;
    double vy;
    double angle;
    double spin;
    boolean held;
    boolean onFloor;

    Body(int index, Actor actor, Background floor) {
      this.index = index;
      EntitySpec e = actor.entity();
      this.halfW = e.halfWidthM();
      this.halfH = e.halfHeightM();
      this.x = actor.x();
      this.y = actor.bottomM() + halfH;
      this.vx = actor.vxMps();
      this.releaseS = actor.releaseS();
      this.jumps = actor.jumpTimesS();
      this.jumpSpeed = actor.jumpSpeedMps();
      if (e instanceof ObjectSpec o) {
        this.character = false;
        this.ball = o.kind() == ObjectKind.BALL;
        this.restitution = o.restitution(floor);
        this.decel = o.material().rollDecelMps2() * (ball ? 1 : SLIDE_FACTOR);
        this.mass = o.mass();
        this.material = o.material();
      } else {
        this.character = true;
        this.ball = false;
        this.restitution = 0;
        this.decel = 0;
        this.mass = 1;
        this.material = null;
      }
      this.onFloor = actor.bottomM() <= 0;
      this.held = !onFloor && actor.releaseS() > 0;
      this.spin = onFloor && ball ? -vx / halfW : 0;
    }

    /** Release or take-off due within {@code span} of {@code now}. */
    Event scheduled(double now, double span) {
      if (held) {
        double tau = Math.max(0, releaseS - now);
        return tau <= span ? new Event(tau, () -> held = false) : null;
      }
      if (nextJump < jumps.size()) {
        double tau = Math.max(0, jumps.get(nextJump) - now);
        if (tau <= span) {
          return new Event(
              tau,
              () -> {
                nextJump++;
                if (onFloor) {
                  onFloor = false;
                  vy = jumpSpeed;
                  takeOffs.add(now + tau);
                }
              });
        }
      }
      return null;
    }

    void move(double tau) {
      if (held) {
        return;
      }
      x += vx * tau;
      if (onFloor) {
        angle += (ball ? -vx / halfW : 0) * tau;
        return;
      }
      y += vy * tau - 0.5 * GRAVITY_MPS2 * tau * tau;
      vy -= GRAVITY_MPS2 * tau;
      angle += spin * tau;
    }

    void friction(double dt) {
      if (!onFloor || held || vx == 0) {
        return;
      }
      double dv = decel * dt;
      vx = Math.abs(vx) <= dv ? 0 : vx - Math.signum(vx) * dv;
      if (ball) {
        spin = -vx / halfW;
      }
    }
  }
}
