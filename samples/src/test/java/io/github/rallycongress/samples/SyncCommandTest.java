package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.sandbox.RallySandbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code rally sync} into a real SQLite file and a real PostgreSQL server, against a sandbox. */
class SyncCommandTest {
  /** The pointer every usage error ends with. */
  private static final String SYNC_HELP = "Try `rally sync --help`." + System.lineSeparator();

  static RallySandbox sandbox;
  static EmbeddedPostgres postgres;

  @TempDir Path folder;

  @BeforeAll
  static void start() throws Exception {
    sandbox = RallySandbox.builder().supporters(1_500).build().start();
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    sandbox.close();
    postgres.close();
  }

  static Map<String, String> env() {
    return Map.of("RALLY_BASE_URL", sandbox.baseUrl(), "RALLY_ACCOUNT_ID", sandbox.accountId(),
        "RALLY_AUTH_TOKEN", sandbox.authToken());
  }

  @Test
  void copiesEverySupporterIntoSqliteThenReadsOnlyWhatChanged() throws Exception {
    Path file = folder.resolve("rally.db");

    RallyCommandTest.Result first = RallyCommandTest.run(env(), "sync", "--db", "jdbc:sqlite:" + file);

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).isEmpty();
    assertThat(first.err()).startsWith("Synced 1,500 supporters into " + file + " (SQLite) (full run): 1,500 inserted,"
        + " 0 updated, 0 unchanged, 0 stale, 0 unlisted; 2 pages in ");
    assertThat(first.err()).contains("The next run reads changes since ");
    assertThat(Files.size(file)).isPositive();

