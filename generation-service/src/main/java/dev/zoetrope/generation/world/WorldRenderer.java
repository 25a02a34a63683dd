package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a scene to frames, soundtrack, caption and ground truth. Shapes are drawn from signed
 * distance functions with analytic anti-aliasing (coverage from the distance to the edge in
 * pixels), so even 32×32 frames show smooth motion; the static background is supersampled once per
 * clip. Frame {@code j} shows the world at {@code (j + 0.5) / fps} (see {@link EventLog}).
 *
 * <p>Draw order: background, shadows, characters, objects (objects pass in front of characters).
 */
public final class WorldRenderer {
  private static final double LX = -0.45;
  private static final double LY = 0.55;
  private static final double LZ = 0.70;
  private static final Rgb WHITE = new Rgb(1, 1, 1);
  private static final Rgb INK = new Rgb(0.05, 0.05, 0.07);
  private static final Rgb MOUTH = new Rgb(0.35, 0.03, 0.06);

  private WorldRenderer() {}

  public static WorldClip render(Scene scene, RenderSettings settings) {
    return renderMasked(scene, settings).clip();
  }

  /**
   * A rendered clip and its foreground mask, {@code [frame][y][x]}: 1 where a character or object
   * (not a shadow) changed the pixel, else 0. Training weights its loss with it.
   */
  public record Masked(WorldClip clip, float[] foreground) {}

  /** {@link #render}, also recording which pixels the characters and objects drew. */
  public static Masked renderMasked(Scene scene, RenderSettings settings) {
    int w = settings.width();
    int h = settings.height();
    int frames = settings.frameCount(scene.durationS());
    double[] times = new double[frames];
    for (int j = 0; j < frames; j++) {
      times[j] = (j + 0.5) / settings.fps();
    }
    Simulation.Result sim = Simulation.run(scene, times);
    List<SpeechInterval> speech = speech(scene);
    Camera cam = Camera.of(scene, w, h);
    float[] background = background(scene.background(), cam, w, h);
    float[] data = new float[frames * h * w * 3];
    float[] foreground = new float[frames * h * w];
    float[] beneath = new float[h * w * 3];
    List<List<EntityFrame>> placed = new ArrayList<>();
    List<Actor> actors = scene.actors();
    for (int j = 0; j < frames; j++) {
      Canvas canvas = new Canvas(data, j * h * w * 3, w, h, cam);
      System.arraycopy(background, 0, data, canvas.base, background.length);
      double[][] state = sim.states()[j];
      for (int i = 0; i < actors.size(); i++) {
        shadow(canvas, actors.get(i).entity(), state[i]);
      }
      System.arraycopy(data, canvas.base, beneath, 0, beneath.length);
      List<EntityFrame> row = new ArrayList<>();
      boolean[] open = new boolean[actors.size()];
      for (int i = 0; i < actors.size(); i++) {
        int index = i;
        double t = times[j];
        open[i] = speech.stream().anyMatch(s -> s.entity() == index && s.contains(t));
      }
      for (int i = 0; i < actors.size(); i++) {
        if (actors.get(i).entity() instanceof CharacterSpec c) {
          character(canvas, c, state[i], open[i]);
        }
      }
      for (int i = 0; i < actors.size(); i++) {
        if (actors.get(i).entity() instanceof ObjectSpec o) {
          object(canvas, o, state[i]);
        }
      }
      for (int p = 0; p < h * w; p++) {
        int c = canvas.base + p * 3;
        if (data[c] != beneath[p * 3]
            || data[c + 1] != beneath[p * 3 + 1]
            || data[c + 2] != beneath[p * 3 + 2]) {
          foreground[j * h * w + p] = 1;
        }
      }
      for (int i = 0; i < actors.size(); i++) {
        EntitySpec e = actors.get(i).entity();
        double[] s = state[i];
        row.add(
            new EntityFrame(
                cam.px(s[0]),
                cam.py(s[1]),
                cam.px(s[0] - e.halfWidthM()),
                cam.py(s[1] + e.halfHeightM()),
                cam.px(s[0] + e.halfWidthM()),
                cam.py(s[1] - e.halfHeightM()),
                open[i]));
      }
      placed.add(row);
    }
    float[] audio = Soundtrack.synthesize(scene, sim.contacts(), speech);
    SceneFacts facts = SceneFacts.of(scene, sim);
    String caption = Captions.caption(scene, facts);
    EventLog log =
        new EventLog(
            w, h, settings.fps(), scene.durationS(), sim.contacts(), speech, placed, facts);
    return new Masked(
        new WorldClip(
            scene, caption, new VideoFrames(frames, h, w, settings.fps(), data), audio, log),
        foreground);
  }

