package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.sandbox.RallySandbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rally sync} into a real SQLite file and a real PostgreSQL server, against a sandbox. */
class SyncCommandTest {
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
  void fullAndSinceTogetherIsAUsageError() {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--full", "--since", "2025-06-01",
        "--db", "jdbc:sqlite:" + folder.resolve("x.db"));

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).isEqualTo("rally: Give --full or --since, not both: --full reads every supporter."
        + System.lineSeparator());
  }

  @Test
  void aDatabaseOtherThanSqliteOrPostgresqlIsAUsageErrorThatShowsNoPassword() {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db",
        "jdbc:mysql://admin:hunter2@db.example/rally?password=hunter2");

    assertThat(result.code()).isEqualTo(Rally.USAGE);
    assertThat(result.err()).isEqualTo("rally: --db must be jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE,"
        + " but was 'jdbc:mysql://db.example/rally'." + System.lineSeparator());
  }

  @Test
  void anUnreachableServerFailsWithoutShowingThePassword() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "sync", "--db",
        "jdbc:postgresql://127.0.0.1:" + closedPort + "/rally?user=sync&password=hunter2&connectTimeout=2");

    assertThat(result.code()).isEqualTo(Rally.OTHER);
    assertThat(result.err()).startsWith("rally: Could not connect to the database").doesNotContain("hunter2");
  }
}
