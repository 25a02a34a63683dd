package dev.zoetrope.generation.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorldTest {

  @Test
  void sameSeedGivesIdenticalClipsAndOtherSeedsDiffer() {
    for (long seed : new long[] {0, 7, 123_456_789L}) {
      WorldClip a = World.render(seed);
      WorldClip b = World.render(seed);
      assertThat(a.scene()).isEqualTo(b.scene());
      assertThat(a.caption()).isEqualTo(b.caption());
      assertThat(Arrays.equals(a.video().data(), b.video().data())).isTrue();
      assertThat(Arrays.equals(a.audio(), b.audio())).isTrue();
      assertThat(a.events()).isEqualTo(b.events());
    }
    assertThat(World.render(1).video().data()).isNotEqualTo(World.render(2).video().data());
  }

  @Test
  void rendersAnySizeFrameRateAndDuration() {
    WorldClip small = World.render(5, 2, RenderSettings.DEFAULT);
    assertThat(small.video().frames()).isEqualTo(48);
    assertThat(small.video().data()).hasSize(48 * 32 * 32 * 3);
    assertThat(small.audio()).hasSize(32_000);

    WorldClip big = World.render(5, 12, RenderSettings.square(64, 24));
    assertThat(big.video().frames()).isEqualTo(288);
    assertThat(big.video().width()).isEqualTo(64);
    assertThat(big.audio()).hasSize(192_000);
    assertThat(big.events().frames()).hasSize(288);

    WorldClip eight = World.render(5, 4, new RenderSettings(48, 32, 8));
    assertThat(eight.video().frames()).isEqualTo(32);
    assertThat(eight.video().height()).isEqualTo(32);

    for (WorldClip c : List.of(small, big, eight)) {
      for (float v : c.video().data()) {
        assertThat(v).isBetween(0f, 1f);
      }
      for (float v : c.audio()) {
        assertThat(Math.abs(v)).isLessThanOrEqualTo(1f);
      }
    }
  }

  @Test
  void resolutionAndFrameRateDoNotChangeWhatHappens() {
    Scene scene = SceneGenerator.generate(11, 4);
    WorldClip a = World.render(scene, RenderSettings.square(32, 24));
    WorldClip b = World.render(scene, RenderSettings.square(64, 8));
    assertThat(a.caption()).isEqualTo(b.caption());
    assertThat(a.events().contacts()).isEqualTo(b.events().contacts());
    assertThat(Arrays.equals(a.audio(), b.audio())).isTrue();
  }

  @Test
  void everyTemplateAppearsAndItsEventHappensInsideTheClip() {
    Set<SceneTemplate> seen = EnumSet.noneOf(SceneTemplate.class);
    for (long seed = 0; seed < 400; seed++) {
      double d = 2 + (seed % 11);
      Scene s = SceneGenerator.generate(seed, d);
      seen.add(s.template());
      assertThat(SceneGenerator.eventsHappen(s)).isTrue();
      assertThat(s.actors()).hasSize(s.template().roles().size());
      long colours = s.actors().stream().map(a -> a.entity().colour()).distinct().count();
      assertThat(colours).isEqualTo(s.actors().size());
      assertThat(s.actors()).noneMatch(a -> s.background().clashesWith(a.entity().colour()));
    }
    assertThat(seen).containsAll(SceneGenerator.SCENE_TEMPLATES);
  }

  @Test
  void eventLogPositionsMatchTheDrawnPixels() {
    ObjectSpec ball = new ObjectSpec(ObjectKind.BALL, Colour.YELLOW, Material.RUBBER, 0.15);
    Scene scene = Scenes.of(Background.WOODEN_FLOOR, 2, Scenes.dropped(ball, 0.8, 1.0, 0));
    // The same ball hung far off-screen: an empty stage to subtract.
    Scene empty = Scenes.of(Background.WOODEN_FLOOR, 2, Scenes.dropped(ball, -50, 1.0, 99));
    RenderSettings settings = RenderSettings.square(64, 24);
    WorldClip clip = World.render(scene, settings);
    VideoFrames bg = World.render(empty, settings).video();
    VideoFrames v = clip.video();
    int floorRow = 48;
    for (int j = 0; j < v.frames(); j++) {
      double sx = 0;
      double sy = 0;
      double w = 0;
      for (int y = 0; y < floorRow; y++) {
        for (int x = 0; x < 64; x++) {
          double diff = 0;
          for (int c = 0; c < 3; c++) {
            diff = Math.max(diff, Math.abs(v.get(j, y, x, c) - bg.get(j, y, x, c)));
          }
          if (diff > 0.02) {
            sx += x + 0.5;
            sy += y + 0.5;
            w++;
          }
        }
      }
      EntityFrame f = clip.events().frames().get(j).get(0);
      assertThat(sx / w).as("frame %d x", j).isCloseTo(f.centreX(), within(0.6));
      assertThat(sy / w).as("frame %d y", j).isCloseTo(f.centreY(), within(0.6));
      assertThat(f.maxX() - f.minX()).isCloseTo(0.3 * 32, within(1e-9));
    }
  }

  @Test
  void impactsGetQuieterWithSpeedAndTheirPitchFollowsTheMaterial() {
    double[] centroid = new double[Material.values().length];
    for (Material m : Material.values()) {
      ObjectSpec ball = Scenes.ball(m, 0.15);
      WorldClip clip =
          World.render(
              Scenes.of(Background.WOODEN_FLOOR, 4, Scenes.dropped(ball, 1, 1.2, 0)),
              RenderSettings.DEFAULT);
      List<Contact> contacts = clip.events().contacts();
      assertThat(contacts).hasSizeGreaterThanOrEqualTo(2);
      for (int k = 0; k + 1 < contacts.size(); k++) {
        assertThat(peak(clip.audio(), contacts.get(k + 1).timeS()))
            .as("%s bounce %d", m, k + 1)
            .isLessThan(peak(clip.audio(), contacts.get(k).timeS()));
      }
      // Band-weighted mean mel bin over the first impact's 60 ms.
      float[][] mel = MelSpectrogram.perVideoFrame(24, 2).compute(clip.audio());
      int c0 = (int) (contacts.get(0).timeS() * 48) + 1;
      double num = 0;
      double den = 0;
      for (int c = c0; c < c0 + 3; c++) {
        for (int b = 0; b < MelSpectrogram.BINS; b++) {
          double a = MelSpectrogram.amplitude(mel[b][c]);
          num += b * a * a;
          den += a * a;
        }
      }
      centroid[m.ordinal()] = num / den;
    }
    assertThat(centroid[Material.RUBBER.ordinal()]).isLessThan(centroid[Material.WOOD.ordinal()]);
    assertThat(centroid[Material.WOOD.ordinal()]).isLessThan(centroid[Material.METAL.ordinal()]);
    assertThat(centroid[Material.METAL.ordinal()]).isLessThan(centroid[Material.GLASS.ordinal()]);
  }

  private static double peak(float[] audio, double t) {
    int from = (int) Math.ceil(t * Soundtrack.SAMPLE_RATE);
    double p = 0;
    for (int i = from; i < Math.min(audio.length, from + 160); i++) {
      p = Math.max(p, Math.abs(audio[i]));
    }
    return p;
  }
}
