package dev.zoetrope.generation.world;

import java.util.List;

/**
 * SplitMix64: a tiny generator whose output is fixed by this code, not by the JDK version, so a
 * seed names the same scene forever (datasets and the held-out split depend on it).
 */
final class Rng {
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** An independent stream for one purpose, so adding draws elsewhere never shifts this one. */
  Rng fork(long salt) {
    return new Rng(mix(state ^ mix(salt + 0x9E3779B97F4A7C15L)));
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  double range(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  int nextInt(int bound) {
    return (int) Math.floorMod(nextLong(), (long) bound);
  }

  /** Uniform integer in [lo, hi]. */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  <T> T pick(List<T> items) {
    return items.get(nextInt(items.size()));
  }

  /** Symmetric noise in [-1, 1). */
  double signed() {
    return 2 * nextDouble() - 1;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Stateless hash of a value with a salt, for textures and splits. */
  static long hash(long value, long salt) {
    return mix(mix(value + 0x9E3779B97F4A7C15L) ^ salt);
  }

  static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }
}
