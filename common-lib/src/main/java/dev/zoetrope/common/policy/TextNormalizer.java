package dev.zoetrope.common.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Folds the tricks people use to slip a word past a filter into plain lowercase ASCII-ish tokens:
 * compatibility forms (full-width, ligatures, circled letters), invisible characters, diacritics,
 * look-alike Cyrillic/Greek letters, and leetspeak inside words. Prompt and policy terms go through
 * the same folding, so a term configured as {@code self-harm} matches {@code s3lf h@rm}.
 */
public final class TextNormalizer {

  // Only inside tokens that also hold a letter: "g0re" is an evasion, "1 ball" is a count.
  private static final Map<Character, Character> LEET =
      Map.of('0', 'o', '1', 'i', '3', 'e', '4', 'a', '5', 's', '7', 't', '@', 'a', '$', 's');

  // Letters NFKD leaves alone, and confusables that render like Latin letters.
  private static final Map<Character, String> FOLD =
      Map.ofEntries(
          Map.entry('ß', "ss"),
          Map.entry('æ', "ae"),
          Map.entry('œ', "oe"),
          Map.entry('ø', "o"),
          Map.entry('ł', "l"),
          Map.entry('đ', "d"),
          Map.entry('ħ', "h"),
          Map.entry('ı', "i"),
          Map.entry('а', "a"),
          Map.entry('в', "b"),
          Map.entry('е', "e"),
          Map.entry('к', "k"),
          Map.entry('м', "m"),
          Map.entry('н', "h"),
          Map.entry('о', "o"),
          Map.entry('р', "p"),
          Map.entry('с', "c"),
          Map.entry('т', "t"),
          Map.entry('у', "y"),
          Map.entry('х', "x"),
          Map.entry('і', "i"),
          Map.entry('ј', "j"),
          Map.entry('ѕ', "s"),
          Map.entry('ԁ', "d"),
          Map.entry('ɡ', "g"),
          Map.entry('α', "a"),
          Map.entry('ε', "e"),
          Map.entry('ι', "i"),
          Map.entry('κ', "k"),
          Map.entry('ν', "v"),
          Map.entry('ο', "o"),
          Map.entry('ρ', "p"),
          Map.entry('τ', "t"),
          Map.entry('υ', "u"),
          Map.entry('χ', "x"));

  private TextNormalizer() {}

  /** The folded text as single-space-separated tokens of letters and digits. */
  public static String normalize(String text) {
    return String.join(" ", tokens(text));
  }

  /** The folded text split into tokens of letters and digits. */
  public static List<String> tokens(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    // Format characters (zero-width space/joiners, soft hyphen, BOM, bidi controls) are invisible
    // and only ever split a word apart.
    s = s.replaceAll("\\p{Cf}", "");
    s = s.toLowerCase(Locale.ROOT);
    s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    StringBuilder folded = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String f = FOLD.get(c);
      if (f != null) {
        folded.append(f);
      } else {
        folded.append(c);
      }
    }
    List<String> tokens = new ArrayList<>();
    for (String chunk : folded.toString().split("[\\s\\p{Z}\\p{Cc}]+")) {
      if (chunk.isEmpty()) {
        continue;
      }
      String mapped = hasLetter(chunk) ? unleet(chunk) : chunk;
      for (String token : mapped.split("[^\\p{L}\\p{N}]+")) {
        if (!token.isEmpty()) {
          tokens.add(token);
        }
      }
    }
    return tokens;
  }

  private static boolean hasLetter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String unleet(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      Character m = LEET.get(c);
      b.append(m == null ? c : m);
    }
    return b.toString();
  }
}
