package dev.zoetrope.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptPolicyTest {
  private final PromptPolicy policy = PromptPolicy.withOverrides(Map.of());

  private String category(String prompt) {
    return policy.check(prompt).match().map(PromptPolicy.Match::category).orElse(null);
  }

  @Test
  void endToEndPrompts() {
    assertThat(category("a red ball bounces through a pool of gore")).isEqualTo("graphic_violence");
    assertThat(category("a red ball bounces twice on a wooden floor")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a pool of G0RE",
        "a pool of g\u200bore", // zero-width space inside the word
        "a pool of gōrë", // diacritics
        "a pool of ｇｏｒｅ", // full-width
        "a pool of gоre", // Cyrillic o
        "a pool of goooore",
        "a pool of g o r e",
        "a pool of g.o.r.e",
        "the knight was beheaded",
        "a DISMEMBERED doll",
        "a    pool\tof\n gore!!!",
      })
  void evasionsAreFolded(String prompt) {
    assertThat(category(prompt)).isEqualTo("graphic_violence");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a gorilla plays drums",
        "gorgeous sunset over the sea",
        "a 4 k video of a cat",
        "the 1990s skyline in 4k",
        "a kid builds a sandcastle",
        "a hang glider over the hills",
        "an adult cuts paper with scissors",
      })
  void harmlessPromptsPass(String prompt) {
    assertThat(category(prompt)).isNull();
  }

  @Test
  void leetspeakAndPhrases() {
    assertThat(category("i want to k1ll mys3lf")).isEqualTo("self_harm");
    assertThat(category("$elf-h@rm tutorial")).isEqualTo("self_harm");
    assertThat(category("WHITE   POWER rally")).isEqualTo("hate");
  }

  @Test
  void conjunctionsNeedEveryPart() {
    assertThat(category("a child on the beach")).isNull();
    assertThat(category("a nude statue in a museum")).isNull();
    assertThat(category("a nude child on the beach")).isEqualTo("sexual_minors");
    assertThat(category("kids posing n4ked")).isEqualTo("sexual_minors");
  }

  @Test
  void normalizedTextIsStableAcrossEvasions() {
    assertThat(policy.check("A  Pool of G0RE!").normalized()).isEqualTo("a pool of gore");
    assertThat(policy.check("a pool\u200b of gore").normalized()).isEqualTo("a pool of gore");
  }

  @Test
  void overridesReplaceAddAndDisableCategories() {
    PromptPolicy custom =
        PromptPolicy.withOverrides(
            Map.of(
                "graphicviolence", List.of("splatter"), // underscore lost by map binding
                "weapons", List.of("assault rifle|shotgun"),
                "hate", List.of()));
    assertThat(custom.check("a pool of gore").allowed()).isTrue();
    assertThat(custom.check("splattered paint").match().orElseThrow().category())
        .isEqualTo("graphic_violence");
    assertThat(custom.check("an assault shotgun").match().orElseThrow().category())
        .isEqualTo("weapons");
    assertThat(custom.check("white power").allowed()).isTrue();
    assertThat(custom.check("a nude child").match().orElseThrow().category())
        .isEqualTo("sexual_minors");
  }

  @Test
  void theVersionNamesTheTermsAndTheirOrder() {
    Map<String, List<String>> ab = new LinkedHashMap<>();
    ab.put("a", List.of("one", "two"));
    ab.put("b", List.of("three"));
    Map<String, List<String>> ba = new LinkedHashMap<>();
    ba.put("b", List.of("three"));
    ba.put("a", List.of("one", "two"));
    String version = new PromptPolicy(ab).version();

    assertThat(new PromptPolicy(new LinkedHashMap<>(ab)).version()).isEqualTo(version);
    assertThat(version).matches("[0-9a-f]{16}");
    // Categories are tried in order, so another order is another policy.
    assertThat(new PromptPolicy(ba).version()).isNotEqualTo(version);
    assertThat(new PromptPolicy(Map.of("a", List.of("one", "two", "x"))).version())
        .isNotEqualTo(new PromptPolicy(Map.of("a", List.of("one", "two"))).version());
    // A term cannot pass for two ("one two" is not "one" and "two").
    assertThat(new PromptPolicy(Map.of("a", List.of("one two"))).version())
        .isNotEqualTo(new PromptPolicy(Map.of("a", List.of("one", "two"))).version());
    // What a copy is rebuilt from gives back the same policy.
    PromptPolicy defaults = PromptPolicy.withOverrides(Map.of());
    assertThat(new PromptPolicy(defaults.terms()).version()).isEqualTo(defaults.version());
  }
}