    RallyCommandTest.Result second = RallyCommandTest.run(env(), "sync", "--db", "jdbc:sqlite:" + file);

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.err()).startsWith("Synced 0 supporters into " + file + " (SQLite) (changes since ");
  }

  @Test
  void fullRunIntoPostgresql() throws Exception {
    String url = postgres.getJdbcUrl("postgres", "postgres");

    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--full", "--pagesize", "500", "--db", url);

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).contains("(PostgreSQL) (full run): 1,500 inserted").contains("; 3 pages in ");
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
         Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM supporter")) {
      row.next();
      assertThat(row.getLong(1)).isEqualTo(1_500);
    }
  }

  @Test
  void oneSupporterIsSingularAndInstantsAlwaysShowTheirSeconds() throws Exception {
    try (RallySandbox one = RallySandbox.builder().supporters(1).build().start()) {
      Map<String, String> env = Map.of("RALLY_BASE_URL", one.baseUrl(), "RALLY_ACCOUNT_ID", one.accountId(),
          "RALLY_AUTH_TOKEN", one.authToken());
      Path file = folder.resolve("one.db");

      RallyCommandTest.Result full = RallyCommandTest.run(env, "sync", "--db", "jdbc:sqlite:" + file);
      RallyCommandTest.Result since = RallyCommandTest.run(env, "sync", "--since", "2025-06-01T12:00:00Z",
          "--db", "jdbc:sqlite:" + file);

      assertThat(full.err()).startsWith("Synced 1 supporter into " + file + " (SQLite) (full run): 1 inserted,")
          .containsPattern("The next run reads changes since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\.");
      // OffsetDateTime.toString() would have written 2025-06-01T12:00Z.
      assertThat(since.err()).contains(" (changes since 2025-06-01T12:00:00Z (asked)): ");
    }
  }

  /** The driver would take USER:PASSWORD@HOST for a host name, and print it in its errors (with -v). */
  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://sync:hunter2@db.example:5432/crm", "jdbc:postgresql://sync:hunter2@db.example/crm"})
  void aPostgresqlUrlWithAUserPartIsAUsageErrorThatShowsNoPassword(String url) {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "-v", "sync", "--db", url);

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).doesNotContain("hunter2").endsWith("rally: --db has a user part (USER:PASSWORD@HOST),"
        + " which the PostgreSQL driver does not read: give"
        + " jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER&password=PASSWORD, or set PGUSER and PGPASSWORD."
        + System.lineSeparator() + SYNC_HELP);
  }

  @Test
  void fullAndSinceTogetherIsAUsageError() {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--full", "--since", "2025-06-01",
        "--db", "jdbc:sqlite:" + folder.resolve("x.db"));

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).isEqualTo("rally: Give --full or --since, not both: --full reads every supporter."
        + System.lineSeparator() + SYNC_HELP);
  }

  @Test
  void aDatabaseOtherThanSqliteOrPostgresqlIsAUsageErrorThatShowsNoPassword() {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db",
        "jdbc:mysql://admin:hunter2@db.example/rally?password=hunter2");

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).isEqualTo("rally: --db must be jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE,"
        + " but was 'jdbc:mysql:…'." + System.lineSeparator() + SYNC_HELP);
  }

  /** Each place a JDBC URL can hold a password, and what the messages show of it. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "jdbc:postgresql://db.example:5432/crm?user=sync&password=hunter2 | 'jdbc:postgresql://db.example:5432/crm' (PostgreSQL)",
      "jdbc:postgresql://db.example?user=sync&password=hunter2         | 'jdbc:postgresql://db.example' (PostgreSQL)",
      "jdbc:postgresql://h1:5432,h2:5433/crm?password=hunter2          | 'jdbc:postgresql://h1:5432,h2:5433/crm' (PostgreSQL)",
      "jdbc:postgresql://[::1]:5432/crm?password=hunter2               | 'jdbc:postgresql://[::1]:5432/crm' (PostgreSQL)",
      "jdbc:postgresql://sync:hunter2@db.example/crm                   | 'jdbc:postgresql://…' (PostgreSQL)",
      "jdbc:postgresql://sync:hun?ter2@db.example/crm                  | 'jdbc:postgresql://…' (PostgreSQL)",
      "jdbc:postgresql://sync:123?hunter2@db.example/crm               | 'jdbc:postgresql://…' (PostgreSQL)",
      "jdbc:postgresql://db.example/crm?user=a@example.org&password=hunter2 | 'jdbc:postgresql://db.example/crm' (PostgreSQL)",
      "jdbc:sqlite:/data/rally.db?password=hunter2                     | /data/rally.db (SQLite)",
      "jdbc:sqlite:file:rally.db?cipher=sqlcipher&key=hunter2          | rally.db (SQLite)",
      "jdbc:sqlserver://db.example:1433;user=sa;password=hunter2       | 'jdbc:sqlserver:…'",
      "jdbc:oracle:thin:scott/hunter2@db.example:1521/orcl             | 'jdbc:oracle:…'",
      "postgres://sync:hunter2@db.example/crm                          | a URL that is not a JDBC URL",
  })
  void messagesShowWhereTheDatabaseIsButNeverItsPassword(String url, String shown) {
    assertThat(SyncCommand.describe(url)).isEqualTo(shown).doesNotContain("hunter2");
  }

  /** pgjdbc warns, through java.util.logging, with the whole URL: a forgotten database name, a port it cannot read. */
  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://127.0.0.1:%d?user=sync&password=hunter2&connectTimeout=2",
      "jdbc:postgresql://sync:hunter2@127.0.0.1:%d/crm?connectTimeout=2"})
  void theDriversOwnWarningsNeverShowThePassword(String template) throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getLoggerName() + ": " + new SimpleFormatter().formatMessage(record));
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(handler);
    try {
      RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db", String.format(template, closedPort));

      assertThat(result.code()).isIn(Rally.USAGE, Rally.DATABASE);
      assertThat(result.err()).doesNotContain("hunter2");
      assertThat(logged).noneMatch(line -> line.contains("hunter2"));
    } finally {
      root.removeHandler(handler);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "jdbc:sqlite::memory:                    | --db names an in-memory SQLite database, which would be gone when the run ends: name a file, such as jdbc:sqlite:rally.db.",
      "jdbc:sqlite:                            | --db names an in-memory SQLite database, which would be gone when the run ends: name a file, such as jdbc:sqlite:rally.db.",
      "jdbc:sqlite:file:x?mode=memory          | --db names an in-memory SQLite database, which would be gone when the run ends: name a file, such as jdbc:sqlite:rally.db.",
  })
  void anInMemoryDatabaseIsAUsageError(String url, String message) {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db", url);

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).isEqualTo("rally: " + message + System.lineSeparator() + SYNC_HELP);
  }

  @Test
  void aFileInAFolderThatDoesNotExistOrAFolderIsAUsageErrorThatNamesIt() {
    Path missing = folder.resolve("no-such-folder");
    RallyCommandTest.Result inMissing = RallyCommandTest.run(env(), "sync", "--db", "jdbc:sqlite:" + missing.resolve("r.db"));
    RallyCommandTest.Result aFolder = RallyCommandTest.run(env(), "sync", "--db", "jdbc:sqlite:" + folder);

    assertThat(inMissing.code()).isEqualTo(Rally.USAGE);
    assertThat(inMissing.err()).isEqualTo("rally: --db names a file in a folder that does not exist: " + missing + "."
        + System.lineSeparator() + SYNC_HELP);
    assertThat(aFolder.code()).isEqualTo(Rally.USAGE);
    assertThat(aFolder.err()).isEqualTo("rally: --db names a folder, not a file: " + folder + "." + System.lineSeparator()
        + SYNC_HELP);
  }

  @Test
  void aPageSizeOutOfRangeIsAUsageErrorInTheOptionsWords() {
    RallyCommandTest.Result result = RallyCommandTest.run(Map.of(), "sync", "--pagesize", "0",
        "--db", "jdbc:sqlite:" + folder.resolve("x.db"));

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    // Refused before an embedded sandbox starts: no line about one.
    assertThat(result.err()).isEqualTo("rally: --pagesize must be between 1 and 1000, but was 0." + System.lineSeparator()
        + SYNC_HELP);
  }

  /** A first try on the embedded sandbox, then the real account, into the same default file. */
  @Test
  void aDatabaseOfAnotherAccountIsRefusedAndKeptAsItWas() throws Exception {
    Path file = folder.resolve("rally.db");
    try (RallySandbox fake = RallySandbox.builder().supporters(10).accountId("AC0000FAKE").build().start()) {
      RallyCommandTest.Result first = RallyCommandTest.run(Map.of("RALLY_BASE_URL", fake.baseUrl(),
          "RALLY_ACCOUNT_ID", fake.accountId(), "RALLY_AUTH_TOKEN", fake.authToken()), "sync", "--db", "jdbc:sqlite:" + file);
      assertThat(first.code()).as(first.err()).isZero();
    }
    long size = Files.size(file);

    RallyCommandTest.Result real = RallyCommandTest.run(env(), "sync", "--db", "jdbc:sqlite:" + file);

    assertThat(real.code()).isEqualTo(Rally.USAGE);
    assertThat(real.err()).isEqualTo("rally: This database keeps account AC0000FAKE's supporters in step, not "
        + sandbox.accountId() + "'s: give each account a database of its own. No supporter was read or written."
        + System.lineSeparator());
    assertThat(Files.size(file)).isEqualTo(size);
  }

  @Test
  void anUnreachableServerFailsWithoutShowingThePassword() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db",
        "jdbc:postgresql://127.0.0.1:" + closedPort + "/rally?user=sync&password=hunter2&connectTimeout=2");

    assertThat(result.code()).isEqualTo(Rally.DATABASE);
    assertThat(result.err()).startsWith("rally: Could not connect to the database").doesNotContain("hunter2");
  }

  /**
   * The SQLite driver takes only its settings out of a path's parameters: any other stayed in the
   * file's name ("x.db?key=hunter2" on disk), and a setting without a value failed with an error
   * quoting the whole URL. Refused before any file is made.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "x.db?key=hunter2                     | --db has a parameter that the SQLite driver does not read, 'key': it would become part of the file's name. Give only the driver's settings (such as journal_mode), or a file: URI (jdbc:sqlite:file:rally.db?…), whose parameters SQLite reads.",
      "x.db?journal_mode=WAL&cipher=hunter2 | --db has a parameter that the SQLite driver does not read, 'cipher': it would become part of the file's name. Give only the driver's settings (such as journal_mode), or a file: URI (jdbc:sqlite:file:rally.db?…), whose parameters SQLite reads.",
      "x.db?hunter2                         | --db has a parameter without a value after its file's name: give each as NAME=VALUE, such as jdbc:sqlite:rally.db?journal_mode=WAL.",
      "x.db?password=hunter2&journal_mode   | --db has a parameter without a value after its file's name: give each as NAME=VALUE, such as jdbc:sqlite:rally.db?journal_mode=WAL.",
  })
  void aSqliteParameterTheDriverWouldLeaveInTheFilesNameIsAUsageError(String file, String message) throws Exception {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "-v", "sync", "--db", "jdbc:sqlite:" + folder + "/" + file);

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).endsWith("rally: " + message + System.lineSeparator() + SYNC_HELP)
        .doesNotContain("hunter2");
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      assertThat(files).isEmpty();
    }
  }

  /** An application's own table named like one of the sync's: one line, where Flyway logged stack traces. */
  @Test
  void aFailedMigrationIsOneLineWithoutFlywaysLog() throws Exception {
    Path file = folder.resolve("crm.db");
    try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE supporter (id INTEGER PRIMARY KEY, name TEXT)");
    }
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getLoggerName() + ": " + record.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(handler);
    try {
      RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db", "jdbc:sqlite:" + file);

      assertThat(result.code()).isEqualTo(Rally.DATABASE);
      assertThat(result.err()).isEqualTo("rally: Could not create or upgrade the sync's tables: Failed to execute script"
          + " V1__supporters.sql: [SQLITE_ERROR] SQL error or missing database (table supporter already exists)"
          + System.lineSeparator());
      assertThat(logged).isEmpty();
    } finally {
      root.removeHandler(handler);
    }
  }

  /** A typo (2205 for 2025) would read no supporter and say nothing was wrong. */
  @Test
  void aSinceLaterThanNowIsAUsageErrorBeforeAnyFileIsMade() throws Exception {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--since", "2205-06-01",
        "--db", "jdbc:sqlite:" + folder.resolve("x.db"));

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).matches("rally: --since 2205-06-01T00:00:00Z is later than this machine's clock"
        + " \\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\): no supporter has changed since then\\."
        + System.lineSeparator() + java.util.regex.Pattern.quote(SYNC_HELP));
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aSinceWithoutAnOffsetSaysSo() {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--since", "2025-06-01T12:00:00",
        "--db", "jdbc:sqlite:" + folder.resolve("x.db"));

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).isEqualTo("rally: Invalid value for option '--since': '2025-06-01T12:00:00' has no offset:"
        + " add Z for UTC (2025-06-01T12:00:00Z) or the offset from UTC (2025-06-01T12:00:00+02:00)"
        + System.lineSeparator() + SYNC_HELP);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "rally.db | --db takes a JDBC URL: for the SQLite file rally.db, give jdbc:sqlite:rally.db.",
      "postgresql://sync:hunter2@db.example/crm | --db takes a JDBC URL, not a libpq one: jdbc:postgresql://HOST[:PORT]/DATABASE, with ?user=USER&password=PASSWORD, or PGUSER and PGPASSWORD.",
      "\"\"    | --db must be jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE, but was empty.",
  })
  void aPathOrNothingForDbIsAUsageErrorThatSaysWhatToGive(String db, String message) {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db", db);

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).isEqualTo("rally: " + message + System.lineSeparator() + SYNC_HELP);
  }

  /** SQLite would say "file is not a database" without naming the file; nothing is written to it. */
  @Test
  void aFileThatIsNotASqliteDatabaseIsAUsageErrorThatNamesIt() throws Exception {
    Path file = folder.resolve("supporters.csv");
    Files.writeString(file, "id,first_name\n1000001,Ada\n");

    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db", "jdbc:sqlite:" + file);

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).isEqualTo("rally: --db names a file that is not a SQLite database: " + file + "."
        + System.lineSeparator() + SYNC_HELP);
    assertThat(Files.readString(file)).isEqualTo("id,first_name\n1000001,Ada\n");
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      assertThat(files).containsExactly(file);
    }
  }

  /**
   * SQLite said "unable to open database file" without naming the file or the reason. Where
   * permissions do not bind the user (root, as in CI), the file and the folder are made immutable
   * ({@code chattr +i}), which binds root too.
   */
  @Test
  void aFileOrFolderThisUserMayNotWriteIsAUsageErrorThatNamesIt() throws Exception {
    Path locked = Files.createDirectory(folder.resolve("locked"));
    Path readOnly = Files.createFile(folder.resolve("read-only.db"));
    try {
      makeUnwritable(readOnly, "r--r--r--");
      makeUnwritable(locked, "r-xr-xr-x");

      RallyCommandTest.Result inLocked = RallyCommandTest.run(env(), "sync", "--db",
          "jdbc:sqlite:" + locked.resolve("r.db"));
      RallyCommandTest.Result ofReadOnly = RallyCommandTest.run(env(), "sync", "--db", "jdbc:sqlite:" + readOnly);

      assertThat(inLocked.code()).isEqualTo(Rally.USAGE);
      assertThat(inLocked.err()).isEqualTo("rally: --db names a file in a folder that this user may not write to: "
          + locked + " (SQLite makes the file, and its -wal and -shm files beside it, there)." + System.lineSeparator()
          + SYNC_HELP);
      assertThat(ofReadOnly.code()).isEqualTo(Rally.USAGE);
      assertThat(ofReadOnly.err()).isEqualTo("rally: --db names a file that this user may not both read and write: "
          + readOnly + "." + System.lineSeparator() + SYNC_HELP);
    } finally {
      for (Path path : List.of(readOnly, locked)) {
        if (immutable.remove(path)) {
          chattr("-i", path);
        }
      }
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private final List<Path> immutable = new ArrayList<>();

  /** Takes this user's write permission away: by mode bits, or where they do not bind (root) by {@code chattr +i}. */
  private void makeUnwritable(Path path, String mode) throws Exception {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    if (Files.isWritable(path)) {
      chattr("+i", path);
      immutable.add(path);
    }
    assertThat(Files.isWritable(path)).as("%s could not be made unwritable for this user", path).isFalse();
  }

  private static void chattr(String change, Path path) throws Exception {
    Process chattr = new ProcessBuilder("chattr", change, path.toString()).redirectErrorStream(true).start();
    String output = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(chattr.waitFor()).as("chattr %s %s: %s", change, path, output).isZero();
  }

  /**
   * A resumed run's bar counts the supporters its interrupted attempt committed, but its rate is
   * of those read since it started, as the summary's is: it counted them all, and a run resumed
   * after 700 of 1,500 showed 800/s after reading 100 in a second.
   */
  @Test
  void aResumedRunsBarRatesOnlyWhatItRead() throws Exception {
    Path file = folder.resolve("rally.db");
    String db = "jdbc:sqlite:" + file;
    assertThat(RallyCommandTest.run(env(), "sync", "--db", db).code()).isZero();
    // The 701st supporter's row cannot be marked seen: a full run of pages of 100 stops after 7.
    try (Connection connection = java.sql.DriverManager.getConnection(db);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TRIGGER stop BEFORE UPDATE ON supporter WHEN NEW.id = '1000700'"
          + " BEGIN SELECT RAISE(ABORT, 'stopped by the test'); END");
    }
    RallyCommandTest.Result stopped = RallyCommandTest.run(env(), "sync", "--full", "--pagesize", "100", "--db", db);
    assertThat(stopped.code()).as(stopped.err()).isEqualTo(Rally.DATABASE);
    try (Connection connection = java.sql.DriverManager.getConnection(db);
         Statement statement = connection.createStatement()) {
      statement.execute("DROP TRIGGER stop");
    }

    // A second passes at each reading of the bar's clock: one page a second.
    AtomicLong clock = new AtomicLong();
    java.io.StringWriter err = new java.io.StringWriter();
    Io terminal = new Io(new java.io.ByteArrayOutputStream(), StandardCharsets.UTF_8, new java.io.PrintWriter(err, true),
        env()::get, null, false, true, () -> { }, () -> clock.addAndGet(1_000_000_000L));
    int code = Rally.execute(terminal, "sync", "--full", "--pagesize", "100", "--db", db);

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("\r[##########..........]  53%  800/1,500 supporters  100/s")
        .contains("(full run, resumed from its last committed page after 700 supporters)");
  }
}
