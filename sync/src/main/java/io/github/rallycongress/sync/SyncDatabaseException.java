package io.github.rallycongress.sync;

/**
 * The database refused or failed a step of a sync: connecting, migrating the schema, or
 * committing a page. Nothing of the page being written is kept (its transaction is rolled back),
 * so running the sync again resumes from the last committed page. The cause is usually the
 * driver's {@link java.sql.SQLException}.
 */
public final class SyncDatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SyncDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }

  SyncDatabaseException(String message) {
    super(message);
  }
}