  /** Every voiced syllable of the scene, in time order. */
  static List<SpeechInterval> speech(Scene scene) {
    List<SpeechInterval> out = new ArrayList<>();
    for (int i = 0; i < scene.actors().size(); i++) {
      for (Utterance u : scene.actors().get(i).utterances()) {
        List<double[]> intervals = u.syllableIntervals();
        for (int k = 0; k < intervals.size(); k++) {
          double[] iv = intervals.get(k);
          double end = Math.min(iv[1], scene.durationS());
          if (iv[0] < end) {
            out.add(new SpeechInterval(i, iv[0], end, u.word(), k));
          }
        }
      }
    }
    out.sort((a, b) -> Double.compare(a.startS(), b.startS()));
    return out;
  }

  /** One frame of the output array, with blending in world coordinates. */
  private static final class Canvas {
    final float[] data;
    final int base;
    final int w;
    final int h;
    final Camera cam;

    Canvas(float[] data, int base, int w, int h, Camera cam) {
      this.data = data;
      this.base = base;
      this.w = w;
      this.h = h;
      this.cam = cam;
    }

    void blend(int x, int y, Rgb c, double alpha) {
      if (alpha <= 0) {
        return;
      }
      int i = base + (y * w + x) * 3;
      float a = (float) Math.min(1, alpha);
      data[i] += (float) ((c.r() - data[i]) * a);
      data[i + 1] += (float) ((c.g() - data[i + 1]) * a);
      data[i + 2] += (float) ((c.b() - data[i + 2]) * a);
    }

    Rgb get(int x, int y) {
      int i = base + (y * w + x) * 3;
      return new Rgb(data[i], data[i + 1], data[i + 2]);
    }

    int x0(double wx) {
      return Math.max(0, (int) Math.floor(cam.px(wx)) - 1);
    }

    int x1(double wx) {
      return Math.min(w - 1, (int) Math.ceil(cam.px(wx)) + 1);
    }

    int y0(double wy) {
      return Math.max(0, (int) Math.floor(cam.py(wy)) - 1);
    }

    int y1(double wy) {
      return Math.min(h - 1, (int) Math.ceil(cam.py(wy)) + 1);
    }

    /** Coverage of a pixel by a shape at signed distance {@code d} metres from its edge. */
    double coverage(double d) {
      double c = 0.5 - d * cam.pxPerM();
      return c < 0 ? 0 : (c > 1 ? 1 : c);
    }
  }

  private static void shadow(Canvas cv, EntitySpec e, double[] s) {
    double height = s[1] - e.halfHeightM();
    double fade = Math.min(1, Math.max(0, height) / 1.5);
    double rx = e.halfWidthM() * (1.1 - 0.4 * fade);
    double ry = 0.035;
    double alpha = 0.45 * (1 - 0.8 * fade);
    double cy = -0.025;
    for (int y = cv.y0(cy + ry); y <= cv.y1(cy - ry); y++) {
      double wy = cv.cam.wy(y + 0.5);
      if (wy > 0) {
        continue;
      }
      for (int x = cv.x0(s[0] - rx); x <= cv.x1(s[0] + rx); x++) {
        double dx = (cv.cam.wx(x + 0.5) - s[0]) / rx;
        double dy = (wy - cy) / ry;
        double r = Math.sqrt(dx * dx + dy * dy);
        double a = alpha * Math.min(1, Math.max(0, (1 - r) * 2.5));
        cv.blend(x, y, INK, a);
      }
    }
  }

