package dev.zoetrope.moderation.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
}
