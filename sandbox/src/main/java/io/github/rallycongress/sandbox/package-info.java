/**
 * An embedded, stateful fake of the Rally Congress API v3 for tests, demos and other teams:
 * {@link io.github.rallycongress.sandbox.RallySandbox} and its JUnit 5 extension
 * {@link io.github.rallycongress.sandbox.RallySandboxExtension}. Everything else is package-private.
 * Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.github.rallycongress.sandbox;

import org.jspecify.annotations.NullMarked;