  private static void object(Canvas cv, ObjectSpec o, double[] s) {
    double r = o.sizeM();
    Material m = o.material();
    Rgb base = o.colour().rgb();
    double cosA = StrictMath.cos(s[2]);
    double sinA = StrictMath.sin(s[2]);
    for (int y = cv.y0(s[1] + r); y <= cv.y1(s[1] - r); y++) {
      double dy = cv.cam.wy(y + 0.5) - s[1];
      for (int x = cv.x0(s[0] - r); x <= cv.x1(s[0] + r); x++) {
        double dx = cv.cam.wx(x + 0.5) - s[0];
        double d;
        Rgb c;
        double alpha = m.alpha();
        if (o.kind() == ObjectKind.BALL) {
          d = Math.sqrt(dx * dx + dy * dy) - r;
          double nx = dx / r;
          double ny = dy / r;
          double nz = Math.sqrt(Math.max(0, 1 - nx * nx - ny * ny));
          double lambert = Math.max(0, nx * LX + ny * LY + nz * LZ);
          c = base.scale(0.5 + 0.55 * lambert);
          // Body-fixed coordinates: texture and the spot turn with the ball.
          double u = dx * cosA + dy * sinA;
          double v = -dx * sinA + dy * cosA;
          if (m == Material.WOOD && frac(v / (0.45 * r)) < 0.3) {
            c = c.scale(0.78);
          }
          double sx = u - 0.5 * r;
          if (sx * sx + v * v < 0.09 * r * r) {
            c = c.scale(0.5);
          }
          double spec = specular(nx, ny, nz);
          c = c.mix(WHITE, Math.min(1, m.shine() * spec + 0.15 * spec));
          if (m == Material.GLASS) {
            alpha = 0.45 + 0.45 * (1 - nz);
          }
        } else {
          d = roundedBox(dx, dy, r, r, 0.15 * r);
          c = base.scale(0.82 + 0.18 * dy / r - 0.05 * dx / r);
          if (m == Material.WOOD && frac((dy + r) / (0.45 * r)) < 0.25) {
            c = c.scale(0.8);
          }
          if (m.shine() > 0.5) {
            // A soft diagonal glint: soft so it does not shimmer as the block moves.
            double glint = Math.max(0, 1 - Math.abs(dx + dy - 0.3 * r) / (0.35 * r));
            c = c.mix(WHITE, 0.45 * m.shine() * glint);
          }
          if (d > -0.12 * r) {
            c = c.scale(0.75);
          }
          if (m == Material.GLASS) {
            alpha = d > -0.2 * r ? 0.85 : 0.5;
          }
        }
        cv.blend(x, y, c, alpha * cv.coverage(d));
      }
    }
  }

  private static void character(Canvas cv, CharacterSpec ch, double[] s, boolean mouthOpen) {
    double hh = ch.halfHeightM();
    double hw = ch.halfWidthM();
    Rgb base = ch.colour().rgb();
    double px = 1 / cv.cam.pxPerM();
    Face face = Face.of(ch.shape());
    double eyeX = face.eyeX * hh;
    double eyeY = face.eyeY * hh;
    double mouthY = face.mouthY * hh;
    for (int y = cv.y0(s[1] + hh); y <= cv.y1(s[1] - hh); y++) {
      double dy = cv.cam.wy(y + 0.5) - s[1];
      for (int x = cv.x0(s[0] - hw); x <= cv.x1(s[0] + hw); x++) {
        double dx = cv.cam.wx(x + 0.5) - s[0];
        double d = body(ch.shape(), dx, dy, hh);
        double cov = cv.coverage(d);
        if (cov <= 0) {
          continue;
        }
        Rgb c = base.scale(0.88 + 0.15 * dy / hh);
        switch (ch.pattern()) {
          case STRIPES -> {
            if (frac(dx / (0.5 * hh) + 0.25) < 0.5) {
              c = c.scale(0.62);
            }
          }
          case DOTS -> {
            double gx = dx / (0.55 * hh);
            double gy = dy / (0.55 * hh);
            double ox = (gx - Math.floor(gx) - 0.5) * 0.55 * hh;
            double oy = (gy - Math.floor(gy) - 0.5) * 0.55 * hh;
            double dd = Math.sqrt(ox * ox + oy * oy) - 0.15 * hh;
            c = c.mix(WHITE, 0.65 * cv.coverage(dd));
          }
          case PLAIN -> {}
        }
        // A dark rim keeps the outline readable at 32 px.
        c = c.scale(1 - 0.35 * Math.max(0, Math.min(1, d / px + 1.2)));
        Rgb out = cv.get(x, y).mix(c, cov);
        for (int side = -1; side <= 1; side += 2) {
          double ex = dx - side * eyeX;
          double ey = dy - eyeY;
          double er = Math.sqrt(ex * ex + ey * ey);
          if (ch.eyes() == EyeStyle.BIG) {
            out = out.mix(WHITE, cv.coverage(er - Math.max(0.2 * hh, 0.7 * px)));
            out = out.mix(INK, cv.coverage(er - Math.max(0.1 * hh, 0.45 * px)));
          } else {
            out = out.mix(INK, cv.coverage(er - Math.max(0.12 * hh, 0.55 * px)));
          }
        }
        double my = dy - mouthY;
        if (mouthOpen) {
          double rx = Math.max(0.24 * hh, 1.1 * px);
          double ry = Math.max(0.2 * hh, 0.9 * px);
          double dm = (Math.sqrt((dx / rx) * (dx / rx) + (my / ry) * (my / ry)) - 1) * ry;
          out = out.mix(MOUTH, cv.coverage(dm));
        } else {
          double half = Math.max(0.22 * hh, 1.0 * px);
          double cx = Math.max(-half, Math.min(half, dx));
          double dm = Math.sqrt((dx - cx) * (dx - cx) + my * my) - Math.max(0.04 * hh, 0.3 * px);
          out = out.mix(INK, 0.85 * cv.coverage(dm));
        }
        cv.blend(x, y, out, 1);
      }
    }
  }

