package dev.zoetrope.generation.subjects;

import static dev.zoetrope.generation.world.Shading.distance;
import static dev.zoetrope.generation.world.Shading.shadowLike;

import dev.zoetrope.generation.world.BodyShape;
import dev.zoetrope.generation.world.Colour;
import dev.zoetrope.generation.world.Pattern;
import dev.zoetrope.generation.world.VideoFrames;
import java.util.Arrays;

/**
 * A subject's look, from frames alone. Assumptions, true of a cameo recording (one subject,
 * centred, in front of a plain backdrop whose colour may change from top to bottom but not from
 * side to side): the outer tenth of each row on both sides is backdrop, so each row's backdrop
 * colour is the median of those pixels.
 *
 * <p>Per frame: pixels further than {@link #FOREGROUND} from their row's backdrop, and not a shadow
 * (the backdrop darkened with its hue kept), form 4-connected regions; the largest is the body,
 * with its holes (eyes, mouth) filled. Then:
 *
 * <ul>
 *   <li>colour: every body pixel votes for the world colour that explains it as a shading ({@link
 *       #MIN_SHADE}–{@link #MAX_SHADE}) of that colour; dark pixels (eyes, mouth, outline) do not
 *       vote;
 *   <li>shape: the share of its bounding box the filled body covers — a triangle half, a disc π/4,
 *       a rounded box nearly all;
 *   <li>pattern: inside the body (its rim eroded away), stripes are a large share of pixels at
 *       about 0.6 of the colour's shading, dots are several separate patches blended toward white
 *       (two such patches are the eyes). Dots on a white body cannot be seen and read as plain.
 * </ul>
 *
 * Frames vote; ties go to the first frame's reading.
 */
final class LookMeter {
  static final double FOREGROUND = 0.15;
  static final double MIN_SHADE = 0.45;
  static final double MAX_SHADE = 1.15;
  static final double TRIANGLE_BELOW = 0.64;
  static final double ROUND_BELOW = 0.89;
  static final double STRIPE_SHARE = 0.2;
  static final int DOT_PATCHES = 4;

  private LookMeter() {}

  record Look(Colour colour, BodyShape shape, Pattern pattern, double bodyShare) {}

  /**
   * @throws IllegalArgumentException when no frame shows a subject
   */
  static Look measure(VideoFrames v) {
    int[] colourVotes = new int[Colour.values().length];
    int[] shapeVotes = new int[BodyShape.values().length];
    int[] patternVotes = new int[Pattern.values().length];
    double share = 0;
    int seen = 0;
    for (int f = 0; f < v.frames(); f++) {
      Frame fr = Frame.of(v, f);
      boolean[] body = fr.body();
      if (body == null) {
        continue;
      }
      seen++;
      int[] votes = fr.colourVotes(body);
      Colour colour = Colour.values()[argmax(votes)];
      for (int i = 0; i < votes.length; i++) {
        colourVotes[i] += votes[i];
      }
      shapeVotes[fr.shape(body).ordinal()]++;
      patternVotes[fr.pattern(body, colour).ordinal()]++;
      share += count(body) / (double) body.length;
    }
    if (seen == 0) {
      throw new IllegalArgumentException("no subject found in the recording's frames");
    }
    Colour colour = Colour.values()[argmax(colourVotes)];
    return new Look(
        colour,
        BodyShape.values()[argmax(shapeVotes)],
        Pattern.values()[argmax(patternVotes)],
        share / seen);
  }

