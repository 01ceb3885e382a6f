package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SQLite's instants are text whose order is time order: the hand-written form is the formatter's, always. */
class DatabaseTest {
  @Test
  void theHandWrittenInstantIsTheFormattersOnRandomInstantsAndOffsets() {
    SplittableRandom random = new SplittableRandom(20261129);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
      OffsetDateTime value = instant.atOffset(ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1)));
      assertThat(Database.sqliteInstant(value)).as(value.toString())
          .isEqualTo(Database.SQLITE_INSTANT.format(value.withOffsetSameInstant(ZoneOffset.UTC)));
    }
  }

  @Test
  void edgesAndYearsBeyondFourDigits() {
    for (String text : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2026-03-14T15:09:26Z",
        "2026-03-14T15:09:26.1Z", "2026-01-01T00:30:00+01:00", "9999-12-31T23:00:00-01:00", "-0001-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z")) {
      OffsetDateTime value = OffsetDateTime.parse(text);
      assertThat(Database.sqliteInstant(value)).as(text)
          .isEqualTo(Database.SQLITE_INSTANT.format(value.withOffsetSameInstant(ZoneOffset.UTC)));
    }
    assertThat(Database.sqliteInstant(OffsetDateTime.parse("2026-03-14T16:09:26.5+01:00")))
        .isEqualTo("2026-03-14T15:09:26.500000000Z");
  }

  @Test
  void theHandWrittenDayIsLocalDatesText() {
    SplittableRandom random = new SplittableRandom(29);
    for (int i = 0; i < 20_000; i++) {
      LocalDate day = LocalDate.ofEpochDay(random.nextLong(LocalDate.of(0, 1, 1).toEpochDay(),
          LocalDate.of(9999, 12, 31).toEpochDay() + 1));
      assertThat(Database.sqliteDate(day)).isEqualTo(day.toString());
    }
    for (LocalDate day : List.of(LocalDate.of(0, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(-1, 12, 31),
        LocalDate.of(10_000, 1, 1), LocalDate.of(2026, 2, 28))) {
      assertThat(Database.sqliteDate(day)).isEqualTo(day.toString());
    }
  }

  @Test
  void theLatestMigrationIsTheNewestFileOfEachDatabase() throws Exception {
    for (Database database : Database.values()) {
      Path folder = Path.of("src/main/resources/io/github/rallycongress/sync/migration",
          database.name().toLowerCase(java.util.Locale.ROOT));
      try (Stream<Path> files = Files.list(folder)) {
        int newest = files.map(file -> file.getFileName().toString())
            .filter(name -> name.matches("V\\d+__.*\\.sql"))
            .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
            .max().orElseThrow();
        assertThat(Integer.toString(newest)).as(folder.toString()).isEqualTo(Database.LATEST_MIGRATION);
      }
    }
  }

  /** A database an older version created is upgraded, not taken as current. */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aDatabaseAtAnOlderVersionIsUpgraded(TestDatabase.Kind kind, @TempDir Path folder) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    Database database = Database.of(db.dataSource);
    Flyway.configure(SupporterSync.class.getClassLoader()).dataSource(db.dataSource)
        .locations("classpath:io/github/rallycongress/sync/migration/" + database.name().toLowerCase(Locale.ROOT))
        .table(Database.HISTORY_TABLE).target("2").load().migrate();
    assertThat(Rows.value(db.dataSource, "SELECT MAX(installed_rank) FROM " + Database.HISTORY_TABLE)).isEqualTo("2");

    database.migrate(db.dataSource);
    database.migrate(db.dataSource);

    assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM " + Database.HISTORY_TABLE))
        .isEqualTo(Database.LATEST_MIGRATION);
    assertThat(Rows.value(db.dataSource, "SELECT COUNT(children_hash) FROM supporter")).isEqualTo("0");
    if (kind == TestDatabase.Kind.POSTGRESQL) {
      // V5: the ids in byte order, SQLite's, on which the probe of a page's id range relies.
      for (String column : List.of("supporter.id", "supporter_address.supporter_id", "supporter_phone.supporter_id")) {
        String[] parts = column.split("\\.");
        assertThat(Rows.value(db.dataSource, "SELECT collation_name FROM information_schema.columns"
            + " WHERE table_name = '" + parts[0] + "' AND column_name = '" + parts[1] + "'"
            + " AND table_schema = current_schema()"))
            .as(column).isEqualTo("C");
      }
    }
  }
  /**
   * An application's view over the supporter ids, made before V5: PostgreSQL cannot change the
   * collation of a column a view uses, and V5 failed, and with it every run ("cannot alter type of
   * a column used by a view or rule"). That column keeps its collation, the others take "C", and
   * the sync runs, looking each page's ids up.
   */
  @Test
  void anApplicationsViewOverTheIdsDoesNotStopTheirMigrationToByteOrder(@TempDir Path folder) throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, folder);
    Flyway.configure(SupporterSync.class.getClassLoader()).dataSource(db.dataSource)
        .locations("classpath:io/github/rallycongress/sync/migration/postgresql")
        .table(Database.HISTORY_TABLE).target("4").load().migrate();
    try (Connection connection = db.dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE VIEW app_supporter AS SELECT id, email FROM supporter");
    }
    try (ListingServer server = new ListingServer()) {
      server.list(supporter("b", "B", "2026-01-01T00:00:00Z"), supporter("d", "D", "2026-01-01T00:00:00Z"));
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      SyncResult first = sync.run();
      server.list(supporter("a", "A", "2026-01-01T00:00:00Z"), supporter("b", "B", "2026-01-01T00:00:00Z"),
          supporter("c", "C", "2026-01-01T00:00:00Z"), supporter("d", "D", "2026-01-01T00:00:00Z"));
      SyncResult full = sync.runFull();

      assertThat(first.inserted()).isEqualTo(2);
      assertThat(full.inserted()).isEqualTo(2);
      assertThat(full.unchanged()).isEqualTo(2);
      assertThat(Rows.value(db.dataSource, "SELECT string_agg(id, ' ' ORDER BY id) FROM app_supporter"))
          .isEqualTo("a b c d");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM " + Database.HISTORY_TABLE + " WHERE version = '"
          + Database.LATEST_MIGRATION + "' AND success")).isEqualTo("1");
      assertThat(Rows.value(db.dataSource, "SELECT string_agg(table_name || '.' || column_name || ' '"
          + " || COALESCE(collation_name, 'default'), ', ' ORDER BY table_name) FROM information_schema.columns"
          + " WHERE column_name IN ('id', 'supporter_id') AND table_name LIKE 'supporter%'"
          + " AND table_schema = current_schema()"))
          .isEqualTo("supporter.id default, supporter_address.supporter_id C, supporter_phone.supporter_id C");
    }
  }

  /**
   * An application's own table named like one of the sync's: the migration fails, says why in one
   * line (Flyway's message is a table of lines, with the migration's place in the jar and advice
   * about Flyway's command-line options), and leaves the application's table as it was.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aTableOfTheSameNameFailsTheMigrationInOneLineAndIsLeftAlone(TestDatabase.Kind kind, @TempDir Path folder)
      throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (java.sql.Connection connection = db.dataSource.getConnection();
         java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE supporter (id INTEGER PRIMARY KEY, name TEXT)");
      statement.execute("INSERT INTO supporter VALUES (1, 'mine')");
    }
    Database database = Database.of(db.dataSource);

    assertThatThrownBy(() -> database.migrate(db.dataSource))
        .isInstanceOf(SyncDatabaseException.class)
        .hasMessage("Could not create or upgrade the sync's tables: Failed to execute script V1__supporters.sql: "
            + (kind == TestDatabase.Kind.SQLITE
                ? "[SQLITE_ERROR] SQL error or missing database (table supporter already exists)"
                : "SQLState 42P07, ERROR: relation \"supporter\" already exists"));
    assertThat(Rows.value(db.dataSource, "SELECT name FROM supporter WHERE id = 1")).isEqualTo("mine");
  }

  /**
   * Migrations the class loader does not show (a jar repackaged without its .sql files, a class
   * loader Flyway cannot list): Flyway only warned, created an empty history and returned, and the
   * run failed on its first page with "no such table: supporter" and the advice that the next run
   * resumes. The migration fails instead, saying where the migrations belong; once they are found
   * again, the database is created as usual.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void migrationsTheClassLoaderDoesNotShowFailTheMigrationNamingTheirPlace(TestDatabase.Kind kind,
      @TempDir Path folder) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    Database database = Database.of(db.dataSource);
    String folderName = database.name().toLowerCase(Locale.ROOT);
    ClassLoader withoutMigrations = hiding((name, url) -> name.startsWith("io/github/rallycongress/sync/migration"));

    assertThatThrownBy(() -> database.flyway(db.dataSource, withoutMigrations))
        .isInstanceOf(SyncDatabaseException.class)
        .hasMessage("Could not create or upgrade the sync's tables: Flyway found no migration 5 in"
            + " classpath:io/github/rallycongress/sync/migration/" + folderName + ", where rally-congress-sync's"
            + " jar holds V1 to V5. Put that jar on the class path as published: one repackaged without its .sql"
            + " files, or a class loader Flyway cannot list, hides them.");

    database.migrate(db.dataSource);
    assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM " + Database.HISTORY_TABLE))
        .isEqualTo(Database.LATEST_MIGRATION);
    assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter")).isEqualTo("0");
  }

  /**
   * The history is read back after Flyway ran, to tell migrations Flyway could not find; a failure
   * of that read (a connection lost right then) is the database's, and was reported as migrations
   * missing from a repackaged jar. Here every read of the history by the sync's own query fails.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aFailedReadOfTheHistoryAfterFlywayIsNotReportedAsMissingMigrations(TestDatabase.Kind kind,
      @TempDir Path folder) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    String historyQuery = "SELECT version, success FROM " + Database.HISTORY_TABLE;
    DataSource failingHistoryReads = failingQuery(db.dataSource, historyQuery);

    assertThatThrownBy(() -> Database.of(db.dataSource).migrate(failingHistoryReads))
        .isInstanceOf(SyncDatabaseException.class)
        .hasMessageStartingWith("Could not read the sync's migration history after Flyway ran: ")
        .hasMessageContaining("the connection was lost");
    assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM " + Database.HISTORY_TABLE))
        .isEqualTo(Database.LATEST_MIGRATION);
  }

  /** {@code dataSource}, whose statements fail {@code sql} (and only it) as a lost connection would. */
  private static DataSource failingQuery(DataSource dataSource, String sql) {
    return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
          Object result = invoke(method, dataSource, arguments);
          if (!(result instanceof java.sql.Connection)) {
            return result;
          }
          java.sql.Connection connection = (java.sql.Connection) result;
          return java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
              new Class<?>[] {java.sql.Connection.class}, (c, connectionMethod, connectionArguments) -> {
                Object made = invoke(connectionMethod, connection, connectionArguments);
                if (!connectionMethod.getName().equals("createStatement")) {
                  return made;
                }
                java.sql.Statement statement = (java.sql.Statement) made;
                return java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {java.sql.Statement.class}, (st, statementMethod, statementArguments) -> {
                      if (statementMethod.getName().equals("executeQuery") && sql.equals(statementArguments[0])) {
                        throw new java.sql.SQLException("the connection was lost", "08006");
                      }
                      return invoke(statementMethod, statement, statementArguments);
                    });
              });
        });
  }

  private static Object invoke(Method method, Object target, Object[] arguments) throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Flyway's PostgreSQL support lives in flyway-database-postgresql and registers through its
   * service file, which Flyway reads with its own class loader; a jar merged from several loses
   * it unless it merges them. Flyway then says only "Unsupported Database: PostgreSQL 14.22". The
   * message names the artifact and the file. (The sync and Flyway here run in a class loader of
   * their own, on this test's class path without that jar.)
   */
  @Test
  void postgresqlWithoutFlywaysPostgresqlSupportNamesTheArtifact() throws Exception {
    TestDatabase db = TestDatabase.postgres();
    URL[] withoutSupport = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("flyway-database-postgresql"))
        .map(entry -> {
          try {
            return Path.of(entry).toUri().toURL();
          } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
          }
        })
        .toArray(URL[]::new);
    try (URLClassLoader isolated = new URLClassLoader(withoutSupport, ClassLoader.getPlatformClassLoader())) {
      Class<?> database = isolated.loadClass(Database.class.getName());
      Method flyway = database.getDeclaredMethod("flyway", DataSource.class);
      flyway.setAccessible(true);
      Object postgresql = Stream.of(database.getEnumConstants())
          .filter(constant -> constant.toString().equals("POSTGRESQL")).findFirst().orElseThrow();

      assertThatThrownBy(() -> flyway.invoke(postgresql, db.dataSource))
          .isInstanceOf(InvocationTargetException.class)
          .cause()
          .hasMessageMatching("Could not create or upgrade the sync's tables: Unsupported Database: PostgreSQL"
              + " [0-9.]+\\. Flyway finds PostgreSQL in org\\.flywaydb:flyway-database-postgresql \\(a dependency"
              + " of rally-congress-sync\\) through its"
              + " META-INF/services/org\\.flywaydb\\.core\\.extensibility\\.Plugin: put that jar on the class path"
              + " as published \\(a jar merged from several must merge their service files\\)\\.");
    }
  }

  /** SupporterSync's class loader, without the resources {@code hidden} names (by name and URL). */
  private static ClassLoader hiding(BiPredicate<String, URL> hidden) {
    return new ClassLoader(SupporterSync.class.getClassLoader()) {
      @Override
      public URL getResource(String name) {
        URL url = super.getResource(name);
        return url == null || hidden.test(name, url) ? null : url;
      }

      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> shown = new ArrayList<>();
        for (URL url : Collections.list(super.getResources(name))) {
          if (!hidden.test(name, url)) {
            shown.add(url);
          }
        }
        return Collections.enumeration(shown);
      }
    };
  }

  /**
   * The SQLite driver quotes the whole URL in some of its errors ("Please specify a value for
   * PRAGMA journal_mode in URL jdbc:sqlite:…"), a password or key included: a message shows its
   * scheme alone.
   */
  @Test
  void aDriversErrorThatQuotesTheUrlShowsNoPassword(@TempDir Path folder) {
    org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + folder.resolve("x.db") + "?password=hunter2&journal_mode");

    assertThatThrownBy(() -> Database.of(dataSource))
        .isInstanceOf(SyncDatabaseException.class)
        .hasMessage("Could not connect to the database: Please specify a value for PRAGMA"
            + " journal_mode in URL jdbc:sqlite:…")
        .satisfies(e -> {
          // An app logs it with its causes: the driver's own exception quotes the URL.
          java.io.StringWriter log = new java.io.StringWriter();
          e.printStackTrace(new java.io.PrintWriter(log));
          assertThat(log.toString()).doesNotContain("hunter2").contains("Caused by: java.sql.SQLException");
          assertThat(e.getCause()).isInstanceOf(java.sql.SQLException.class);
        });
  }
}
