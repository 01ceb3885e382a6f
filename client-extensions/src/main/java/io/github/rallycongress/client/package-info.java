/**
 * The Rally Congress API v3 client: start at {@link io.github.rallycongress.client.RallyCongress}.
 * Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.github.rallycongress.client;

import org.jspecify.annotations.NullMarked;
