package dev.zoetrope.generation.evaluation;

import static dev.zoetrope.generation.world.Shading.distance;
import static dev.zoetrope.generation.world.Shading.shadowLike;

import dev.zoetrope.generation.world.Background;
import dev.zoetrope.generation.world.Colour;
import dev.zoetrope.generation.world.Rgb;
import dev.zoetrope.generation.world.Simulation;
import dev.zoetrope.generation.world.VideoFrames;
import dev.zoetrope.generation.world.WorldRenderer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, from the frames alone (never the event log), the object of a drop scene and what it did.
 *
 * <p>Assumptions, all true of the world's wide-framed drop scenes and stated so a failure can be
 * read: the camera is fixed and the background is the known backdrop of the prompt's place ({@link
 * WorldRenderer#backdrop}); the floor line is at 3/4 of the frame height; gravity is {@link
 * Simulation#GRAVITY_MPS2} at {@code width / WORLD_WIDTH_M} pixels per metre; the object is a
 * compact blob of {@link #MIN_BLOB_PX} to {@link #MAX_BLOB_PX} pixels (balls are 3.5–6 px across at
 * 32 px). Shadows are told apart from objects because they darken the backdrop without changing its
 * hue.
 *
 * <p>Per frame: pixels further than {@link #FOREGROUND} (RGB distance) from the backdrop and not
 * shadow-like form 4-connected blobs; blobs of {@link #MIN_BLOB_PX} to {@link #MAX_BLOB_PX} pixels
 * are objects (a frame of noise makes one huge blob, and counts as "no object"; stray speckles of a
 * model's output stay below the minimum). The track follows the largest object; its centroid is
 * weighted by coverage, so a ball moving a third of a pixel moves the centroid by about that much.
 *
 * <p>Floor contacts: frame {@code k} is a contact when the track's vertical motion reverses there
 * (down before, up after) and the object's bottom is within {@link #FLOOR_SLACK_PX}, or one pixel
 * more than it moves in a frame, of the floor. The contact time is then refined below the frame
 * period: with gravity known, {@code y − g t²/2} is linear in each flight, so the line through the
 * frames before the reversal and the line through the frames after meet exactly at the impact
 * (position is continuous there); frame {@code k} is put on whichever side fits better. Without two
 * usable frames on each side the contact keeps its frame's time, and then the resolution is the
 * frame period ({@code 1/fps}, 125 ms at 8 fps). Bounces whose flight is shorter than about two
 * frames, or lower than about a pixel, cannot be seen at all at 32×32, 8 fps.
 */
public final class ObjectTracker {
  static final double FOREGROUND = 0.18;
  static final int MIN_BLOB_PX = 4;
  static final double MIN_OPACITY = 0.45;
  static final int MAX_BLOB_PX = 80;
  static final double FLOOR_SLACK_PX = 2.0;
  static final double MOVE_PX = 0.3;
  static final double MIN_STEP_PX = 0.03;

  private ObjectTracker() {}

  /** One object in one frame: coverage-weighted centroid, bottom edge, area and median colour. */
  public record Blob(double cx, double cy, double bottom, int area, Rgb colour, Rgb backdrop) {}

  /**
   * What the frames show.
   *
   * @param track the followed object per frame, null where no object was found
   * @param objectsPerFrame objects found in each frame
   * @param contacts floor contact times, seconds, refined where possible
   * @param contactFrames the frame of each contact's reversal
   * @param contactDetails per contact {centroid y where the flights meet, speed in, speed out} in
   *     pixels and pixels per second, NaN where not refined
   * @param pxPerM scale of the scene
   * @param floorY floor line, pixels from the top
   */
  public record Track(
      VideoFrames video,
      List<Blob> track,
      int[] objectsPerFrame,
      double[] contacts,
      int[] contactFrames,
      List<double[]> contactDetails,
      double pxPerM,
      double floorY) {

    public double frameTimeS(int j) {
      return (j + 0.5) / video.fps();
    }

    /** Gravity in pixels per second squared (down is +y). */
    public double gravityPx() {
      return Simulation.GRAVITY_MPS2 * pxPerM;
    }

    /** Share of frames with an object. */
    public double coverage() {
      return track.stream().filter(b -> b != null).count() / (double) track.size();
    }

    /** Median object count over frames that show any. */
    public int objectCount() {
      int[] n = Arrays.stream(objectsPerFrame).filter(c -> c > 0).sorted().toArray();
      return n.length == 0 ? 0 : n[n.length / 2];
    }

    /**
     * The palette colour that best explains the object in most frames ({@link #explain}), or null
     * when there is no object.
     */
    public Colour colour() {
      int[] votes = new int[Colour.values().length];
      track.stream().filter(b -> b != null).forEach(b -> votes[explain(b).ordinal()]++);
      int best = -1;
      for (int i = 0; i < votes.length; i++) {
        if (votes[i] > 0 && (best < 0 || votes[i] > votes[best])) {
          best = i;
        }
      }
      return best < 0 ? null : Colour.values()[best];
    }
  }

  public static Track track(VideoFrames video, Background background) {
    int w = video.width();
    int h = video.height();
    float[] bg = WorldRenderer.backdrop(background, w, h);
    List<Blob> track = new ArrayList<>();
    int[] counts = new int[video.frames()];
    for (int f = 0; f < video.frames(); f++) {
      List<Blob> blobs = blobs(video, f, bg);
      counts[f] = blobs.size();
      track.add(blobs.stream().max((a, b) -> Integer.compare(a.area(), b.area())).orElse(null));
    }
    double floorY = 0.75 * h;
    List<double[]> found = contacts(track, video.fps(), floorY, gravityPx(w));
    return new Track(
        video,
        track,
        counts,
        found.stream().mapToDouble(c -> c[0]).toArray(),
        found.stream().mapToInt(c -> (int) c[1]).toArray(),
        found.stream().map(c -> new double[] {c[2], c[3], c[4]}).toList(),
        w / Simulation.WORLD_WIDTH_M,
        floorY);
  }

  private static double gravityPx(int width) {
    return Simulation.GRAVITY_MPS2 * width / Simulation.WORLD_WIDTH_M;
  }

  static List<Blob> blobs(VideoFrames v, int f, float[] bg) {
    int w = v.width();
    int h = v.height();
    boolean[] fg = new boolean[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        double[] px = pixel(v, f, y, x);
        double[] b = {bg[p * 3], bg[p * 3 + 1], bg[p * 3 + 2]};
        fg[p] = distance(px, b) > FOREGROUND && !shadowLike(px, b);
      }
    }
    int[] label = new int[w * h];
    List<Blob> out = new ArrayList<>();
    int next = 0;
    int[] stack = new int[w * h];
    for (int start = 0; start < w * h; start++) {
      if (!fg[start] || label[start] != 0) {
        continue;
      }
      next++;
      List<Integer> members = new ArrayList<>();
      int sp = 0;
      stack[sp++] = start;
      label[start] = next;
      while (sp > 0) {
        int p = stack[--sp];
        members.add(p);
        int x = p % w;
        int y = p / w;
        int[] nb = {
          x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1
        };
        for (int q : nb) {
          if (q >= 0 && fg[q] && label[q] == 0) {
            label[q] = next;
            stack[sp++] = q;
          }
        }
      }
      if (members.size() >= MIN_BLOB_PX && members.size() <= MAX_BLOB_PX) {
        out.add(describe(v, f, bg, members, label, next));
      }
    }
    return out;
  }

  /**
   * Centroid weighted by coverage: member pixels count fully, the one-pixel ring around them by how
   * far they have moved from the backdrop toward the object's colour (anti-aliased edges).
   */
  private static Blob describe(
      VideoFrames v, int f, float[] bg, List<Integer> members, int[] label, int id) {
    int w = v.width();
    int h = v.height();
    double[] r = new double[members.size()];
    double[] g = new double[members.size()];
    double[] b = new double[members.size()];
    double[][] under = new double[3][members.size()];
    double bottom = 0;
    for (int i = 0; i < members.size(); i++) {
      int p = members.get(i);
      double[] px = pixel(v, f, p / w, p % w);
      r[i] = px[0];
      g[i] = px[1];
      b[i] = px[2];
      for (int c = 0; c < 3; c++) {
        under[c][i] = bg[p * 3 + c];
      }
      bottom = Math.max(bottom, p / w + 1);
    }
    double[] obj = {median(r), median(g), median(b)};
    double sw = 0;
    double sx = 0;
    double sy = 0;
    boolean[] seen = new boolean[w * h];
    for (int p : members) {
      int x0 = p % w;
      int y0 = p / w;
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int x = x0 + dx;
          int y = y0 + dy;
          if (x < 0 || y < 0 || x >= w || y >= h || seen[y * w + x]) {
            continue;
          }
          int q = y * w + x;
          seen[q] = true;
          double weight;
          if (label[q] == id) {
            weight = 1;
          } else if (label[q] != 0) {
            continue;
          } else {
            double[] px = pixel(v, f, y, x);
            double[] bb = {bg[q * 3], bg[q * 3 + 1], bg[q * 3 + 2]};
            if (shadowLike(px, bb)) {
              continue;
            }
            double num = 0;
            double den = 0;
            for (int c = 0; c < 3; c++) {
              num += (px[c] - bb[c]) * (obj[c] - bb[c]);
              den += (obj[c] - bb[c]) * (obj[c] - bb[c]);
            }
            weight = den <= 1e-9 ? 0 : Math.max(0, Math.min(1, num / den));
          }
          sw += weight;
          sx += weight * (x + 0.5);
          sy += weight * (y + 0.5);
        }
      }
    }
    return new Blob(
        sx / sw,
        sy / sw,
        bottom,
        members.size(),
        new Rgb(obj[0], obj[1], obj[2]),
        new Rgb(median(under[0]), median(under[1]), median(under[2])));
  }

  /** Down before, up after, near the floor; then the sub-frame refinement in the class comment. */
  static List<double[]> contacts(List<Blob> track, double fps, double floorY, double g) {
    int n = track.size();
    List<Integer> frames = new ArrayList<>();
    for (int k = 1; k < n - 1; k++) {
      Blob prev = track.get(k - 1);
      Blob here = track.get(k);
      if (prev == null || here == null) {
        continue;
      }
      // The first later frame that differs, so a two-frame plateau at the bottom still counts.
      int after = k + 1;
      while (after < n
          && track.get(after) != null
          && Math.abs(track.get(after).cy() - here.cy()) < 1e-6) {
        after++;
      }
      if (after >= n || track.get(after) == null) {
        continue;
      }
      double down = here.cy() - prev.cy();
      double up = here.cy() - track.get(after).cy();
      // A late, low bounce rises only a twentieth of a pixel in its first frame; the sum keeps
      // jitter of a resting object from counting.
      // The impact lies within a frame of k, so a fast object's lowest frame can sit as far above
      // the floor as it moves in a frame.
      double slack = Math.max(FLOOR_SLACK_PX, 1 + Math.max(down, up));
      if (down > MIN_STEP_PX
          && up > MIN_STEP_PX
          && down + up > MOVE_PX
          && here.bottom() >= floorY - slack) {
        frames.add(k);
      }
    }
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      int k = frames.get(i);
      int lo = i == 0 ? 0 : frames.get(i - 1) + 1;
      int hi = i + 1 < frames.size() ? frames.get(i + 1) - 1 : n - 1;
      double[] r = refine(track, fps, g, k, lo, hi);
      out.add(new double[] {r[0], k, r[1], r[2], r[3]});
    }
    return out;
  }

  /**
   * {contact time, centroid height where the two flights meet, speed into the floor, speed out of
   * it}; the last three NaN when the contact keeps its frame's time.
   */
  private static double[] refine(List<Blob> track, double fps, double g, int k, double lo, int hi) {
    double tk = (k + 0.5) / fps;
    double[] best = {tk, Double.NaN, Double.NaN, Double.NaN};
    double bestResidual = Double.MAX_VALUE;
    for (boolean kDown : new boolean[] {true, false}) {
      List<double[]> before = new ArrayList<>();
      List<double[]> after = new ArrayList<>();
      for (int j = Math.max((int) lo, k - 2); j <= k - (kDown ? 0 : 1); j++) {
        add(before, track, fps, g, j);
      }
      for (int j = k + (kDown ? 1 : 0); j <= Math.min(hi, k + 2); j++) {
        add(after, track, fps, g, j);
      }
      if (before.size() < 2 || after.size() < 2) {
        continue;
      }
      double[] a = line(before);
      double[] b = line(after);
      if (Math.abs(a[1] - b[1]) < 1e-9) {
        continue;
      }
      double t = (b[0] - a[0]) / (a[1] - b[1]);
      double residual = (a[2] + b[2]) / Math.max(1, before.size() + after.size() - 4);
      if (t >= tk - 1 / fps && t <= tk + 1 / fps && residual < bestResidual) {
        bestResidual = residual;
        best = new double[] {t, a[0] + a[1] * t + 0.5 * g * t * t, a[1] + g * t, -(b[1] + g * t)};
      }
    }
    return best;
  }

  private static void add(List<double[]> pts, List<Blob> track, double fps, double g, int j) {
    Blob b = track.get(j);
    if (b != null) {
      double t = (j + 0.5) / fps;
      pts.add(new double[] {t, b.cy() - 0.5 * g * t * t});
    }
  }

  /** Least-squares line {intercept, slope, sum of squared residuals}. */
  private static double[] line(List<double[]> pts) {
    double n = pts.size();
    double st = 0;
    double sz = 0;
    double stt = 0;
    double stz = 0;
    for (double[] p : pts) {
      st += p[0];
      sz += p[1];
      stt += p[0] * p[0];
      stz += p[0] * p[1];
    }
    double slope = (n * stz - st * sz) / (n * stt - st * st);
    double intercept = (sz - slope * st) / n;
    double sse = 0;
    for (double[] p : pts) {
      double r = p[1] - intercept - slope * p[0];
      sse += r * r;
    }
    return new double[] {intercept, slope, sse};
  }

  private static double[] pixel(VideoFrames v, int f, int y, int x) {
    int i = v.index(f, y, x, 0);
    float[] d = v.data();
    return new double[] {d[i], d[i + 1], d[i + 2]};
  }

  /**
   * The palette colour {@code c} for which the blob's colour is best explained as the backdrop
   * blended toward a shaded {@code s·c} ({@code s} 0.5–1.1, the renderer's lighting range) by some
   * opacity {@code α} of at least {@link #MIN_OPACITY} (the renderer's glass): glass objects are
   * see-through. Without that floor, any dark colour at low opacity would explain a pale object
   * that is merely darker than a bright sky.
   */
  static Colour explain(Blob blob) {
    double[] p = {blob.colour().r(), blob.colour().g(), blob.colour().b()};
    double[] q = {blob.backdrop().r(), blob.backdrop().g(), blob.backdrop().b()};
    Colour best = null;
    double bestErr = Double.MAX_VALUE;
    for (Colour k : Colour.values()) {
      double[] c = {k.rgb().r(), k.rgb().g(), k.rgb().b()};
      for (double s = 0.5; s <= 1.1001; s += 0.05) {
        double num = 0;
        double den = 0;
        double[] d = new double[3];
        for (int i = 0; i < 3; i++) {
          d[i] = Math.min(1, s * c[i]) - q[i];
          num += (p[i] - q[i]) * d[i];
          den += d[i] * d[i];
        }
        double alpha = den < 1e-9 ? 1 : Math.max(MIN_OPACITY, Math.min(1, num / den));
        double err = 0;
        for (int i = 0; i < 3; i++) {
          double e = p[i] - q[i] - alpha * d[i];
          err += e * e;
        }
        if (err < bestErr) {
          bestErr = err;
          best = k;
        }
      }
    }
    return best;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length == 0 ? Double.NaN : s[s.length / 2];
  }
}
