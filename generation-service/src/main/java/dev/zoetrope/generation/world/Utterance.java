package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.List;

/** A character says {@code word} starting at {@code startS} seconds. */
public record Utterance(Word word, double startS) {

  /** The voiced intervals {@code [start, end)} in seconds, one per syllable. */
  public List<double[]> syllableIntervals() {
    List<double[]> out = new ArrayList<>();
    double t = startS;
    for (Word.Syllable s : word.syllables()) {
      out.add(new double[] {t, t + s.durationS()});
      t += s.durationS() + Word.SYLLABLE_GAP_S;
    }
    return out;
  }

  public double endS() {
    return startS + word.durationS();
  }
}
