package dev.zoetrope.generation.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoetrope.common.testing.TestMp4;
import dev.zoetrope.generation.model.PromptTokenizer;
import dev.zoetrope.generation.subjects.SubjectDescription.VoicePitch;
import dev.zoetrope.generation.world.BodyShape;
import dev.zoetrope.generation.world.CameoRecording;
import dev.zoetrope.generation.world.CharacterSpec;
import dev.zoetrope.generation.world.Colour;
import dev.zoetrope.generation.world.Pattern;
import dev.zoetrope.generation.world.RenderSettings;
import dev.zoetrope.generation.world.Voice;
import dev.zoetrope.generation.world.WorldClip;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubjectEncoderTest {
  private static final RenderSettings RECORDING = new RenderSettings(96, 96, 24);

  @Test
  void recoversColourAndShapeFromRealMp4Recordings() throws Exception {
    int n = 40;
    int colour = 0;
    int shape = 0;
    int pattern = 0;
    int patternKnowable = 0;
    int voice = 0;
    int timbre = 0;
    int voiced = 0;
    double pitchErr = 0;
    for (long seed = 1; seed <= n; seed++) {
      CharacterSpec c = CharacterSpec.fromSeed(seed);
      WorldClip clip = CameoRecording.render(c, seed, RECORDING);

      SubjectDescription d = SubjectEncoder.describe(CameoMp4.encode(clip));

      colour += d.colour() == c.colour() ? 1 : 0;
      shape += d.shape() == c.shape() ? 1 : 0;
      boolean knowable = !(c.pattern() == Pattern.DOTS && c.colour().word().equals("white"));
      if (knowable) {
        patternKnowable++;
        pattern += d.pattern() == c.pattern() ? 1 : 0;
      }
      double base = c.voice().basePitchHz();
      if (!Double.isNaN(d.pitchHz())) {
        voiced++;
        pitchErr += Math.abs(Math.log(d.pitchHz() / base));
        boolean low = base < Math.sqrt(Voice.MIN_PITCH_HZ * Voice.MAX_PITCH_HZ);
        voice += d.voice() == (low ? VoicePitch.LOW : VoicePitch.HIGH) ? 1 : 0;
        timbre += d.timbre() == c.voice().timbre() ? 1 : 0;
      }
      System.out.printf("seed %d: %s  | truth %s, %.0f Hz%n", seed, d, c.description(), base);
    }
    System.out.printf(
        "colour %d/%d, shape %d/%d, pattern %d/%d, voice low/high %d/%d, timbre %d/%d"
            + " (voiced %d), mean |log pitch ratio| %.3f%n",
        colour,
        n,
        shape,
        n,
        pattern,
        patternKnowable,
        voice,
        voiced,
        timbre,
        voiced,
        voiced,
        pitchErr / voiced);
    assertThat(colour).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * n));
    assertThat(shape).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * n));
    assertThat(pattern).isGreaterThanOrEqualTo((int) Math.ceil(0.8 * patternKnowable));
    assertThat(voiced).isEqualTo(n);
    assertThat(voice).isGreaterThanOrEqualTo((int) Math.ceil(0.85 * n));
    assertThat(timbre).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * n));
    assertThat(pitchErr / voiced).as("mean |ln(measured / base pitch)|").isLessThan(0.1);
  }

  @Test
  void largeRecordingsAreScaledDownAndStillRead() throws Exception {
    RenderSettings large = new RenderSettings(480, 360, 24);
    for (long seed = 200; seed < 206; seed++) {
      CharacterSpec c = CharacterSpec.fromSeed(seed);

      SubjectDescription d =
          SubjectEncoder.describe(CameoMp4.encode(CameoRecording.render(c, seed, large)));

      assertThat(d.colour()).isEqualTo(c.colour());
      assertThat(d.shape()).isEqualTo(c.shape());
    }
  }

  @Test
  void phraseUsesOnlyWordsTheTokenizerKnows() throws Exception {
    PromptTokenizer tokenizer = new PromptTokenizer();
    for (long seed = 100; seed < 106; seed++) {
      CharacterSpec c = CharacterSpec.fromSeed(seed);
      SubjectDescription d =
          SubjectEncoder.describe(CameoMp4.encode(CameoRecording.render(c, seed, RECORDING)));

      int[] ids = tokenizer.encode(d.conditioningPhrase());

      assertThat(ids).isNotEmpty().doesNotContain(PromptTokenizer.UNK);
      assertThat(d.phrase()).startsWith("a").contains("character");
      assertThat(d.conditioningPhrase())
          .isEqualTo(d.phrase() + " in a " + d.voice().word() + " " + d.timbre().word() + " voice");
    }
  }

  @Test
  void garbageIsRejectedWithAClearMessage() {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);

    assertThatThrownBy(() -> SubjectEncoder.describe(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cameo recording");
    assertThatThrownBy(() -> SubjectEncoder.describe(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void recordingLongerThanTheLimitIsRejected() throws Exception {
    byte[] mp4 =
        TestMp4.encode(32, 32, 1, SubjectEncoder.MAX_SECONDS + 2, true, 220, CENTRED_SQUARE);

    assertThatThrownBy(() -> SubjectEncoder.describe(mp4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 60 seconds");
  }

  @Test
  void recordingOfAnEmptyBackdropHasNoSubject() throws Exception {
    byte[] mp4 =
        TestMp4.encode(
            64,
            64,
            8,
            2,
            true,
            220,
            (i, bgr, w, h, stride) -> {
              for (int p = 0; p < h * stride; p++) {
                bgr.put(p, (byte) 110);
              }
            });

    assertThatThrownBy(() -> SubjectEncoder.describe(mp4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no subject found");
  }

  @Test
  void aPlainToneIsHeardAtItsPitch() throws Exception {
    byte[] mp4 = TestMp4.encode(64, 64, 8, 2, true, 330, CENTRED_SQUARE);

    SubjectDescription d = SubjectEncoder.describe(mp4);

    assertThat(d.pitchHz()).isCloseTo(330, org.assertj.core.data.Offset.offset(5.0));
    assertThat(d.voice()).isEqualTo(VoicePitch.HIGH);
    assertThat(d.colour()).isEqualTo(Colour.RED);
    assertThat(d.shape()).isEqualTo(BodyShape.SQUARE);
  }

  /** A red square filling the middle half of a grey frame. */
  private static final TestMp4.Painter CENTRED_SQUARE =
      (i, bgr, w, h, stride) -> {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            boolean in = x >= w / 4 && x < 3 * w / 4 && y >= h / 4 && y < 3 * h / 4;
            int o = y * stride + x * 3;
            bgr.put(o, (byte) (in ? 26 : 110));
            bgr.put(o + 1, (byte) (in ? 31 : 110));
            bgr.put(o + 2, (byte) (in ? 230 : 110));
          }
        }
      };

  @Test
  void truncatedRecordingIsRejected() throws Exception {
    CharacterSpec c = CharacterSpec.fromSeed(3);
    byte[] mp4 = CameoMp4.encode(CameoRecording.render(c, 3, RECORDING));

    byte[] cut = Arrays.copyOf(mp4, mp4.length / 3);

    assertThatThrownBy(() -> SubjectEncoder.describe(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cameo recording");
  }
}
