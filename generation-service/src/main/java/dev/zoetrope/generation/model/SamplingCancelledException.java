package dev.zoetrope.generation.model;

/** Sampling stopped because its caller asked it to, between two steps. */
public class SamplingCancelledException extends Exception {
  private final int completedSteps;

  public SamplingCancelledException(int completedSteps) {
    super("sampling cancelled after " + completedSteps + " steps");
    this.completedSteps = completedSteps;
  }

  public int completedSteps() {
    return completedSteps;
  }
}
