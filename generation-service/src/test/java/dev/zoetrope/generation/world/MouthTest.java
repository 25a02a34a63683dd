package dev.zoetrope.generation.world;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MouthTest {

  @Test
  void theMouthIsOpenInExactlyTheFramesWhoseTimeIsVoiced() {
    for (long seed = 0; seed < 120; seed++) {
      WorldClip clip = World.render(seed);
      EventLog log = clip.events();
      for (int j = 0; j < clip.video().frames(); j++) {
        for (int i = 0; i < clip.scene().actors().size(); i++) {
          boolean character = clip.scene().actors().get(i).isCharacter();
          boolean open = log.frames().get(j).get(i).mouthOpen();
          assertThat(open)
              .as("seed %d frame %d entity %d", seed, j, i)
              .isEqualTo(character && log.voicedAt(i, log.frameTimeS(j)));
        }
      }
    }
  }

  /**
   * In a cameo nothing moves but the mouth: closed frames are pixel-identical, open frames differ,
   * and the soundtrack is voiced exactly at open frames.
   */
  @Test
  void inCameosThePixelsAndTheSoundAgreeWithTheMouth() {
    for (long seed = 0; seed < 12; seed++) {
      CharacterSpec who = CharacterSpec.fromSeed(seed);
      WorldClip clip = CameoRecording.render(who, seed, RenderSettings.square(64, 24));
      VideoFrames v = clip.video();
      EventLog log = clip.events();
      int closed = -1;
      for (int j = 0; j < v.frames() && closed < 0; j++) {
        if (!log.frames().get(j).get(0).mouthOpen()) {
          closed = j;
        }
      }
      int opened = 0;
      for (int j = 0; j < v.frames(); j++) {
        double diff = 0;
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 64; x++) {
            for (int c = 0; c < 3; c++) {
              diff += Math.abs(v.get(j, y, x, c) - v.get(closed, y, x, c));
            }
          }
        }
        boolean open = log.frames().get(j).get(0).mouthOpen();
        if (open) {
          opened++;
          assertThat(diff).as("seed %d frame %d", seed, j).isGreaterThan(3.0);
        } else {
          assertThat(diff).as("seed %d frame %d", seed, j).isZero();
        }
        double t = log.frameTimeS(j);
        boolean nearEdge =
            log.speech().stream()
                .anyMatch(
                    s -> Math.abs(s.startS() - t) < 0.0015 || Math.abs(s.endS() - t) < 0.0015);
        if (!nearEdge) {
          assertThat(rms(clip.audio(), t) > 1e-3)
              .as("seed %d frame %d voiced", seed, j)
              .isEqualTo(open);
        }
      }
      assertThat(opened).isGreaterThan(4);
    }
  }

  private static double rms(float[] audio, double t) {
    int centre = (int) Math.round(t * Soundtrack.SAMPLE_RATE);
    double sum = 0;
    int n = 0;
    for (int i = Math.max(0, centre - 16); i < Math.min(audio.length, centre + 16); i++) {
      sum += audio[i] * audio[i];
      n++;
    }
    return Math.sqrt(sum / n);
  }
}
