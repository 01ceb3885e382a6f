/**
 * The {@code rally} command-line tool ({@link io.github.rallycongress.samples.Rally}) and short app
 * samples that run against the embedded sandbox by default.
 */
@NullMarked
package io.github.rallycongress.samples;

import org.jspecify.annotations.NullMarked;
