package dev.zoetrope.generation.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The negative prompt each version samples with. */
class ModelVersionTest {
  private final PromptTokenizer tokenizer = new PromptTokenizer();

  @Test
  void proGuidesAwayFromItsPromptWithMoreObjectsUnlessTheRequestNamesANegative() {
    int[] prompt = tokenizer.encode("a red ball drops on a wooden floor");
    int[] contrast = tokenizer.encode("and a ball and a block");

    assertThat(ModelVersion.ZOETROPE_1_PRO.negativeTokens(prompt, new int[0], tokenizer))
        .isEqualTo(IntStream.concat(IntStream.of(prompt), IntStream.of(contrast)).toArray());
    int[] requested = tokenizer.encode("a blue block");
    assertThat(ModelVersion.ZOETROPE_1_PRO.negativeTokens(prompt, requested, tokenizer))
        .isEqualTo(requested);
    // The standard model keeps the null caption: the contrast was measured on Pro's weights.
    assertThat(ModelVersion.ZOETROPE_1.negativeTokens(prompt, new int[0], tokenizer)).isEmpty();
  }

  @Test
  void aLongPromptKeepsAllOfItsTokensBeforeTheContrast() {
    int[] prompt = IntStream.range(0, PromptTokenizer.MAX_TOKENS).map(i -> 10).toArray();
    int[] negative = ModelVersion.ZOETROPE_1_PRO.negativeTokens(prompt, new int[0], tokenizer);
    // Cutting the prompt to make room would leave a negative that is not "the prompt and more".
    assertThat(negative).hasSize(PromptTokenizer.MAX_TOKENS + 6).startsWith(prompt);
  }
}
