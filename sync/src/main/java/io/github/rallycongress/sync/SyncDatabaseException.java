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

  /** {@code text} with each JDBC URL cut to its scheme ({@code jdbc:sqlite:…}): a URL may hold a password. */
  static String withoutUrls(String text) {
    return JDBC_URL.matcher(text).replaceAll("$1…");
  }
}
