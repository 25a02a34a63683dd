package dev.zoetrope.generation.worker;

import java.util.OptionalInt;

/**
 * Decides which renderer progress reports are worth a database write: only forward moves of at
 * least {@code step} percent. 100 is reserved for a completed job (upload and checks still follow
 * the render), so progress is capped at 99 here.
 */
final class ProgressThrottle {
  static final int MAX_WHILE_RUNNING = 99;
  private final int step;
  private int written;

  ProgressThrottle(int step) {
    this.step = step;
  }

  OptionalInt accept(int percent) {
    int value = Math.clamp(percent, 0, MAX_WHILE_RUNNING);
    boolean last = value == MAX_WHILE_RUNNING && written < MAX_WHILE_RUNNING;
    if (value - written >= step || (last && value > written)) {
      written = value;
      return OptionalInt.of(value);
    }
    return OptionalInt.empty();
  }
}
