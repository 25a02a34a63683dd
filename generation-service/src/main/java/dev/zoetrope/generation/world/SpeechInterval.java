package dev.zoetrope.generation.world;

/**
 * One voiced syllable: the character's voice sounds, and its mouth is drawn open, exactly during
 * {@code [startS, endS)}.
 */
public record SpeechInterval(int entity, double startS, double endS, Word word, int syllable) {

  public boolean contains(double timeS) {
    return timeS >= startS && timeS < endS;
  }
}
