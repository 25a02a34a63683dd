package dev.zoetrope.generation.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class CaptionsTest {
  private static final java.util.regex.Pattern OBJECT =
      java.util.regex.Pattern.compile("\\b(a|an) (\\w+) (\\w+) (ball|block)\\b");
  private static final java.util.regex.Pattern CHARACTER =
      java.util.regex.Pattern.compile(
          "\\b(a|an) (\\w+) (round|square|triangle) character( with (stripes|dots))?");

  @Test
  void captionNamesExactlyTheEntitiesPresent() {
    for (long seed = 0; seed < 600; seed++) {
      Scene scene = SceneGenerator.generate(seed, 2 + seed % 5);
      SceneFacts facts = SceneFacts.of(scene, Simulation.run(scene, new double[0]));
      String caption = Captions.caption(scene);
      List<String> named = new ArrayList<>();
      Matcher m = OBJECT.matcher(caption);
      while (m.find()) {
        named.add(m.group(2) + " " + m.group(3) + " " + m.group(4));
        assertThat(m.group(1)).isEqualTo("aeiou".indexOf(m.group(2).charAt(0)) >= 0 ? "an" : "a");
      }
      m = CHARACTER.matcher(caption);
      while (m.find()) {
        named.add(
            m.group(2) + " " + m.group(3) + " character" + (m.group(4) == null ? "" : m.group(4)));
      }
      List<String> present = scene.actors().stream().map(a -> a.entity().description()).toList();
      assertThat(named).as(caption).containsExactlyInAnyOrderElementsOf(present);

      // No colour is mentioned that no entity has.
      for (Colour c : Colour.values()) {
        boolean has = scene.actors().stream().anyMatch(a -> a.entity().colour() == c);
        assertThat(Captions.words(caption).contains(c.word())).as(caption).isEqualTo(has);
      }
      assertThat(caption).contains(scene.background().phrase());
      assertThat(Captions.VOCABULARY).as(caption).containsAll(Captions.words(caption));

      for (EntityFacts f : facts.entities()) {
        if (f.motion() == Motion.DROP) {
          String said =
              f.bounces() == 0 ? "drops and lands" : "bounces " + Captions.times(f.bounces());
          assertThat(caption).contains(said);
        }
        if (f.motion() == Motion.JUMP) {
          assertThat(caption).contains("jumps " + Captions.times(f.jumps()));
        }
        for (Word w : f.words()) {
          assertThat(caption).contains("says " + w.text());
        }
      }
      // Every speaker's voice is named after its words; silent characters get none.
      long speakers =
          scene.actors().stream()
              .filter(a -> a.motion() == Motion.SPEAK || a.motion() == Motion.JUMP_AND_SPEAK)
              .count();
      assertThat(caption.split(" voice", -1).length - 1).as(caption).isEqualTo((int) speakers);
      for (Actor a : scene.actors()) {
        if (a.motion() == Motion.SPEAK || a.motion() == Motion.JUMP_AND_SPEAK) {
          assertThat(caption).contains(" in " + ((CharacterSpec) a.entity()).voice().phrase());
        }
      }
      assertThat(facts.objectCount()).isEqualTo(scene.template().objectCount());
      assertThat(facts.characterCount()).isEqualTo(scene.template().characterCount());
    }
  }

  @Test
  void captionsArePinned() {
    // The dataset is part of the weights' provenance: a change here changes what models learn.
    assertThat(World.render(0).caption())
        .isEqualTo(
            "an orange metal ball drops and bounces once and a purple glass ball drops and bounces"
                + " twice on a wooden floor");
  }

  @Test
  void timbreFamiliesAreToldApartAtEveryJitter() {
    // Voice.random weighs each harmonic by its family's law times a jitter in [0.75, 1.25].
    for (double j1 : new double[] {0.75, 1.0, 1.25}) {
      for (double j2 : new double[] {0.75, 1.0, 1.25}) {
        assertThat(Voice.Timbre.of(0.25 * j2 / j1)).isEqualTo(Voice.Timbre.SOFT);
        assertThat(Voice.Timbre.of(Math.sqrt(0.5) * j2 / j1)).isEqualTo(Voice.Timbre.BRIGHT);
        assertThat(Voice.Timbre.of(0.04 * j2 / j1)).isEqualTo(Voice.Timbre.THIN);
      }
    }
    assertThat(new Voice(300, List.of(1.0, 0.5), 5, 0.01).phrase())
        .isEqualTo("a high bright voice");
    assertThat(new Voice(150, List.of(1.0, 0.25), 5, 0.01).phrase()).isEqualTo("a low soft voice");
  }

  @Test
  void vocabularyIsLowercaseUniqueWords() {
    assertThat(Captions.VOCABULARY).doesNotHaveDuplicates();
    assertThat(Captions.VOCABULARY).allMatch(w -> w.matches("[a-z]+"));
    assertThat(Captions.VOCABULARY).contains("ball", "character", "says", "hello", "night");
  }
}
