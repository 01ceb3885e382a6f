package io.github.rallycongress.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * The two databases the sync writes to, and what differs between them: the migrations' folder and
 * how instants, days and JSON are bound and read. The SQL of the sync itself is the same for both.
 */
enum Database {
  /** Instants as fixed-width RFC 3339 text in UTC (SQLite has no time type), days as YYYY-MM-DD. */
  SQLITE("sqlite") {
    @Override
    void setInstant(PreparedStatement statement, int index, @Nullable OffsetDateTime value) throws SQLException {
      statement.setString(index, value == null ? null : sqliteInstant(value));
    }

    @Override
    @Nullable OffsetDateTime getInstant(ResultSet row, String column) throws SQLException {
      String text = row.getString(column);
      return text == null ? null : OffsetDateTime.parse(text);
    }

    @Override
    void setDate(PreparedStatement statement, int index, @Nullable LocalDate value) throws SQLException {
      statement.setString(index, value == null ? null : sqliteDate(value));
    }

    @Override
    @Nullable LocalDate getDate(ResultSet row, String column) throws SQLException {
      String text = row.getString(column);
      return text == null ? null : LocalDate.parse(text);
    }

    @Override
    void setJson(PreparedStatement statement, int index, @Nullable String json) throws SQLException {
      statement.setString(index, json);
    }

    /** A write that changes nothing: it takes the file's write lock, waiting for it as the busy timeout says. */
    @Override
    String lockRunsSql() {
      return "UPDATE sync_run SET id = id WHERE id < 0";
    }
  },

  /** timestamptz (microseconds), date and json. */
  POSTGRESQL("postgresql") {
    @Override
    void setInstant(PreparedStatement statement, int index, @Nullable OffsetDateTime value) throws SQLException {
      if (value == null) {
        statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        statement.setObject(index, stored(value));
      }
    }

    /**
     * Truncated to microseconds, timestamptz's precision. The driver would round half up instead:
     * a copy stamped {@code .0000008} would then be older than its own predecessor stamped
     * {@code .0000005} and stored as {@code .000001}, and never be written.
     */
    @Override
    OffsetDateTime stored(OffsetDateTime value) {
      return value.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * PostgreSQL's text cannot hold U+0000 (the driver refuses the value, and the page could then
     * never be written): it is stored as U+FFFD, the replacement character. The content hash
     * covers the value as sent, so the supporter is not taken as changed on the next run.
     */
    @Override
    void setText(PreparedStatement statement, int index, @Nullable String text) throws SQLException {
      statement.setString(index, text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD'));
    }

    @Override
    String storedText(String text) {
      return super.storedText(text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD'));
    }

    @Override
    @Nullable OffsetDateTime getInstant(ResultSet row, String column) throws SQLException {
      OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    void setDate(PreparedStatement statement, int index, @Nullable LocalDate value) throws SQLException {
      if (value == null) {
        statement.setNull(index, Types.DATE);
      } else {
        statement.setObject(index, value);
      }
    }

    @Override
    @Nullable LocalDate getDate(ResultSet row, String column) throws SQLException {
      return row.getObject(column, LocalDate.class);
    }

    @Override
    void setJson(PreparedStatement statement, int index, @Nullable String json) throws SQLException {
      // Types.OTHER lets the server cast the text to json, where a plain string parameter would be refused.
      statement.setObject(index, json == null ? null : storedJson(json), Types.OTHER);
    }

    /**
     * PostgreSQL's json refuses a control character (U+0000 to U+001F) written raw inside a
     * string, which JSON requires escaped ("invalid input syntax for type json"): a server that
     * sent one in a property the spec does not name would stop every run at that page. It is
     * stored escaped ({@code \u0009}), the same value to any JSON reader; the content hash covers
     * the text as sent, so the supporter is not taken as changed on the next run.
     */
    @Override
    String storedJson(String json) {
      if (firstControlCharacter(json) < 0) {
        return json;
      }
      StringBuilder stored = new StringBuilder(json.length() + 16);
      boolean inString = false;
      boolean escaped = false;
      for (int i = 0; i < json.length(); i++) {
        char c = json.charAt(i);
        if (inString && c < 0x20) {
          stored.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          escaped = false;
          continue;
        }
        stored.append(c);
        if (escaped) {
          escaped = false;
        } else if (inString && c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = !inString;
        }
      }
      return stored.toString();
    }

    /**
     * Holds an advisory lock of its own while it looks at the history and runs Flyway: the syncs
     * of one database migrate it one after the other, and the next finds it current. Flyway's own
     * lock is no help under a role's {@code default_transaction_isolation = 'repeatable read'}
     * or {@code 'serializable'}: its snapshot is taken before it waits for the lock, and it then
     * applied migrations another sync had just applied, or tried to baseline the other's tables
     * ("Unable to baseline schema history table ... as it already exists, and is empty").
     */
    @Override
    void migrate(DataSource dataSource) {
      if (isCurrent(dataSource)) {
        return;
      }
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        // Each statement its own transaction, whatever the pool's default: a transaction open
        // around the lock would keep, under REPEATABLE READ, a snapshot from before the wait.
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
          connection.rollback();
          connection.setAutoCommit(true);
        }
        try {
          statement.execute("SELECT pg_advisory_lock(hashtext('" + HISTORY_TABLE + "'))");
          try {
            // One connection in all, this one: see OneConnectionDataSource.
            DataSource locked = new OneConnectionDataSource(connection);
            if (!isCurrent(locked)) {
              flyway(locked);
            }
          } finally {
            statement.execute("SELECT pg_advisory_unlock(hashtext('" + HISTORY_TABLE + "'))");
          }
        } finally {
          connection.setAutoCommit(autoCommit);
        }
      } catch (SQLException e) {
        throw new SyncDatabaseException("Could not lock the database to create or upgrade the sync's tables: "
            + SyncDatabaseException.describe(e), e);
      }
    }

    /**
     * Self-exclusive, and compatible with reads: two syncs beginning a run at once take it in
     * turn, and the second sees the first's run. LOCK is no query, so under REPEATABLE READ or
     * SERIALIZABLE the transaction's snapshot is taken after it, not before the wait.
     */
    @Override
    String lockRunsSql() {
      return "LOCK TABLE sync_run IN SHARE ROW EXCLUSIVE MODE";
    }
  };

  /** Nine fraction digits always, so that comparing the text compares the instants. */
  static final DateTimeFormatter SQLITE_INSTANT = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
      .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
      .appendLiteral('Z')
      .toFormatter(Locale.ROOT);

  /**
   * {@link #SQLITE_INSTANT}'s text, written by hand for the years 0 to 9999 (the formatter took a
   * tenth of the sync's writing thread); other years go to the formatter.
   */
  static String sqliteInstant(OffsetDateTime value) {
    OffsetDateTime utc = value.withOffsetSameInstant(ZoneOffset.UTC);
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      return SQLITE_INSTANT.format(utc);
    }
    char[] text = new char[30];
    day(text, year, utc.getMonthValue(), utc.getDayOfMonth());
    text[10] = 'T';
    digits(text, 11, utc.getHour(), 2);
    text[13] = ':';
    digits(text, 14, utc.getMinute(), 2);
    text[16] = ':';
    digits(text, 17, utc.getSecond(), 2);
    text[19] = '.';
    digits(text, 20, utc.getNano(), 9);
    text[29] = 'Z';
    return new String(text);
  }

