package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Captions generated from a scene's parameters and what its simulation made happen, e.g. "a red
 * rubber ball drops and bounces twice on a wooden floor while a green round character says hello".
 * Every entity is named exactly once, objects first, by colour, material and noun (objects) or
 * colour, shape and pattern (characters).
 */
public final class Captions {

  /**
   * Every word any caption can contain, in a fixed order (a tokenizer may index it): lowercase, no
   * punctuation. Appending keeps earlier indices stable.
   */
  public static final List<String> VOCABULARY = vocabulary();

  /** " in a high bright voice", any pitch and timbre word ({@link Voice#phrase()}). */
  private static final java.util.regex.Pattern VOICE_CLAUSE =
      java.util.regex.Pattern.compile(
          " in a (?:low|high) (?:"
              + Arrays.stream(Voice.Timbre.values())
                  .map(Voice.Timbre::word)
                  .collect(Collectors.joining("|"))
              + ") voice");

  private Captions() {}

  /** The caption of {@code scene}: simulates it (cheap, no rendering). */
  public static String caption(Scene scene) {
    return caption(scene, SceneFacts.of(scene, Simulation.run(scene, new double[0])));
  }

  static String caption(Scene scene, SceneFacts facts) {
    List<Actor> actors = scene.actors();
    List<String> objectClauses = new ArrayList<>();
    List<String> characterClauses = new ArrayList<>();
    int collideFirst = -1;
    for (int i = 0; i < actors.size(); i++) {
      Actor a = actors.get(i);
      EntityFacts f = facts.entities().get(i);
      String np = withArticle(a.entity().description());
      switch (a.motion()) {
        case DROP ->
            objectClauses.add(
                np
                    + " drops and "
                    + (f.bounces() == 0 ? "lands" : "bounces " + times(f.bounces())));
        case ROLL -> {
          ObjectSpec o = (ObjectSpec) a.entity();
          objectClauses.add(
              np
                  + " "
                  + o.kind().floorVerb()
                  + (a.vxMps() > 0 ? " right" : " left")
                  + (f.hitsWall() ? " and hits the wall" : ""));
        }
        case COLLIDE -> {
          if (collideFirst < 0) {
            collideFirst = i;
          } else {
            objectClauses.add(
                withArticle(actors.get(collideFirst).entity().description())
                    + " and "
                    + np
                    + " collide");
          }
        }
        case SPEAK -> characterClauses.add(np + " says " + words(f.words()) + voice(a));
        case JUMP -> characterClauses.add(np + " jumps " + times(f.jumps()));
        case JUMP_AND_SPEAK ->
            characterClauses.add(np + " jumps and says " + words(f.words()) + voice(a));
      }
    }
    String place = scene.background().phrase();
    String placed = place.isEmpty() ? "" : " " + place;
    if (objectClauses.isEmpty()) {
      return String.join(" and ", characterClauses) + placed;
    }
    String sentence = String.join(" and ", objectClauses) + placed;
    if (!characterClauses.isEmpty()) {
      sentence += " while " + String.join(" and ", characterClauses);
    }
    return sentence;
  }

  static String withArticle(String description) {
    char first = description.charAt(0);
    return ("aeiou".indexOf(first) >= 0 ? "an " : "a ") + description;
  }

  static String times(int n) {
    return switch (n) {
      case 1 -> "once";
      case 2 -> "twice";
      case 3 -> "three times";
      default -> "several times";
    };
  }

  /**
   * " in a high bright voice": who speaks is named with the voice heard, so a prompt (or a cameo's
   * measured voice) can ask for one. Only speaking characters get it: a silent jump has no voice.
   */
  private static String voice(Actor speaker) {
    return " in " + ((CharacterSpec) speaker.entity()).voice().phrase();
  }

  /**
   * The caption without its voice clauses, as captions were before they named voices: the held-out
   * split hashes this form so that it did not move when voices were added (a model trained on the
   * earlier captions still never saw an evaluation prompt), and a cameo prompt drops them so that
   * the voice comes from the recording only.
   */
  public static String withoutVoices(String normalisedCaption) {
    return VOICE_CLAUSE.matcher(normalisedCaption).replaceAll("");
  }

  private static String words(List<Word> words) {
    return words.stream().map(Word::text).collect(Collectors.joining(" and "));
  }

  /**
   * Lowercase words of {@code text} (letters only), as a tokenizer over {@link #VOCABULARY} sees.
   */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static List<String> vocabulary() {
    Set<String> v = new LinkedHashSet<>();
    v.addAll(List.of("a", "an", "the", "and", "while", "with", "on", "under"));
    for (Colour c : Colour.values()) {
      v.add(c.word());
    }
    for (Material m : Material.values()) {
      v.add(m.adjective());
    }
    for (ObjectKind k : ObjectKind.values()) {
      v.add(k.noun());
    }
    v.add("character");
    for (BodyShape s : BodyShape.values()) {
      v.add(s.word());
    }
    for (Pattern p : Pattern.values()) {
      if (!p.word().isEmpty()) {
        v.add(p.word());
      }
    }
    v.addAll(
        List.of(
            "drops", "lands", "bounces", "once", "twice", "three", "times", "several", "rolls",
            "slides", "left", "right", "hits", "wall", "collide", "says", "jumps"));
    v.addAll(List.of("in", "voice", "low", "high"));
    for (Voice.Timbre t : Voice.Timbre.values()) {
      v.add(t.word());
    }
    for (Word w : Word.values()) {
      v.add(w.text());
    }
    for (Background b : Background.values()) {
      v.addAll(words(b.phrase()));
    }
    return List.copyOf(v);
  }
}
