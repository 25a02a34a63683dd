package dev.zoetrope.common.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Term-based prompt policy: each category lists terms, and a prompt is blocked by the first
 * category with a term that occurs in it as whole words. A term is a word or phrase ({@code severed
 * head}); {@code a|b} inside a term means either word, and {@code x + y} means both parts somewhere
 * in the prompt ({@code child|kid + nude|naked}), for combinations no single phrase catches.
 *
 * <p>Matching is on {@link TextNormalizer} tokens and tolerates the cheap evasions: simple
 * inflections ({@code beheaded}), stretched letters ({@code goooore}) and spelled-out letters
 * ({@code g o r e}, {@code g.o.r.e}). It is a first line, not a classifier: it cannot see meaning,
 * so the output check and human review of stored decisions stay in place behind it.
 */
public final class PromptPolicy {

  private static final List<String> SUFFIXES = List.of("s", "es", "d", "ed", "ing", "er", "ers");

  /** Categories in the order they are tried: the most severe first. */
  public static Map<String, List<String>> defaults() {
    Map<String, List<String>> d = new LinkedHashMap<>();
    d.put(
        "sexual_minors",
        List.of(
            "child porn",
            "child pornography",
            "csam",
            "jailbait",
            "loli",
            "lolicon",
            "shotacon",
            "pedophile",
            "pedophilia",
            "paedophile",
            "paedophilia",
            "underage sex",
            "child|children|kid|kids|minor|minors|toddler|preteen|underage|schoolgirl|schoolboy"
                + " + nude|naked|sex|sexual|sexy|erotic|porn|lingerie|topless|undressed"));
    d.put(
        "graphic_violence",
        List.of(
            "gore",
            "gory",
            "behead",
            "beheading",
            "decapitate",
            "decapitation",
            "dismember",
            "dismemberment",
            "disembowel",
            "disembowelment",
            "eviscerate",
            "evisceration",
            "mutilate",
            "mutilation",
            "severed head",
            "severed limb",
            "severed limbs",
            "entrails",
            "torture porn",
            "snuff film",
            "bloodbath",
            "skinned alive",
            "burned alive",
            "flayed"));
    d.put(
        "self_harm",
        List.of(
            "suicide",
            "suicidal",
            "self harm",
            "selfharm",
            "kill myself",
            "killing myself",
            "end my life",
            "cut myself",
            "cutting myself",
            "slit my wrists",
            "slit wrists",
            "hang myself",
            "hanging myself"));
    d.put(
        "hate",
        List.of(
            "heil hitler",
            "sieg heil",
            "white power",
            "white supremacy",
            "white supremacist",
            "ethnic cleansing",
            "racial holy war",
            "kkk"));
    return d;
  }

  private final List<Category> categories;
  private final Map<String, List<String>> terms;
  private final String version;

