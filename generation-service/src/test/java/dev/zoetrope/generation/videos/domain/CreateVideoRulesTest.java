package dev.zoetrope.generation.videos.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateVideoRulesTest {
  private final CreateVideoRules rules =
      new CreateVideoRules(
          new Models(Map.of("sora-2", Models.ZOETROPE_1, "sora-2-pro", Models.ZOETROPE_1_PRO)),
          4000,
          3);

  @Test
  void appliesDefaults() {
    VideoSpec spec = rules.validate(null, "a cat", null, null, null);
    assertThat(spec.model()).isEqualTo("zoetrope-1");
    assertThat(spec.seconds()).isEqualTo(4);
    assertThat(spec.size()).isEqualTo("720x1280");
    assertThat(spec.width()).isEqualTo(720);
    assertThat(spec.height()).isEqualTo(1280);
    assertThat(spec.cameoIds()).isEmpty();
  }

  @Test
  void resolvesAliasesToCanonicalModels() {
    assertThat(rules.validate("sora-2", "p", null, null, null).model()).isEqualTo("zoetrope-1");
    assertThat(rules.validate("sora-2-pro", "p", null, null, null).model())
        .isEqualTo("zoetrope-1-pro");
    assertThat(rules.validate("zoetrope-1-pro", "p", null, null, null).model())
        .isEqualTo("zoetrope-1-pro");
  }

  @Test
  void parsesEverySecondsAndSize() {
    for (String s : List.of("4", "8", "12")) {
      assertThat(rules.validate(null, "p", s, null, null).seconds()).isEqualTo(Integer.parseInt(s));
    }
    VideoSpec wide = rules.validate(null, "p", null, "1792x1024", null);
    assertThat(wide.width()).isEqualTo(1792);
    assertThat(wide.height()).isEqualTo(1024);
  }

  @Test
  void normalizesThePromptWithNfkcAndTrims() {
    // Full-width letters and the "ﬁ" ligature fold to ASCII; CRLF becomes LF.
    String prompt = rules.validate(null, "  ＡＢＣ ﬁsh\r\nnext line\t ", null, null, null).prompt();
    assertThat(prompt).isEqualTo("ABC fish\nnext line");
  }

  @Test
  void countsCodePointsNotUtf16Units() {
    String emoji = "\uD83C\uDFAC"; // one code point, two chars
    String atLimit = emoji.repeat(4000);
    assertThat(rules.validate(null, atLimit, null, null, null).prompt()).isEqualTo(atLimit);
    assertThatThrownBy(() -> rules.validate(null, atLimit + "x", null, null, null))
        .isInstanceOf(InvalidRequestException.class)
        .extracting("param")
        .isEqualTo("prompt");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "\n\t ",
        "bell\u0007",
        "nul\u0000byte",
        "esc\u001b[31m",
        "del\u007f",
        "c1\u0085"
      })
  void rejectsEmptyPromptsAndControlCharacters(String prompt) {
    assertThatThrownBy(() -> rules.validate(null, prompt, null, null, null))
        .isInstanceOf(InvalidRequestException.class)
        .extracting("param")
        .isEqualTo("prompt");
  }

  @Test
  void rejectsMissingOverlongAndBrokenPrompts() {
    assertInvalid(() -> rules.validate(null, null, null, null, null), "prompt");
    assertInvalid(() -> rules.validate(null, "x".repeat(4001), null, null, null), "prompt");
    assertInvalid(() -> rules.validate(null, "x".repeat(16_001), null, null, null), "prompt");
    assertInvalid(() -> rules.validate(null, "lone \uD800 surrogate", null, null, null), "prompt");
    assertThat(rules.validate(null, "x".repeat(4000), null, null, null).prompt()).hasSize(4000);
  }

  @Test
  void rejectsUnknownModelsSecondsAndSizes() {
    assertInvalid(() -> rules.validate("gpt-4o", "p", null, null, null), "model");
    assertInvalid(() -> rules.validate("", "p", null, null, null), "model");
    assertInvalid(() -> rules.validate("SORA-2", "p", null, null, null), "model");
    assertInvalid(() -> rules.validate(null, "p", "5", null, null), "seconds");
    assertInvalid(() -> rules.validate(null, "p", "", null, null), "seconds");
    assertInvalid(() -> rules.validate(null, "p", null, "640x480", null), "size");
    assertInvalid(() -> rules.validate(null, "p", null, "1280X720", null), "size");
  }

  @Test
  void parsesDedupesAndLimitsCameos() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    VideoSpec spec =
        rules.validate(
            null, "p", null, null, List.of(WireIds.cameo(a), WireIds.cameo(b), WireIds.cameo(a)));
    assertThat(spec.cameoIds()).containsExactly(a, b);

    List<String> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(WireIds.cameo(UUID.randomUUID()));
    }
    assertInvalid(() -> rules.validate(null, "p", null, null, four), "cameo_ids");
    assertInvalid(
        () -> rules.validate(null, "p", null, null, List.of(UUID.randomUUID().toString())),
        "cameo_ids");
    assertInvalid(
        () -> rules.validate(null, "p", null, null, List.of(WireIds.video(UUID.randomUUID()))),
        "cameo_ids");
    assertInvalid(
        () -> rules.validate(null, "p", null, null, Arrays.asList((String) null)), "cameo_ids");
  }

  private static void assertInvalid(Runnable call, String param) {
    assertThatThrownBy(call::run)
        .isInstanceOf(InvalidRequestException.class)
        .extracting("param")
        .isEqualTo(param);
  }
}