  /** {@link LocalDate#toString()}, written by hand for the years 0 to 9999. */
  static String sqliteDate(LocalDate value) {
    int year = value.getYear();
    if (year < 0 || year > 9999) {
      return value.toString();
    }
    char[] text = new char[10];
    day(text, year, value.getMonthValue(), value.getDayOfMonth());
    return new String(text);
  }

  /** YYYY-MM-DD at the start of {@code text}. */
  private static void day(char[] text, int year, int month, int dayOfMonth) {
    digits(text, 0, year, 4);
    text[4] = '-';
    digits(text, 5, month, 2);
    text[7] = '-';
    digits(text, 8, dayOfMonth, 2);
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static boolean isCurrent(DataSource dataSource) {
    try {
      return latestRecorded(dataSource);
    } catch (SQLException noHistoryYet) {
      return false; // Flyway creates the history table, or reports what is wrong
    }
  }

  /** Whether the history records the latest migration as applied; throws what the database throws. */
  private static boolean latestRecorded(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
         Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("SELECT version, success FROM " + HISTORY_TABLE)) {
      while (row.next()) {
        if (LATEST_MIGRATION.equals(row.getString("version")) && row.getBoolean("success")) {
          return true;
        }
      }
      return false;
    }
  }

  /** Flyway keeps its own history table under this name, apart from any other Flyway user of the database. */
  static final String HISTORY_TABLE = "rally_sync_schema_history";

  private final String folder;

  Database(String folder) {
    this.folder = folder;
  }

  abstract void setInstant(PreparedStatement statement, int index, @Nullable OffsetDateTime value) throws SQLException;

  /** Text as sent, or as near as this database can store it. */
  void setText(PreparedStatement statement, int index, @Nullable String text) throws SQLException {
    statement.setString(index, text);
  }

