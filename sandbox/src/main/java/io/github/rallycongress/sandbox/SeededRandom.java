package io.github.rallycongress.sandbox;

import java.util.SplittableRandom;

/** Reproducible randomness: the same (seed, index) always gives the same numbers. */
final class SeededRandom {
  private SeededRandom() {
  }

  /** A well-mixed 64-bit value of two inputs (the SplitMix64 finalizer). */
  static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static SplittableRandom of(long seed, long index) {
    return new SplittableRandom(mix(seed, index));
  }
}
