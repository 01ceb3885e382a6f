/**
 * Keeps a database in step with the account's supporters:
 * {@link io.github.rallycongress.sync.SupporterSync}, its {@link io.github.rallycongress.sync.SyncResult}
 * and {@link io.github.rallycongress.sync.SyncDatabaseException}. Everything else is package-private.
 * Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.github.rallycongress.sync;

import org.jspecify.annotations.NullMarked;