  /**
   * {@code text} as this database stores it and gives it back ({@code text} itself when that is
   * the same): both drivers encode text in UTF-8, where an unpaired surrogate becomes '?'.
   */
  String storedText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        return asUtf8(text);
      }
    }
    return text;
  }

  private static String asUtf8(String text) {
    return new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The instant as this database stores it, in UTC: what a value read back equals, so that a value
   * sent is compared with a stored one at the stored precision. SQLite keeps nanoseconds.
   */
  OffsetDateTime stored(OffsetDateTime value) {
    return value.withOffsetSameInstant(ZoneOffset.UTC);
  }

  abstract @Nullable OffsetDateTime getInstant(ResultSet row, String column) throws SQLException;

  abstract void setDate(PreparedStatement statement, int index, @Nullable LocalDate value) throws SQLException;

  abstract @Nullable LocalDate getDate(ResultSet row, String column) throws SQLException;

  abstract void setJson(PreparedStatement statement, int index, @Nullable String json) throws SQLException;

  /** {@code json} as this database stores it ({@code json} itself when that is the same). */
  String storedJson(String json) {
    return json;
  }

  /** The index of the first character below U+0020 in {@code text}, or -1. */
  private static int firstControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < 0x20) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first statement of the transaction that begins a run: it waits until no other sync is
   * beginning a run or writing a page, and holds them off until this transaction ends. A read
   * first would let two syncs both find no run going and begin one each (PostgreSQL then failed
   * the second on a duplicate key of sync_run, SQLite with SQLITE_BUSY, instead of saying that
   * another sync had begun).
   */
  abstract String lockRunsSql();

  /** The database behind {@code dataSource}, by the product name its driver reports. */
  static Database of(DataSource dataSource) {
    String product;
    try (Connection connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new SyncDatabaseException("Could not connect to the database: " + SyncDatabaseException.describe(e), e);
    }
    if ("SQLite".equalsIgnoreCase(product)) {
      return SQLITE;
    }
    if ("PostgreSQL".equalsIgnoreCase(product)) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("The supporter sync supports SQLite and PostgreSQL, but the data source is "
        + product + ".");
  }

  /** The version of the newest migration in each folder (DatabaseTest checks it against the files). */
  static final String LATEST_MIGRATION = "5";

  /**
   * Creates or upgrades the schema: the versioned migrations in {@code io/github/rallycongress/sync/migration/<database>}.
   * A database whose history already records the newest migration is left alone without starting
   * Flyway: its start (its plugins, the scan for migrations, the validation) took 0.3 s, a quarter
   * of an incremental sync of 10,000 changed supporters. Any other database goes to Flyway.
   *
   * <p>Two syncs started at once on a database to migrate (cron runs that overlap, the first run
   * after an upgrade) both run Flyway, which does not lock SQLite: the second applied a migration
   * the first had just applied, and failed ("index supporter_email does not exist"). A migration
   * is rolled back whole when it fails, and its history row commits with it: when another sync's
   * migrations appear meanwhile, this one looks again instead of failing. A migration that SQLite
   * refuses with SQLITE_BUSY, at once and without its busy timeout (a transaction that read the
   * history and then writes, while another sync's migration holds the file), waits for that
   * migration to end and looks again: its history row was not committed yet when this one failed,
   * so the count had not moved.
   */
  void migrate(DataSource dataSource) {
    @Nullable Long busyDeadline = null; // set at the first SQLITE_BUSY
    for (int attempt = 1; ; attempt++) {
      if (isCurrent(dataSource)) {
        return;
      }
      int applied = applied(dataSource);
      try {
        flyway(dataSource);
        return;
      } catch (SyncDatabaseException e) {
        if (isCurrent(dataSource)) {
          return;
        }
        if (attempt < MIGRATE_ATTEMPTS && applied(dataSource) > applied) {
          continue;
        }
        if (this == SQLITE && isBusy(e)) {
          if (busyDeadline == null) {
            busyDeadline = System.nanoTime() + BUSY_WAIT_NANOS;
          }
          if (awaitWriter(dataSource, busyDeadline)) {
            attempt--;
            continue;
          }
        }
        throw e;
      }
    }
  }

  /** How long one {@link #migrate} waits in all for other writers of a SQLite file before it fails: 10 s. */
  private static final long BUSY_WAIT_NANOS = 10_000_000_000L;

  /** Whether SQLite refused {@code e}'s statement as busy (SQLITE_BUSY, or an extended code of it). */
  private static boolean isBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && (sql.getErrorCode() & 0xff) == 5) {
        return true;
      }
    }
    return false;
  }

  /**
   * Waits until no other connection writes to the SQLite file: for as long as the busy timeout
   * lets {@code BEGIN IMMEDIATE} wait, and where it cannot (a timeout of 0, a pool's connection
   * already in a transaction) 100 ms; false, to fail the migration as any other write fails,
   * once {@code deadline} ({@link System#nanoTime}) has passed or the thread is interrupted.
   */
  private static boolean awaitWriter(DataSource dataSource, long deadline) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      if (connection.getAutoCommit()) {
        statement.execute("BEGIN IMMEDIATE");
        statement.execute("ROLLBACK");
        return true;
      }
    } catch (SQLException stillBusy) {
      // the file is still held: wait a little, below, unless the time is up
    }
    if (System.nanoTime() - deadline >= 0) {
      return false;
    }
    try {
      Thread.sleep(100);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Flyway runs at most this often in one {@link #migrate}: once for the history table, once for each migration. */
  private static final int MIGRATE_ATTEMPTS = Integer.parseInt(LATEST_MIGRATION) + 2;

  final void flyway(DataSource dataSource) {
    flyway(dataSource, SupporterSync.class.getClassLoader());
  }

  /**
   * Flyway with the migrations and database support that {@code classLoader} finds (the sync's
   * own; tests hide some). Flyway only warns when it finds no migrations, and reports a database
   * whose support it did not find as "Unsupported Database": a jar repackaged without the sync's
   * .sql files, or without {@code flyway-database-postgresql}'s service file, would then fail the
   * first page on a missing table, or with a message that names neither.
   */
  final void flyway(DataSource dataSource, ClassLoader classLoader) {
    String location = "io/github/rallycongress/sync/migration/" + folder;
    try {
      Flyway.configure(classLoader)
          .dataSource(dataSource)
          .locations("classpath:" + location)
          .table(HISTORY_TABLE)
          // A database that already holds other tables is fine: ours are created beside them.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      String message = "Could not create or upgrade the sync's tables: " + describeFlyway(e);
      if (String.valueOf(e.getMessage()).startsWith("Unsupported Database")) {
        message += ". Flyway finds " + (this == SQLITE ? "SQLite in flyway-core" : "PostgreSQL in "
            + "org.flywaydb:flyway-database-postgresql") + " (a dependency of rally-congress-sync) through its "
            + "META-INF/services/org.flywaydb.core.extensibility.Plugin: put that jar on the class path as published"
            + " (a jar merged from several must merge their service files).";
      }
      throw new SyncDatabaseException(message, e);
    }
    boolean recorded;
    try {
      recorded = latestRecorded(dataSource);
    } catch (SQLException e) {
      // Not a sign of missing migrations: Flyway has just written the history it is read from.
      throw new SyncDatabaseException("Could not read the sync's migration history after Flyway ran: "
          + SyncDatabaseException.describe(e), e);
    }
    if (!recorded) {
      throw new SyncDatabaseException("Could not create or upgrade the sync's tables: Flyway found no migration "
          + LATEST_MIGRATION + " in classpath:" + location + ", where rally-congress-sync's jar holds V1 to V"
          + LATEST_MIGRATION + ". Put that jar on the class path as published: one repackaged without its .sql"
          + " files, or a class loader Flyway cannot list, hides them.");
    }
  }

  /**
   * A Flyway failure on one line. Its messages are tables of several lines ("Failed to execute
   * script V1__supporters.sql", a row of dashes, "SQL State : null", "Message : ...", the
   * migration's location in the jar, "Run Flyway with -X option ..."): the first line, and the
   * database's own error as {@link SyncDatabaseException#describe} gives it.
   */
  static String describeFlyway(RuntimeException e) {
    String message = String.valueOf(e.getMessage()).trim();
    int newline = message.indexOf('\n');
    String first = (newline < 0 ? message : message.substring(0, newline)).trim();
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return SyncDatabaseException.withoutUrls(first) + ": " + SyncDatabaseException.describe(sql);
      }
    }
    // No database error (a validation, a migration Flyway cannot read): each line says something.
    return SyncDatabaseException.withoutUrls(message.lines().map(String::trim)
        .filter(line -> !line.isEmpty() && !line.matches("-+")).collect(java.util.stream.Collectors.joining(" ")));
  }

  /** How many rows the history has (its baseline and the migrations applied): -1 before it exists. */
  private static int applied(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
         Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + HISTORY_TABLE)) {
      return row.next() ? row.getInt(1) : -1;
    } catch (SQLException noHistoryYet) {
      return -1;
    }
  }
}
