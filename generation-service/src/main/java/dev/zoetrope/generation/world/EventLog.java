package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Analytic ground truth of a rendered clip, for evaluation: what happened when, and where
 * everything was drawn.
 *
 * <p>Timing convention: frame {@code j} shows the world at its mid-exposure time {@link
 * #frameTimeS(int) (j + 0.5) / fps}, so frame {@code j} stands for the interval {@code [j/fps,
 * (j+1)/fps)} — the same interval as mel columns {@code j·k .. j·k+k-1} of a spectrogram with
 * {@code k} columns per frame.
 *
 * @param contacts every impact, in time order
 * @param speech every voiced syllable, in time order
 * @param frames {@code frames.get(j).get(i)}: entity {@code i} in frame {@code j}
 */
public record EventLog(
    int width,
    int height,
    double fps,
    double durationS,
    List<Contact> contacts,
    List<SpeechInterval> speech,
    List<List<EntityFrame>> frames,
    SceneFacts facts) {

  public EventLog {
    contacts = List.copyOf(contacts);
    speech = List.copyOf(speech);
    frames = frames.stream().map(List::copyOf).toList();
  }

  public double frameTimeS(int frame) {
    return (frame + 0.5) / fps;
  }

  /** The frame whose interval contains {@code timeS}. */
  public int frameAt(double timeS) {
    return (int) Math.floor(timeS * fps);
  }

  /** Whether entity {@code entity} is voiced at {@code timeS}. */
  public boolean voicedAt(int entity, double timeS) {
    return speech.stream().anyMatch(s -> s.entity() == entity && s.contains(timeS));
  }

  /** Contact times in seconds, ascending. */
  public double[] contactTimesS() {
    return contacts.stream().mapToDouble(Contact::timeS).toArray();
  }

  /**
   * Times at which a sound starts: every logged contact and every syllable start, ascending. What
   * an onset detector should find.
   */
  public double[] soundOnsetsS() {
    List<Double> t = new ArrayList<>();
    contacts.forEach(c -> t.add(c.timeS()));
    speech.forEach(s -> t.add(s.startS()));
    return t.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }
}
