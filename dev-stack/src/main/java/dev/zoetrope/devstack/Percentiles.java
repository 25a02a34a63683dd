package dev.zoetrope.devstack;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample, as the benchmark tables print them. */
final class Percentiles {
  private final double[] sorted;

  Percentiles(double[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /** The smallest value with at least {@code p} percent of the sample at or below it. */
  double at(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
  }

  double max() {
    return at(100);
  }
}
