/**
 * The benchmark harness: {@link io.github.rallycongress.benchmarks.Benchmarks} serves identical
 * supporter pages on loopback and runs each client in a JVM of its own. The stock generated client
 * it measures against lives in the generated {@code .stock} package, never edited.
 */
@NullMarked
package io.github.rallycongress.benchmarks;

import org.jspecify.annotations.NullMarked;