  /** Where the face sits on each body, in half-heights from the body centre. */
  private record Face(double eyeX, double eyeY, double mouthY) {
    static Face of(BodyShape shape) {
      return switch (shape) {
        case ROUND -> new Face(0.36, 0.22, -0.36);
        case SQUARE -> new Face(0.38, 0.28, -0.36);
        case TRIANGLE -> new Face(0.27, -0.12, -0.58);
      };
    }
  }

  private static double body(BodyShape shape, double dx, double dy, double hh) {
    return switch (shape) {
      case ROUND -> Math.sqrt(dx * dx + dy * dy) - hh;
      case SQUARE -> roundedBox(dx, dy, 0.9 * hh, hh, 0.25 * hh);
      case TRIANGLE -> triangle(dx, dy, 1.1 * hh, hh);
    };
  }

  /** Signed distance to an isosceles triangle, apex up at (0, h), base from (±b, -h). */
  private static double triangle(double px, double py, double b, double h) {
    double[][] v = {{0, h}, {b, -h}, {-b, -h}};
    double best = Double.MAX_VALUE;
    double sign = 1;
    for (int i = 0; i < 3; i++) {
      double[] a = v[i];
      double[] c = v[(i + 1) % 3];
      double ex = c[0] - a[0];
      double ey = c[1] - a[1];
      double wx = px - a[0];
      double wy = py - a[1];
      double t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
      double qx = wx - ex * t;
      double qy = wy - ey * t;
      best = Math.min(best, qx * qx + qy * qy);
    }
    // Inside when on the same side of every (clockwise) edge.
    boolean inside = true;
    for (int i = 0; i < 3; i++) {
      double[] a = v[i];
      double[] c = v[(i + 1) % 3];
      double cross = (c[0] - a[0]) * (py - a[1]) - (c[1] - a[1]) * (px - a[0]);
      if (cross > 0) {
        inside = false;
      }
    }
    if (inside) {
      sign = -1;
    }
    return sign * Math.sqrt(best);
  }

  private static double roundedBox(double px, double py, double bx, double by, double round) {
    double qx = Math.abs(px) - bx + round;
    double qy = Math.abs(py) - by + round;
    double ox = Math.max(qx, 0);
    double oy = Math.max(qy, 0);
    return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - round;
  }

  private static double specular(double nx, double ny, double nz) {
    // Blinn half-vector between the light and the viewer (0, 0, 1).
    double hx = LX;
    double hy = LY;
    double hz = LZ + 1;
    double len = Math.sqrt(hx * hx + hy * hy + hz * hz);
    double dot = Math.max(0, (nx * hx + ny * hy + nz * hz) / len);
    double p = dot * dot;
    p *= p;
    p *= p;
    p *= p;
    return p * dot * dot * dot * dot * dot * dot * dot * dot;
  }

  private static double frac(double v) {
    return v - Math.floor(v);
  }

  // ---- background ----

  /**
   * The empty backdrop of {@code bg} as every wide-framed scene shows it, layout {@code
   * [y][x][channel]} in [0, 1]: what frame-only detectors subtract to find the objects.
   */
  public static float[] backdrop(Background bg, int w, int h) {
    double scale = w / Simulation.WORLD_WIDTH_M;
    return background(bg, new Camera(scale, 0, 0.75 * h / scale), w, h);
  }

