package dev.zoetrope.generation.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.world.Captions;
import org.junit.jupiter.api.Test;

class PromptTokenizerTest {
  private final PromptTokenizer tokenizer = new PromptTokenizer();

  @Test
  void knownWordsMapToTheirIdsCaseInsensitively() {
    int[] ids = tokenizer.encode("A RED Ball bounces, high!");

    assertThat(ids).hasSize(5);
    assertThat(ids).doesNotContain(PromptTokenizer.UNK);
    assertThat(PromptTokenizer.word(ids[1])).isEqualTo("red");
    assertThat(PromptTokenizer.word(ids[2])).isEqualTo("ball");
    assertThat(PromptTokenizer.word(ids[4])).isEqualTo("high");
  }

  @Test
  void unknownWordsBecomeUnkInsteadOfFailing() {
    int[] ids = tokenizer.encode("a zxqv ball über 🙂 @alice");

    assertThat(ids)
        .containsExactly(
            tokenizer.encode("a")[0],
            PromptTokenizer.UNK,
            tokenizer.encode("ball")[0],
            PromptTokenizer.UNK, // "ber": the umlaut is a separator
            PromptTokenizer.UNK); // "alice"
  }

  @Test
  void blankPromptsGiveNoTokensAndLongOnesAreCutAt64() {
    assertThat(tokenizer.encode("")).isEmpty();
    assertThat(tokenizer.encode("   ,,, ")).isEmpty();
    assertThat(tokenizer.encode(null)).isEmpty();
    assertThat(tokenizer.encode("ball ".repeat(500))).hasSize(PromptTokenizer.MAX_TOKENS);
  }

  @Test
  void everyWordTheTrainingWorldCaptionsWithIsInTheVocabulary() {
    // An out-of-vocabulary caption word would train as <unk> and be unpromptable.
    for (String word : Captions.VOCABULARY) {
      assertThat(tokenizer.encode(word)).as(word).doesNotContain(PromptTokenizer.UNK).hasSize(1);
    }
  }

  @Test
  void vocabularyIsStableAndFingerprinted() {
    assertThat(PromptTokenizer.word(PromptTokenizer.PAD)).isEqualTo("<pad>");
    assertThat(PromptTokenizer.word(PromptTokenizer.UNK)).isEqualTo("<unk>");
    assertThat(PromptTokenizer.word(PromptTokenizer.NULL)).isEqualTo("<null>");
    assertThat(PromptTokenizer.VOCABULARY).doesNotHaveDuplicates();
    assertThat(PromptTokenizer.vocabularySize()).isEqualTo(ModelConfig.standard().vocabularySize());
    assertThat(PromptTokenizer.fingerprint()).hasSize(64);
  }
}
