package dev.zoetrope.generation.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Word-level tokenizer over a fixed vocabulary. The prompt is lowercased and split on anything that
 * is not a letter or digit; a word outside the vocabulary becomes {@link #UNK}, never an error. At
 * most {@link #MAX_TOKENS} tokens are kept. Stateless and thread-safe.
 *
 * <p>Token ids index the caption embedding table, so the vocabulary's order is part of the weight
 * format: append new words at the end and retrain; {@link #fingerprint()} goes into the manifest.
 */
public final class PromptTokenizer {
  public static final int MAX_TOKENS = 64;
  public static final int PAD = 0;
  public static final int UNK = 1;

  /** Stands for "no caption": classifier-free guidance's unconditional branch. */
  public static final int NULL = 2;

  static final List<String> VOCABULARY =
      Stream.of(
              List.of("<pad>", "<unk>", "<null>"),
              // colours
              List.of(
                  "red", "orange", "yellow", "green", "blue", "purple", "violet", "pink", "white",
                  "black", "grey", "gray", "brown", "cyan", "magenta", "teal", "gold", "golden",
                  "silver", "beige", "navy", "turquoise", "crimson", "lime", "colorful", "colourful",
                  "rainbow", "pastel", "neon", "transparent"),
              // shapes and things
              List.of(
                  "ball", "balls", "cube", "cubes", "square", "squares", "circle", "circles",
                  "triangle", "triangles", "star", "stars", "ring", "rings", "box", "boxes",
                  "sphere", "spheres", "block", "blocks", "disc", "disk", "cone", "pyramid",
                  "cylinder", "line", "lines", "dot", "dots", "heart", "shape", "shapes",
                  "object", "objects", "particle", "particles", "bubble", "bubbles", "drop",
                  "drops", "droplet", "marble", "coin", "planet", "wheel", "pendulum", "spring",
                  "rocket", "bird", "fish", "cat", "dog", "person", "man", "woman", "robot",
                  "character", "face", "tree", "flower", "leaf", "leaves", "cloud", "clouds",
                  "rain", "snow", "wave", "waves", "sun", "moon", "car", "boat", "ship"),
              // motions
              List.of(
                  "bounce", "bounces", "bouncing", "bounced", "fall", "falls", "falling", "fell",
                  "dropped", "dropping", "roll", "rolls", "rolling", "spin", "spins", "spinning",
                  "rotate", "rotates", "rotating", "slide", "slides", "sliding", "move", "moves",
                  "moving", "jump", "jumps", "jumping", "fly", "flies", "flying", "float",
                  "floats", "floating", "orbit", "orbits", "orbiting", "swing", "swings",
                  "swinging", "shake", "shakes", "shaking", "grow", "grows", "growing", "shrink",
                  "shrinks", "shrinking", "pulse", "pulses", "pulsing", "rise", "rises", "rising",
                  "sink", "sinks", "sinking", "collide", "collides", "colliding", "hit", "hits",
                  "hitting", "crash", "crashes", "explode", "explodes", "burst", "bursts",
                  "flash", "flashes", "blink", "blinks", "glow", "glows", "glowing", "walk",
                  "walks", "walking", "run", "runs", "running", "dance", "dances", "dancing",
                  "wave", "waving", "zoom", "zooms", "pan", "pans", "stop", "stops", "still",
                  "static", "bouncy", "chase", "chases", "follow", "follows", "swirl", "swirls",
                  "drift", "drifts", "drifting", "tumble", "tumbles", "wobble", "wobbles"),
              // materials and textures
              List.of(
                  "rubber", "metal", "metallic", "wood", "wooden", "glass", "stone", "plastic",
                  "paper", "water", "sand", "ice", "fire", "steel", "iron", "clay", "wool",
                  "cloth", "fabric", "jelly", "liquid", "solid", "soft", "hard", "shiny", "matte",
                  "smooth", "rough", "striped", "dotted", "checkered", "glossy", "fuzzy"),
              // sizes, speeds, amounts
              List.of(
                  "big", "bigger", "small", "smaller", "large", "tiny", "huge", "giant", "little",
                  "tall", "short", "long", "wide", "thin", "fat", "heavy", "light", "fast",
                  "faster", "slow", "slower", "quick", "quickly", "slowly", "gently", "hard",
                  "one", "two", "three", "four", "five", "many", "several", "few", "single",
                  "pair", "once", "twice", "again", "repeatedly", "forever"),
              // places and directions
              List.of(
                  "left", "right", "up", "down", "top", "bottom", "high", "higher", "low", "lower",
                  "center", "centre", "middle", "corner", "edge", "floor", "ground", "wall",
                  "walls", "ceiling", "sky", "background", "foreground", "table", "room", "street",
                  "field", "ocean", "sea", "river", "lake", "beach", "forest", "mountain", "space",
                  "screen", "frame", "scene", "stage", "side", "front", "behind", "inside",
                  "outside", "above", "below", "between", "near", "far", "away", "toward",
                  "towards", "back", "forth", "across", "around", "along", "through", "over",
                  "under", "into", "onto", "off", "out", "upward", "downward", "sideways"),
              // light and sound
              List.of(
                  "night", "day", "bright", "dark", "dim", "shadow", "shadows", "sunset",
                  "sunrise", "lit", "loud", "louder", "quiet", "quieter", "silent", "silence",
                  "sound", "sounds", "noise", "beep", "beeps", "ding", "click", "clicks", "thud",
                  "thuds", "bang", "bangs", "chime", "chimes", "hum", "hums", "buzz", "whistle",
                  "music", "musical", "note", "notes", "tone", "tones", "pitch", "drum", "drums",
                  "bell", "bells", "piano", "echo", "tick", "tock", "boom", "pop", "pops",
                  "squeak", "splash", "rhythm", "beat", "melody", "voice", "sings", "singing"),
              // common words
              List.of(
                  "a", "an", "the", "and", "or", "with", "without", "of", "on", "in", "at", "to",
                  "from", "by", "for", "as", "is", "are", "was", "be", "it", "its", "that", "this",
                  "these", "those", "then", "while", "when", "after", "before", "until", "each",
                  "every", "other", "another", "together", "very", "more", "less", "some", "all",
                  "no", "not", "only", "same", "different", "first", "second", "last", "next",
                  "video", "clip", "shot", "camera", "view", "close", "closeup", "animation",
                  "animated", "cartoon", "realistic", "simple", "minimal", "abstract", "pixel",
                  "retro", "cinematic", "beautiful", "cute", "happy", "sad", "angry", "funny"))
          .flatMap(List::stream)
          .distinct()
          .toList();

  private static final Map<String, Integer> IDS = index();
  private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

  /** Token ids of {@code prompt}; empty for a blank prompt. */
  public int[] encode(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      return new int[0];
    }
    List<Integer> ids = new ArrayList<>();
    for (String word : SEPARATORS.split(prompt.toLowerCase(Locale.ROOT))) {
      if (word.isEmpty()) {
        continue;
      }
      ids.add(IDS.getOrDefault(word, UNK));
      if (ids.size() == MAX_TOKENS) {
        break;
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  public static int vocabularySize() {
    return VOCABULARY.size();
  }

  /** The word behind an id, for logs and tests. */
  public static String word(int id) {
    return VOCABULARY.get(id);
  }

  /** SHA-256 of the vocabulary in order: weights trained on another vocabulary are refused. */
  public static String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\n", VOCABULARY).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Integer> index() {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (int i = 0; i < VOCABULARY.size(); i++) {
      ids.put(VOCABULARY.get(i), i);
    }
    return Map.copyOf(ids);
  }
}
