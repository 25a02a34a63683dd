package dev.zoetrope.generation.evaluation;

import dev.zoetrope.generation.evaluation.ObjectTracker.Blob;
import dev.zoetrope.generation.evaluation.ObjectTracker.Track;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a detected drop obeys constant gravity with plausible bounces. The track is cut into
 * flights at the detected floor contacts; only airborne frames count (object's bottom at least
 * {@link #AIRBORNE_PX} above the floor), and a flight ends at its first grounded frame, so the
 * unseen sub-pixel bounces at the end of a drop do not join a flight. Every flight with three or
 * more frames must fit a least-squares parabola with RMS residual at most {@link #MAX_RMS_PX} and
 * an acceleration within {@link #MIN_G}–{@link #MAX_G} of the world's gravity; each flight's apex
 * must be lower than the one before (restitution below 1); the object must be visible in {@link
 * #MIN_COVERAGE} of the frames and at least one flight must be checkable.
 *
 * <p>Exactly one object: a clip passes only if the frames show exactly one tracked object — the
 * median count over frames that show any is one, and at least {@link #MIN_COVERAGE} of all frames
 * show exactly one. A clip where nothing, or several things, were tracked fails whatever its
 * largest blob did: following the largest of several blobs (or a blob that flickers in and out) can
 * happen to trace a parabola without the picture showing one falling object.
 */
public final class Physics {
  static final double AIRBORNE_PX = 0.25;
  static final double NEAR_FLOOR_PX = 1.5;
  static final double MAX_RMS_PX = 0.5;
  static final double MIN_G = 0.6;
  static final double MAX_G = 1.5;
  static final double MIN_COVERAGE = 0.8;
  static final double APEX_SLACK_PX = 0.3;
  static final double MEET_ABOVE_PX = 1.0;
  static final double MEET_BELOW_PX = 1.5;

  private Physics() {}

  public record Verdict(boolean pass, String why) {}

  public static Verdict check(Track t) {
    Verdict one = exactlyOneObject(t);
    if (!one.pass()) {
      return one;
    }
    if (t.coverage() < MIN_COVERAGE) {
      return new Verdict(
          false, String.format("object seen in %.0f%% of frames", 100 * t.coverage()));
    }
    List<Blob> track = t.track();
    int n = track.size();
    int start = -1;
    for (int j = 0; j + 1 < n; j++) {
      if (track.get(j) != null
          && track.get(j + 1) != null
          && track.get(j + 1).cy() - track.get(j).cy() > ObjectTracker.MOVE_PX) {
        start = j;
        break;
      }
    }
    if (start < 0) {
      return new Verdict(false, "never falls");
    }
    List<Integer> bounds = new ArrayList<>();
    bounds.add(start);
    for (int k : t.contactFrames()) {
      if (k > start) {
        bounds.add(k);
      }
    }
    bounds.add(n);
    int checked = 0;
    double lastApex = track.get(start).cy();
    // Already falling at the start frame (released just before it): it belongs to the flight.
    boolean startMoving =
        start > 0
            && track.get(start - 1) != null
            && track.get(start).cy() - track.get(start - 1).cy() > ObjectTracker.MIN_STEP_PX;
    for (int s = 0; s + 1 < bounds.size(); s++) {
      List<double[]> pts = new ArrayList<>();
      boolean flying = false;
      int from = s == 0 && startMoving ? bounds.get(s) : bounds.get(s) + 1;
      for (int j = from; j < bounds.get(s + 1); j++) {
        Blob b = track.get(j);
        boolean airborne = b != null && b.bottom() <= t.floorY() - AIRBORNE_PX;
        if (b != null && !airborne && flying) {
          break;
        }
        // Descending to within a pixel or two of the floor: the frame may already be after an
        // impact too low to show as a reversal at this frame rate, so the flight ends before it.
        boolean nearFloor = b != null && b.bottom() >= t.floorY() - NEAR_FLOOR_PX;
        if (nearFloor && !pts.isEmpty() && b.cy() > pts.get(pts.size() - 1)[1]) {
          break;
        }
        if (airborne) {
          flying = true;
          pts.add(new double[] {t.frameTimeS(j), b.cy()});
        }
      }
      if (s > 0 && !pts.isEmpty()) {
        double apex = pts.stream().mapToDouble(p -> p[1]).min().orElseThrow();
        if (apex < lastApex - APEX_SLACK_PX) {
          return new Verdict(false, "bounce " + s + " rises above the previous apex");
        }
        lastApex = apex;
      }
      if (pts.size() >= 3) {
        double[] fit = parabola(pts);
        double g = 2 * fit[2];
        if (g < MIN_G * t.gravityPx() || g > MAX_G * t.gravityPx()) {
          return new Verdict(
              false, String.format("flight %d accelerates at %.2f g", s, g / t.gravityPx()));
        }
        if (fit[3] > MAX_RMS_PX) {
          return new Verdict(
              false, String.format("flight %d is off a parabola by %.2f px RMS", s, fit[3]));
        }
        checked++;
      }
    }
    // Flights too short to fit alone: with the world's gravity, the flight into each contact and
    // the one out of it must meet at the floor, and leave slower than they arrived.
    double lowest =
        track.stream().filter(b -> b != null).mapToDouble(Blob::cy).max().orElse(Double.NaN);
    for (int i = 0; i < t.contactDetails().size(); i++) {
      double[] d = t.contactDetails().get(i);
      if (Double.isNaN(d[0])) {
        continue;
      }
      if (d[0] < lowest - MEET_ABOVE_PX || d[0] > lowest + MEET_BELOW_PX) {
        return new Verdict(
            false,
            String.format(
                "contact %d: flights meet %.2f px from the floor level", i, d[0] - lowest));
      }
      if (!(d[1] > 0 && d[2] > 0 && d[2] < d[1])) {
        return new Verdict(
            false, String.format("contact %d: speed in %.1f px/s, out %.1f px/s", i, d[1], d[2]));
      }
      checked++;
    }
    return checked == 0
        ? new Verdict(false, "nothing long enough to check")
        : new Verdict(true, checked + " flight(s)/contact(s) fit gravity");
  }

  /** The rule in the class comment; passes with an empty reason. */
  static Verdict exactlyOneObject(Track t) {
    int objects = t.objectCount();
    if (objects != 1) {
      return new Verdict(
          false,
          objects == 0
              ? "no object tracked"
              : objects + " objects tracked; physics is judged on exactly one");
    }
    int[] perFrame = t.objectsPerFrame();
    long single = java.util.Arrays.stream(perFrame).filter(c -> c == 1).count();
    if (single < MIN_COVERAGE * perFrame.length) {
      return new Verdict(
          false,
          String.format("exactly one object in only %d of %d frames", single, perFrame.length));
    }
    return new Verdict(true, "");
  }

  /** Least squares {@code y = a + b·t + c·t²}: {a, b, c, RMS residual}, t from the first point. */
  static double[] parabola(List<double[]> pts) {
    double t0 = pts.get(0)[0];
    double[][] m = new double[3][4];
    for (double[] p : pts) {
      double t = p[0] - t0;
      double[] basis = {1, t, t * t};
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          m[i][j] += basis[i] * basis[j];
        }
        m[i][3] += basis[i] * p[1];
      }
    }
    for (int c = 0; c < 3; c++) {
      int pivot = c;
      for (int r = c + 1; r < 3; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[pivot];
      m[pivot] = tmp;
      for (int r = 0; r < 3; r++) {
        if (r != c && m[c][c] != 0) {
          double f = m[r][c] / m[c][c];
          for (int k = c; k < 4; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    double a = m[0][3] / m[0][0];
    double b = m[1][3] / m[1][1];
    double c2 = m[2][3] / m[2][2];
    double sse = 0;
    for (double[] p : pts) {
      double t = p[0] - t0;
      double r = p[1] - (a + b * t + c2 * t * t);
      sse += r * r;
    }
    return new double[] {a, b, c2, Math.sqrt(sse / pts.size())};
  }
}
