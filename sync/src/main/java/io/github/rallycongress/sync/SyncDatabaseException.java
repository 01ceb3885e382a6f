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
    super(message, withoutUrls(cause));
  }

  SyncDatabaseException(String message) {
    super(message);
  }

  /**
   * What {@code e} says, without people's data: the SQLState and the first line of the database's
   * own error. A batch's message quotes its statement with the values bound (PostgreSQL's driver:
   * "Batch entry 0 INSERT … VALUES (('Grace'), …, ('grace@example.org'), …) was aborted"), and
   * PostgreSQL's error adds a "Detail:" line with the key's value, both of which a message would
   * carry into a log; the cause keeps them for whoever debugs with it. A JDBC URL in it (the SQLite
   * driver quotes the whole URL, password or key included, in some of its errors) is cut to its
   * scheme.
   */
  static String describe(java.sql.SQLException e) {
    java.sql.SQLException root = e;
    while (root instanceof java.sql.BatchUpdateException && root.getNextException() != null) {
      root = root.getNextException();
    }
    String message = String.valueOf(root.getMessage());
    int newline = message.indexOf('\n');
    String first = (newline < 0 ? message : message.substring(0, newline)).trim();
    if (first.startsWith("Batch entry ")) {
      first = "a batch of the page's rows was aborted";
    }
    return (root.getSQLState() == null ? "" : "SQLState " + root.getSQLState() + ", ") + withoutUrls(first);
  }

  private static final java.util.regex.Pattern JDBC_URL = java.util.regex.Pattern.compile("(jdbc:[A-Za-z0-9]+:)\\S*");

  /**
   * {@code cause}, or where a message in its chain quotes a JDBC URL, a copy of the chain with each
   * such URL cut to its scheme: an app logs the cause with its stack trace, and the SQLite driver
   * quotes the whole URL, password or key included, in some of its errors. A copy keeps the stack
   * trace, and for an {@link java.sql.SQLException} its type, SQLState and vendor code; another
   * throwable quoting a URL becomes a {@link RuntimeException} that names its class.
   */
  private static Throwable withoutUrls(Throwable cause) {
    boolean quotesUrl = false;
    for (Throwable t = cause; t != null && !quotesUrl; t = t.getCause() == t ? null : t.getCause()) {
      quotesUrl = t.getMessage() != null && JDBC_URL.matcher(t.getMessage()).find();
    }
    return quotesUrl ? copyWithoutUrls(cause, 0) : cause;
  }

  private static Throwable copyWithoutUrls(Throwable t, int depth) {
    Throwable next = t.getCause() == null || t.getCause() == t || depth > 20 ? null : copyWithoutUrls(t.getCause(), depth + 1);
    String message = t.getMessage() == null ? null : withoutUrls(t.getMessage());
    boolean quotesUrl = t.getMessage() != null && !t.getMessage().equals(message);
    if (!quotesUrl && next == t.getCause()) {
      return t;
    }
    Throwable copy = t instanceof java.sql.SQLException sql
        ? new java.sql.SQLException(message, sql.getSQLState(), sql.getErrorCode(), next)
        : new RuntimeException(t.getClass().getName() + (message == null ? "" : ": " + message), next);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /** {@code text} with each JDBC URL cut to its scheme ({@code jdbc:sqlite:…}): a URL may hold a password. */
  static String withoutUrls(String text) {
    return JDBC_URL.matcher(text).replaceAll("$1…");
  }
}