  private static float[] background(Background bg, Camera cam, int w, int h) {
    float[] out = new float[w * h * 3];
    int ss = 3;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double r = 0;
        double g = 0;
        double b = 0;
        for (int sy = 0; sy < ss; sy++) {
          for (int sx = 0; sx < ss; sx++) {
            Rgb c = backdrop(bg, cam.wx(x + (sx + 0.5) / ss), cam.wy(y + (sy + 0.5) / ss));
            r += c.r();
            g += c.g();
            b += c.b();
          }
        }
        int i = (y * w + x) * 3;
        out[i] = (float) (r / (ss * ss));
        out[i + 1] = (float) (g / (ss * ss));
        out[i + 2] = (float) (b / (ss * ss));
      }
    }
    return out;
  }

  private static Rgb backdrop(Background bg, double wx, double wy) {
    if (wy >= 0) {
      Rgb c = bg.skyHorizon().mix(bg.skyTop(), Math.min(1, wy / 1.5));
      switch (bg) {
        case WOODEN_FLOOR -> {
          if (wy < 0.07) {
            return bg.floorDark().scale(0.9);
          }
          if (frac(wx / 0.25) < 0.5) {
            c = c.scale(0.96);
          }
        }
        case TILES -> {
          if (frac(wx / 0.3) < 0.05 || frac(wy / 0.3) < 0.05) {
            c = c.scale(0.9);
          }
        }
        case NIGHT_SKY -> {
          double mx = wx - 1.62;
          double my = wy - 1.18;
          if (mx * mx + my * my < 0.1 * 0.1) {
            return new Rgb(0.95, 0.92, 0.72);
          }
          long ix = (long) Math.floor(wx / 0.11);
          long iy = (long) Math.floor(wy / 0.11);
          long cell = Rng.hash(ix * 73_856_093L ^ iy * 19_349_663L, 0x57A5L);
          if (Rng.unit(cell) < 0.3) {
            double sx = (ix + 0.2 + 0.6 * Rng.unit(Rng.hash(cell, 1))) * 0.11;
            double sy = (iy + 0.2 + 0.6 * Rng.unit(Rng.hash(cell, 2))) * 0.11;
            double ddx = wx - sx;
            double ddy = wy - sy;
            if (ddx * ddx + ddy * ddy < 0.014 * 0.014) {
              return new Rgb(0.95, 0.95, 0.85);
            }
          }
        }
        case GRASS, STUDIO -> {}
      }
      return c;
    }
    double depth = -wy;
    if (depth < 0.015) {
      return bg.floorDark().scale(0.7);
    }
    switch (bg) {
      case WOODEN_FLOOR -> {
        long row = (long) Math.floor(depth / 0.09);
        double offset = Rng.unit(Rng.hash(row, 0xB0A2DL)) * 0.6;
        long plank = (long) Math.floor((wx + offset) / 0.6);
        if (frac(depth / 0.09) < 0.14 || frac((wx + offset) / 0.6) < 0.03) {
          return bg.floorDark();
        }
        return bg.floorLight().scale(0.85 + 0.25 * Rng.unit(Rng.hash(row * 31 + plank, 7)));
      }
      case GRASS -> {
        long ix = (long) Math.floor(wx / 0.03);
        long iy = (long) Math.floor(depth / 0.025);
        return bg.floorDark().mix(bg.floorLight(), Rng.unit(Rng.hash(ix * 92_821L ^ iy, 0x6A55L)));
      }
      case TILES -> {
        if (frac(wx / 0.25) < 0.04 || frac(depth / 0.125) < 0.08) {
          return bg.floorDark().scale(0.8);
        }
        long ix = (long) Math.floor(wx / 0.25);
        long iy = (long) Math.floor(depth / 0.125);
        return ((ix + iy) & 1) == 0 ? bg.floorLight() : bg.floorDark();
      }
      case NIGHT_SKY -> {
        long ix = (long) Math.floor(wx / 0.05);
        long iy = (long) Math.floor(depth / 0.04);
        double tone = Rng.unit(Rng.hash(ix * 92_821L ^ iy, 0x5704EL));
        return bg.floorDark().mix(bg.floorLight(), 0.3 + 0.7 * tone);
      }
      case STUDIO -> {
        return bg.floorLight().mix(bg.floorDark(), Math.min(1, depth / 0.5));
      }
    }
    throw new IllegalStateException();
  }
}