  private static int argmax(int[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static int count(boolean[] m) {
    int n = 0;
    for (boolean b : m) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** One frame with its per-row backdrop. */
  private record Frame(int w, int h, float[] rgb, float[] bg) {

    static Frame of(VideoFrames v, int f) {
      int w = v.width();
      int h = v.height();
      float[] rgb = new float[w * h * 3];
      System.arraycopy(v.data(), v.index(f, 0, 0, 0), rgb, 0, rgb.length);
      int edge = Math.max(1, w / 10);
      float[] bg = new float[h * 3];
      double[] col = new double[2 * edge];
      for (int y = 0; y < h; y++) {
        for (int c = 0; c < 3; c++) {
          int k = 0;
          for (int x = 0; x < edge; x++) {
            col[k++] = rgb[(y * w + x) * 3 + c];
            col[k++] = rgb[(y * w + w - 1 - x) * 3 + c];
          }
          Arrays.sort(col);
          bg[y * 3 + c] = (float) col[col.length / 2];
        }
      }
      return new Frame(w, h, rgb, bg);
    }

    double[] px(int p) {
      return new double[] {rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2]};
    }

    double[] backdrop(int p) {
      int y = p / w;
      return new double[] {bg[y * 3], bg[y * 3 + 1], bg[y * 3 + 2]};
    }

    /** The largest foreground region with its holes filled, or null when there is none. */
    boolean[] body() {
      boolean[] fg = new boolean[w * h];
      for (int p = 0; p < fg.length; p++) {
        double[] a = px(p);
        double[] b = backdrop(p);
        fg[p] = distance(a, b) > FOREGROUND && !shadowLike(a, b);
      }
      int[] label = new int[w * h];
      int[] stack = new int[w * h];
      int bestLabel = 0;
      int bestSize = 0;
      int next = 0;
      for (int s = 0; s < fg.length; s++) {
        if (!fg[s] || label[s] != 0) {
          continue;
        }
        int size = flood(fg, label, stack, s, ++next);
        if (size > bestSize) {
          bestSize = size;
          bestLabel = next;
        }
      }
      // A subject smaller than 1/200 of the frame is noise, not a recording of someone.
      if (bestSize < Math.max(16, w * h / 200)) {
        return null;
      }
      boolean[] body = new boolean[w * h];
      for (int p = 0; p < body.length; p++) {
        body[p] = label[p] == bestLabel;
      }
      // Holes: whatever the outside cannot reach.
      int[] seen = new int[w * h];
      boolean[] open = new boolean[w * h];
      for (int p = 0; p < open.length; p++) {
        open[p] = !body[p];
      }
      for (int p = 0; p < open.length; p++) {
        int x = p % w;
        int y = p / w;
        boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1;
        if (border && open[p] && seen[p] == 0) {
          flood(open, seen, stack, p, 1);
        }
      }
      for (int p = 0; p < body.length; p++) {
        body[p] = seen[p] == 0;
      }
      return body;
    }

    int[] colourVotes(boolean[] body) {
      int[] votes = new int[Colour.values().length];
      for (int p = 0; p < body.length; p++) {
        if (!body[p]) {
          continue;
        }
        double[] a = px(p);
        if (Math.max(a[0], Math.max(a[1], a[2])) < 0.2) {
          continue;
        }
        Fit fit = Fit.best(a);
        if (fit.error < 0.02) {
          votes[fit.colour.ordinal()]++;
        }
      }
      return votes;
    }

    BodyShape shape(boolean[] body) {
      int x0 = w;
      int y0 = h;
      int x1 = -1;
      int y1 = -1;
      int area = 0;
      for (int p = 0; p < body.length; p++) {
        if (body[p]) {
          int x = p % w;
          int y = p / w;
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
          area++;
        }
      }
      double fill = area / (double) ((x1 - x0 + 1) * (y1 - y0 + 1));
      if (fill < TRIANGLE_BELOW) {
        return BodyShape.TRIANGLE;
      }
      return fill < ROUND_BELOW ? BodyShape.ROUND : BodyShape.SQUARE;
    }

    Pattern pattern(boolean[] body, Colour colour) {
      // The rim is darkened and anti-aliased: only pixels well inside the body count.
      int margin = Math.max(1, (int) Math.round(Math.sqrt(count(body)) / 25));
      boolean[] inner = erode(body, margin);
      double[] c = {colour.rgb().r(), colour.rgb().g(), colour.rgb().b()};
      double cc = c[0] * c[0] + c[1] * c[1] + c[2] * c[2];
      double cMin = Math.min(c[0], Math.min(c[1], c[2]));
      int n = 0;
      int dark = 0;
      boolean[] white = new boolean[w * h];
      for (int p = 0; p < inner.length; p++) {
        if (!inner[p]) {
          continue;
        }
        n++;
        double[] a = px(p);
        double s = (a[0] * c[0] + a[1] * c[1] + a[2] * c[2]) / cc;
        double resid = 0;
        for (int k = 0; k < 3; k++) {
          resid += (a[k] - s * c[k]) * (a[k] - s * c[k]);
        }
        if (s > 0.38 && s < 0.68 && resid < 0.02) {
          dark++;
        }
        double aMin = Math.min(a[0], Math.min(a[1], a[2]));
        white[p] = aMin > cMin + 0.3 && aMin > 0.55;
      }
      if (n == 0) {
        return Pattern.PLAIN;
      }
      if (dark / (double) n > STRIPE_SHARE) {
        return Pattern.STRIPES;
      }
      int[] label = new int[w * h];
      int[] stack = new int[w * h];
      int patches = 0;
      int minPatch = Math.max(2, n / 400);
      for (int p = 0; p < white.length; p++) {
        if (white[p] && label[p] == 0 && flood(white, label, stack, p, patches + 1) >= 1) {
          patches++;
        }
      }
      int big = 0;
      int[] sizes = new int[patches + 1];
      for (int p = 0; p < label.length; p++) {
        sizes[label[p]]++;
      }
      for (int i = 1; i <= patches; i++) {
        if (sizes[i] >= minPatch) {
          big++;
        }
      }
      return big >= DOT_PATCHES ? Pattern.DOTS : Pattern.PLAIN;
    }

    private boolean[] erode(boolean[] m, int r) {
      boolean[] out = m.clone();
      for (int it = 0; it < r; it++) {
        boolean[] src = out.clone();
        for (int p = 0; p < src.length; p++) {
          if (!src[p]) {
            continue;
          }
          int x = p % w;
          int y = p / w;
          if (x == 0
              || y == 0
              || x == w - 1
              || y == h - 1
              || !src[p - 1]
              || !src[p + 1]
              || !src[p - w]
              || !src[p + w]) {
            out[p] = false;
          }
        }
      }
      return out;
    }

    /** 4-connected flood fill of {@code mask} from {@code start}; returns the region's size. */
    private int flood(boolean[] mask, int[] label, int[] stack, int start, int id) {
      int sp = 0;
      stack[sp++] = start;
      label[start] = id;
      int size = 0;
      while (sp > 0) {
        int p = stack[--sp];
        size++;
        int x = p % w;
        int y = p / w;
        int[] nb = {
          x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1
        };
        for (int q : nb) {
          if (q >= 0 && mask[q] && label[q] == 0) {
            label[q] = id;
            stack[sp++] = q;
          }
        }
      }
      return size;
    }
  }

  /** The world colour and shading that best explain a pixel. */
  private record Fit(Colour colour, double shade, double error) {
    static Fit best(double[] p) {
      Fit best = null;
      for (Colour k : Colour.values()) {
        double[] c = {k.rgb().r(), k.rgb().g(), k.rgb().b()};
        for (double s = MIN_SHADE; s <= MAX_SHADE + 1e-9; s += 0.05) {
          double err = 0;
          for (int i = 0; i < 3; i++) {
            double e = p[i] - Math.min(1, s * c[i]);
            err += e * e;
          }
          if (best == null || err < best.error) {
            best = new Fit(k, s, err);
          }
        }
      }
      return best;
    }
  }
}
