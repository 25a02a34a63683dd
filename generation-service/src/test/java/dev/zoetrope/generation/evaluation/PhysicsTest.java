package dev.zoetrope.generation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.world.Background;
import dev.zoetrope.generation.world.VideoFrames;
import dev.zoetrope.generation.world.WorldRenderer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PhysicsTest {
  private static List<Evaluation.Case> cases;

  @BeforeAll
  static void cases() {
    cases = Evaluation.heldOutCases(4, 2, 0);
  }

  @Test
  void oneFallingObjectIsJudged() {
    for (Evaluation.Case c : cases) {
      ObjectTracker.Track t = track(c, c.truth().video());

      assertThat(Physics.exactlyOneObject(t).pass()).isTrue();
      assertThat(Physics.check(t).pass()).as(Physics.check(t).why()).isTrue();
    }
  }

  @Test
  void aSecondObjectFailsTheClipEvenThoughTheLargestOneFallsWell() {
    for (Evaluation.Case c : cases) {
      VideoFrames two = withStillSquare(c.truth().video());
      ObjectTracker.Track t = track(c, two);

      // The largest blob is still the falling object, which alone would pass.
      assertThat(t.track()).isEqualTo(track(c, c.truth().video()).track());
      assertThat(t.objectCount()).isEqualTo(2);
      Physics.Verdict v = Physics.check(t);
      assertThat(v.pass()).isFalse();
      assertThat(v.why()).contains("2 objects tracked");
    }
  }

  @Test
  void nothingTrackedFails() {
    Evaluation.Case c = cases.get(0);
    VideoFrames v = c.truth().video();
    float[] bg = WorldRenderer.backdrop(c.facts().background(), v.width(), v.height());
    float[] data = new float[v.data().length];
    for (int f = 0; f < v.frames(); f++) {
      System.arraycopy(bg, 0, data, f * bg.length, bg.length);
    }

    Physics.Verdict verdict =
        Physics.check(track(c, new VideoFrames(v.frames(), v.height(), v.width(), v.fps(), data)));

    assertThat(verdict.pass()).isFalse();
    assertThat(verdict.why()).isEqualTo("no object tracked");
  }

  @Test
  void anObjectThatIsOftenNotAloneFails() {
    Evaluation.Case c = cases.get(0);
    VideoFrames v = c.truth().video();
    float[] data = v.data().clone();
    // A second object in every other frame: the median count stays one, most frames do not.
    VideoFrames square = withStillSquare(v);
    int frame = v.height() * v.width() * 3;
    for (int f = 0; f < v.frames(); f += 2) {
      System.arraycopy(square.data(), f * frame, data, f * frame, frame);
    }
    ObjectTracker.Track t =
        track(c, new VideoFrames(v.frames(), v.height(), v.width(), v.fps(), data));

    Physics.Verdict verdict = Physics.check(t);

    assertThat(verdict.pass()).isFalse();
    assertThat(verdict.why()).containsAnyOf("exactly one object in only", "objects tracked");
  }

  private static ObjectTracker.Track track(Evaluation.Case c, VideoFrames v) {
    Background bg = c.facts().background();
    return ObjectTracker.track(v, bg);
  }

  /** The same frames with a still 2×2 magenta square high in the sky's left corner. */
  private static VideoFrames withStillSquare(VideoFrames v) {
    float[] data = v.data().clone();
    for (int f = 0; f < v.frames(); f++) {
      for (int y = 2; y < 4; y++) {
        for (int x = 1; x < 3; x++) {
          int i = v.index(f, y, x, 0);
          data[i] = 1f;
          data[i + 1] = 0f;
          data[i + 2] = 1f;
        }
      }
    }
    return new VideoFrames(v.frames(), v.height(), v.width(), v.fps(), data);
  }
}