  /** Terms per category; iteration order is the order categories are tried. */
  public PromptPolicy(Map<String, List<String>> terms) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    terms.forEach((name, list) -> copy.put(name, List.copyOf(list)));
    this.terms = Collections.unmodifiableMap(copy);
    this.version = version(copy);
    List<Category> cs = new ArrayList<>();
    terms.forEach(
        (name, list) -> {
          List<Term> compiled = new ArrayList<>();
          for (String raw : list) {
            Term t = Term.compile(raw);
            if (t != null) {
              compiled.add(t);
            }
          }
          cs.add(new Category(name, compiled));
        });
    this.categories = List.copyOf(cs);
  }

  /**
   * The defaults with {@code overrides} replacing whole categories and adding new ones. Names are
   * matched loosely ({@code graphic-violence}, {@code graphicviolence}), because Spring's map
   * binding drops the underscore from an unbracketed key.
   */
  public static PromptPolicy withOverrides(Map<String, List<String>> overrides) {
    Map<String, List<String>> merged = defaults();
    Map<String, String> byLooseName = new LinkedHashMap<>();
    merged.keySet().forEach(name -> byLooseName.put(loose(name), name));
    overrides.forEach(
        (name, list) -> {
          String canonical =
              byLooseName.getOrDefault(
                  loose(name), name.toLowerCase(Locale.ROOT).replace('-', '_'));
          merged.put(canonical, list == null ? List.of() : list);
        });
    return new PromptPolicy(merged);
  }

  /** The terms per category as given, in the order they are tried: what a copy is built from. */
  public Map<String, List<String>> terms() {
    return terms;
  }

  /**
   * Names this exact policy (its categories, their order and terms): a decision records which
   * policy made it, and a copy elsewhere can tell whether it is still the current one.
   */
  public String version() {
    return version;
  }

  private static String version(Map<String, List<String>> terms) {
    StringBuilder canonical = new StringBuilder();
    // Separators that cannot occur in a configured name or term, so no two policies collide.
    terms.forEach(
        (name, list) -> {
          canonical.append(name).append('\u0000');
          list.forEach(t -> canonical.append(t).append('\u0001'));
          canonical.append('\u0002');
        });
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String loose(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  public Result check(String prompt) {
    List<String> tokens = TextNormalizer.tokens(prompt);
    Text text = new Text(tokens, spelledOutRuns(tokens));
    for (Category c : categories) {
      for (Term t : c.terms()) {
        if (t.matches(text)) {
          return new Result(String.join(" ", tokens), Optional.of(new Match(c.name(), t.raw())));
        }
      }
    }
    return new Result(String.join(" ", tokens), Optional.empty());
  }

  /**
   * @param normalized the folded prompt (what is hashed for the audit trail)
   * @param match the category and term that blocked it, if any
   */
  public record Result(String normalized, Optional<Match> match) {
    public boolean allowed() {
      return match.isEmpty();
    }

    /** What the audit trail keeps of the prompt: the hash of its normalized text. */
    public String normalizedSha256() {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(normalized.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The reason a user is shown for a prompt blocked by {@code category}. */
  public static String reason(String category) {
    return "the prompt matches the " + category + " policy";
  }

  public record Match(String category, String term) {}

  private record Category(String name, List<Term> terms) {}

  private record Text(List<String> tokens, List<String> runs) {}

  /** Runs of three or more one-character tokens joined up: "g o r e" is "gore". */
  private static List<String> spelledOutRuns(List<String> tokens) {
    List<String> runs = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (String t : tokens) {
      if (t.length() == 1) {
        run.append(t);
      } else {
        if (run.length() >= 3) {
          runs.add(run.toString());
        }
        run.setLength(0);
      }
    }
    if (run.length() >= 3) {
      runs.add(run.toString());
    }
    return runs;
  }

  /** A conjunction of parts; each part is a phrase whose words may have alternatives. */
  private record Term(String raw, List<List<Set<String>>> parts, List<List<String>> compact) {

    static Term compile(String raw) {
      List<List<Set<String>>> parts = new ArrayList<>();
      List<List<String>> compact = new ArrayList<>();
      for (String part : raw.split("\\+")) {
        List<Set<String>> phrase = new ArrayList<>();
        List<List<String>> alternativesPerWord = new ArrayList<>();
        for (String word : part.trim().split("\\s+")) {
          Set<String> forms = new HashSet<>();
          List<String> plain = new ArrayList<>();
          for (String alternative : word.split("\\|")) {
            // Fold each alternative exactly like prompt text, so configured terms may use any
            // spelling and still compare token by token.
            String folded = String.join("", TextNormalizer.tokens(alternative));
            if (!folded.isEmpty()) {
              plain.add(folded);
              forms.addAll(inflections(folded));
            }
          }
          if (!forms.isEmpty()) {
            phrase.add(forms);
            alternativesPerWord.add(plain);
          }
        }
        if (phrase.isEmpty()) {
          continue;
        }
        parts.add(phrase);
        compact.add(alternativesPerWord.size() == 1 ? alternativesPerWord.getFirst() : List.of());
      }
      return parts.isEmpty() ? null : new Term(raw.trim(), parts, compact);
    }

    boolean matches(Text text) {
      for (int p = 0; p < parts.size(); p++) {
        if (!partMatches(parts.get(p), compact.get(p), text)) {
          return false;
        }
      }
      return true;
    }

    private static boolean partMatches(
        List<Set<String>> phrase, List<String> singleWordForms, Text text) {
      List<String> tokens = text.tokens();
      for (int i = 0; i + phrase.size() <= tokens.size(); i++) {
        boolean all = true;
        for (int j = 0; j < phrase.size() && all; j++) {
          String token = tokens.get(i + j);
          Set<String> forms = phrase.get(j);
          all = forms.contains(token) || forms.contains(squeeze(token));
        }
        if (all) {
          return true;
        }
      }
      // Spelled-out letters lose word boundaries, so only whole single words are looked for
      // inside them; a run of lone letters is rare enough in real prompts not to misfire.
      for (String run : text.runs()) {
        for (String word : singleWordForms) {
          if (word.length() < 3) {
            continue;
          }
          String squeezedWord = squeeze(word);
          if (run.contains(word)
              || (squeezedWord.length() >= 3 && squeeze(run).contains(squeezedWord))) {
            return true;
          }
        }
      }
      return false;
    }

    private static Set<String> inflections(String word) {
      Set<String> forms = new HashSet<>();
      forms.add(word);
      // Short words inflect into unrelated words too often ("kkk" is fine, "sex" + "es" is not).
      if (word.length() >= 4) {
        for (String suffix : SUFFIXES) {
          forms.add(word + suffix);
          if (word.endsWith("e") && (suffix.startsWith("e") || suffix.equals("ing"))) {
            forms.add(word.substring(0, word.length() - 1) + suffix);
          }
        }
      }
      Set<String> squeezed = new HashSet<>();
      for (String f : forms) {
        // "kkk" squeezes to "k", which would match every lone letter k.
        String s = squeeze(f);
        if (s.length() >= 3) {
          squeezed.add(s);
        }
      }
      forms.addAll(squeezed);
      return forms;
    }
  }

  /** Collapses repeated letters: "goooore" and "gore" both become "gore". */
  static String squeeze(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (b.isEmpty() || b.charAt(b.length() - 1) != c) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
