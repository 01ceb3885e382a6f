package io.github.rallycongress.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rallycongress.sandbox.RallySandbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sync in a child JVM killed (SIGKILL) mid-run again and again, then run to the end, leaves
 * exactly the tables of a run that was never interrupted: supporters, addresses, phones, and the
 * run's own row with its counts. So does a sync whose database fails inside a page, between its
 * supporters and their addresses.
 */
class KillAndResumeTest {
  private static final int SUPPORTERS = 3_000;
  private static final int PAGE_SIZE = 100;
  private static final int KILLS = 5;

  @TempDir Path folder;

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void killedRunsResumeToExactlyTheStateOfAnUninterruptedRun(TestDatabase.Kind kind) throws Exception {
    // A fixed clock: every Date header, so every run's server_started_at, is the same.
    Clock clock = Clock.fixed(Instant.parse("2026-01-10T12:00:00Z"), ZoneOffset.UTC);
    try (RallySandbox sandbox = RallySandbox.builder().supporters(SUPPORTERS).seed(3).clock(clock).build().start()) {
      TestDatabase reference = TestDatabase.create(kind, folder);
      assertThat(child(sandbox, reference, folder).waitFor()).isZero();

      TestDatabase interrupted = TestDatabase.create(kind, folder);
      SplittableRandom random = new SplittableRandom(15);
      List<Long> pagesCommittedAtKills = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        int requestsBefore = sandbox.requestCount();
        Process process = child(sandbox, interrupted, folder);
        // Kill once the child has asked for a few more pages, a little after a page request: the
        // child is then writing the page before it, inside its transaction, or just committing.
        int target = requestsBefore + 2 + random.nextInt(4);
        while (sandbox.requestCount() < target && process.isAlive()) {
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // polling a condition, not a timed wait
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(15)));
        assertThat(process.isAlive()).as("the child was still running when killed").isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor()).isNotZero();
        pagesCommittedAtKills.add(Long.parseLong(Rows.value(interrupted.dataSource,
            "SELECT COALESCE(MAX(pages), 0) FROM sync_run WHERE status = 'running'")));
      }
      if (kind == TestDatabase.Kind.SQLITE) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
          assertThat(files.map(file -> file.getFileName().toString()))
              .as("the killed children's native libraries, left in the test's folder, which JUnit deletes")
              .anyMatch(name -> name.startsWith("sqlite-") && name.contains("sqlitejdbc"));
        }
      }
      assertThat(pagesCommittedAtKills).as("pages committed at each kill").isSorted().last()
          .matches(pages -> pages > 0 && pages < SUPPORTERS / PAGE_SIZE);
      assertThat(child(sandbox, interrupted, folder).waitFor()).isZero();

      for (Map.Entry<String, String> table : Map.of("supporter", "id", "supporter_address", "supporter_id, position",
          "supporter_phone", "supporter_id, position", "sync_run", "id").entrySet()) {
        assertThat(Rows.dump(interrupted.dataSource, table.getKey(), table.getValue()))
            .as(table.getKey())
            .isEqualTo(Rows.dump(reference.dataSource, table.getKey(), table.getValue()));
      }
      assertThat(Rows.value(interrupted.dataSource, "SELECT COUNT(*) FROM supporter")).isEqualTo("" + SUPPORTERS);
      assertThat(Rows.value(interrupted.dataSource, "SELECT status FROM sync_run")).isEqualTo("complete");
    }
  }

  /**
   * The database fails a page after its supporters were inserted, at the first of their
   * addresses: nothing of that page is committed (no supporter, address or phone, no checkpoint
   * moved), and the next run resumes at that page and ends with exactly the tables of a run that
   * was never interrupted. Where a kill lands in the page is chance; this failure is not. It is a
   * trigger in the database, so it fails the page whichever way its rows are sent (INSERTs, or
   * PostgreSQL's COPY).
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aFailureBetweenAPagesSupportersAndItsAddressesCommitsNothingOfThatPage(TestDatabase.Kind kind) throws Exception {
    try (ListingServer server = new ListingServer()) {
      // Pages of 20: a statement of 16 supporters and four more, then their addresses.
      server.listMade(100);
      TestDatabase reference = TestDatabase.create(kind, folder);
      SupporterSync.builder(server.client(), reference.dataSource).pageSize(20).build().run();

      TestDatabase interrupted = TestDatabase.create(kind, folder);
      Database.of(interrupted.dataSource).migrate(interrupted.dataSource);
      // The address of the third page's first supporter.
      execute(interrupted.dataSource, kind == TestDatabase.Kind.SQLITE
          ? List.of("CREATE TRIGGER fail_address BEFORE INSERT ON supporter_address"
              + " WHEN NEW.supporter_id = '1000040' BEGIN SELECT RAISE(ABORT, '" + INJECTED + "'); END")
          : List.of("CREATE FUNCTION fail_address() RETURNS trigger LANGUAGE plpgsql AS"
                  + " $$ BEGIN RAISE EXCEPTION '" + INJECTED + "'; END $$",
              "CREATE TRIGGER fail_address BEFORE INSERT ON supporter_address FOR EACH ROW"
                  + " WHEN (NEW.supporter_id = '1000040') EXECUTE FUNCTION fail_address()"));
      SupporterSync sync = SupporterSync.builder(server.client(), interrupted.dataSource).pageSize(20).build();

      assertThatThrownBy(sync::run).isInstanceOf(SyncDatabaseException.class).hasMessageContaining(INJECTED);

      for (String table : List.of("supporter", "supporter_address", "supporter_phone")) {
        assertThat(Rows.value(interrupted.dataSource, "SELECT COUNT(*) FROM " + table)).as(table).isEqualTo("40");
      }
      assertThat(Rows.value(interrupted.dataSource, "SELECT COUNT(*) FROM supporter WHERE id >= '1000040'"))
          .isEqualTo("0");
      assertThat(Rows.value(interrupted.dataSource, "SELECT status || ' ' || pages || ' ' || inserted FROM sync_run"))
          .isEqualTo("running 2 40");
      assertThat(Rows.value(interrupted.dataSource, "SELECT next_page FROM sync_run")).contains("page=2&pagesize=20");

      execute(interrupted.dataSource, List.of("DROP TRIGGER fail_address" + (kind == TestDatabase.Kind.SQLITE ? ""
          : " ON supporter_address")));
      SyncResult resumed = sync.run();

      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.readBefore()).isEqualTo(40);
      assertThat(resumed.complete()).isTrue();
      for (Map.Entry<String, String> table : Map.of("supporter", "id", "supporter_address", "supporter_id, position",
          "supporter_phone", "supporter_id, position", "sync_run", "id").entrySet()) {
        assertThat(Rows.dump(interrupted.dataSource, table.getKey(), table.getValue()))
            .as(table.getKey())
            .isEqualTo(Rows.dump(reference.dataSource, table.getKey(), table.getValue()));
      }
    }
  }

  private static final String INJECTED = "injected: an address insert fails";

  private static void execute(DataSource dataSource, List<String> statements) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /**
   * A sync in a JVM of its own. Its temporary folder is the test's: the SQLite driver extracts its
   * native library there at each start and deletes it at exit, which a killed JVM never reaches;
   * in the machine's own temporary folder, each kill would leave a megabyte behind for good.
   */
  private static Process child(RallySandbox sandbox, TestDatabase db, Path folder) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx128m", "-Djava.io.tmpdir=" + folder, "-cp", System.getProperty("java.class.path"),
        SyncChild.class.getName(), sandbox.baseUrl(), sandbox.accountId(), sandbox.authToken(), db.url,
        Integer.toString(PAGE_SIZE))
        .redirectErrorStream(true)
        .redirectOutput(folder.resolve("sync-child.log").toFile())
        .start();
  }
}
