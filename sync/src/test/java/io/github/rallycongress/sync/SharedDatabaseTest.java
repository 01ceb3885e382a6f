package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database the sync shares with others: an application's own transactions, a DBA's lock, its
 * settings, and a second sync started at the same moment (cron runs that overlap). The sync waits
 * for a lock rather than failing, and of two syncs the loser says that another sync was running.
 */
class SharedDatabaseTest {
  @TempDir Path folder;

  /**
   * An application's write transaction on its own table of the SQLite file, open while the sync
   * writes a page: the page waits for it (the busy timeout), where it failed at once with
   * SQLITE_BUSY, its transaction having read before it wrote.
   */
  @Test
  void aPageWaitsForAnApplicationsOpenTransactionOnTheSqliteFile() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer(); Connection app = db.dataSource.getConnection()) {
      try (Statement statement = app.createStatement()) {
        statement.execute("CREATE TABLE app_notes (note TEXT)");
      }
      app.setAutoCommit(false);
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("3", "Three", "2026-01-01T00:00:00Z"));
      CountDownLatch appWrote = new CountDownLatch(1);
      server.beforePage(page -> {
        if (page == 1) {
          try (Statement statement = app.createStatement()) {
            statement.execute("INSERT INTO app_notes VALUES ('a transaction of the application')");
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
          appWrote.countDown();
        }
      });
      CompletableFuture<Void> appCommits = CompletableFuture.runAsync(() -> {
        try {
          appWrote.await(10, TimeUnit.SECONDS);
          // Room for the sync to reach a page's write and wait behind this transaction. SQLite shows no
          // waiter (PostgreSQL's pg_stat_activity would), so no event says it waits; a sync slower than
          // this writes after the commit, and the test passes without the wait it is about.
          Thread.sleep(300);
          app.commit();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      SyncResult result = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build().run();

      appCommits.get(10, TimeUnit.SECONDS);
      assertThat(result.complete()).isTrue();
      assertThat(result.inserted()).isEqualTo(3);
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM app_notes")).isEqualTo("1");
    }
  }

  /**
   * Two syncs whose first pages arrive together, each beginning its run while a lock held
   * elsewhere makes it wait: on PostgreSQL the SHARE lock of a DBA's {@code CREATE INDEX} on the
   * supporters, on SQLite an application's open transaction. One run goes on; the other stops
   * without writing and says why. Before, PostgreSQL failed the second on sync_run's duplicate
   * key ("the database failed ... the next run resumes"), and SQLite both, with SQLITE_BUSY.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void ofTwoSyncsBeginningTogetherUnderALockOneRunsAndTheOtherSaysWhyItStopped(TestDatabase.Kind kind)
      throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    Database.of(db.dataSource).migrate(db.dataSource);
    CountDownLatch oneStopped = new CountDownLatch(1);
    try (ListingServer forA = new ListingServer(); ListingServer forB = new ListingServer();
         Connection holder = db.dataSource.getConnection()) {
      for (ListingServer server : new ListingServer[] {forA, forB}) {
        server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
            supporter("3", "Three", "2026-01-01T00:00:00Z"));
        // The run that goes on is still running when the other looks: it waits for its last page.
        server.beforePage(page -> {
          if (page == 2) {
            await(oneStopped);
          }
        });
      }
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute(kind == TestDatabase.Kind.POSTGRESQL ? "LOCK TABLE supporter IN SHARE MODE"
            : "CREATE TABLE app_notes (note TEXT)");
      }
      List<CompletableFuture<String>> runs = new ArrayList<>();
      for (ListingServer server : new ListingServer[] {forA, forB}) {
        SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build();
        runs.add(CompletableFuture.supplyAsync(() -> {
          try {
            return sync.run().complete() ? "complete" : "incomplete";
          } catch (Exception e) {
            oneStopped.countDown();
            return e.getClass().getSimpleName() + ": " + e.getMessage();
          }
        }));
      }
      // each has its first page, and has asked for its second
      waitUntil(() -> forA.requests.get() >= 2 && forB.requests.get() >= 2, "both syncs ask for their second page");
      List<String> outcomes = releaseWhenBothWait(db, holder, runs);
      assertThat(outcomes).containsExactlyInAnyOrder("complete", "SyncDatabaseException: Another sync began a run"
          + " in this database while this one read its first page; this one stops without writing. Run one sync at"
          + " a time per database.");
      assertThat(Rows.value(db.dataSource, "SELECT status || ' ' || pages || ' ' || inserted FROM sync_run"))
          .isEqualTo("complete 3 3");
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
    }
  }

  /**
   * Two syncs resuming the same interrupted run, each writing the same page while a lock held
   * elsewhere makes it wait (as above): one writes it and goes on, the other stops without writing
   * and says that the run was moved on. Before, PostgreSQL failed the second on the supporters'
   * duplicate keys, and SQLite both, with SQLITE_BUSY; under REPEATABLE READ PostgreSQL fails the
   * second's claim of the run ("could not serialize access"), which the sync now names too.
   */
  @ParameterizedTest
  @ValueSource(strings = {"SQLITE", "POSTGRESQL", "POSTGRESQL repeatable read"})
  void ofTwoSyncsWritingTheSamePageUnderALockOneWritesItAndTheOtherSaysWhyItStopped(String setup) throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.valueOf(setup.split(" ")[0]), folder);
    if (setup.endsWith("repeatable read")) {
      try (Connection connection = db.dataSource.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("ALTER DATABASE " + Rows.value(db.dataSource, "SELECT current_database()")
            + " SET default_transaction_isolation = 'repeatable read'");
      }
      assertThat(Rows.value(db.dataSource, "SHOW transaction_isolation")).isEqualTo("repeatable read");
    }
    try (ListingServer forA = new ListingServer(); ListingServer forB = new ListingServer();
         Connection holder = db.dataSource.getConnection()) {
      forA.list(supporter("1", "One", "2026-01-01T00:00:00Z"), "{\"id\":\"\",\"firstName\":\"Empty id\"}");
      assertThatThrownBy(SupporterSync.builder(forA.client(), db.dataSource).pageSize(1).build()::run)
          .isInstanceOf(IllegalStateException.class);
      for (ListingServer server : new ListingServer[] {forA, forB}) {
        server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
            supporter("3", "Three", "2026-01-01T00:00:00Z"));
      }
      int requestsBefore = forA.requests.get();
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute(db.kind == TestDatabase.Kind.POSTGRESQL ? "LOCK TABLE supporter IN SHARE MODE"
            : "CREATE TABLE app_notes (note TEXT)");
      }
      List<CompletableFuture<String>> runs = new ArrayList<>();
      for (ListingServer server : new ListingServer[] {forA, forB}) {
        SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build();
        runs.add(CompletableFuture.supplyAsync(() -> {
          try {
            SyncResult result = sync.run();
            return result.resumed() && result.complete() ? "resumed and complete" : result.toString();
          } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
          }
        }));
      }
      // each has the page it resumes from
      waitUntil(() -> forA.requests.get() >= requestsBefore + 1 && forB.requests.get() >= 1,
          "both syncs read the page they resume from");
      List<String> outcomes = releaseWhenBothWait(db, holder, runs);
      assertThat(outcomes).containsExactlyInAnyOrder("resumed and complete", "SyncDatabaseException: Sync run 1 was"
          + " moved on by another sync writing to the same database; this one stops without writing its page. Run one"
          + " sync at a time per database.");
      assertThat(Rows.value(db.dataSource, "SELECT status || ' ' || pages || ' ' || inserted || ' ' || updated || ' '"
          + " || unchanged FROM sync_run")).isEqualTo("complete 3 3 0 0");
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
    }
  }

  /**
   * A migration that SQLite refuses as busy while another connection writes the file (as it does
   * at once, without its busy timeout, to a transaction that read and then writes, when another
   * sync's migration holds the file) waits for that writer and goes on. It failed the run before,
   * when the other's migration had not yet committed its history row (seen once in CI); here the
   * busy timeout is 0, so every write Flyway tries while the other holds the file is refused.
   * Flyway itself retries only the creation of its history table, so the database starts at V3.
   */
  @Test
  void aMigrationRefusedAsBusyWaitsForTheOtherWriterToEnd() throws Exception {
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
    config.setBusyTimeout(0);
    config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
    org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + folder.resolve("busy.db"));
    // At V3, as after an upgrade that brings V4: Flyway retries creating its history table, not a migration.
    org.flywaydb.core.Flyway.configure(SupporterSync.class.getClassLoader()).dataSource(dataSource)
        .locations("classpath:io/github/rallycongress/sync/migration/sqlite").table(Database.HISTORY_TABLE)
        .target("3").load().migrate();
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
        statement.execute("CREATE TABLE app_notes (note TEXT)");
        statement.execute("BEGIN IMMEDIATE");
        statement.execute("INSERT INTO app_notes VALUES ('held')");
        holding.countDown();
        Thread.sleep(500);
        statement.execute("COMMIT");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

    Database.SQLITE.migrate(dataSource);

    writer.get(10, TimeUnit.SECONDS);
    assertThat(Rows.value(dataSource, "SELECT MAX(version) FROM " + Database.HISTORY_TABLE + " WHERE success"))
        .isEqualTo(Database.LATEST_MIGRATION);
    assertThat(Rows.value(dataSource, "SELECT note FROM app_notes")).isEqualTo("held");
  }

  /**
   * Syncs started at once on a database to create (cron runs that overlap, or the first run after
   * an upgrade that brings a migration) all create it: on SQLite, which Flyway does not lock, and
   * on PostgreSQL under a role's {@code default_transaction_isolation = 'repeatable read'}, whose
   * snapshot, taken before Flyway's lock, does not see the other's migrations. Before, the
   * late ones failed on a migration the first had applied ("Could not create or upgrade the
   * sync's tables: ... index supporter_email does not exist").
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void syncsCreatingTheSameDatabaseAtOnceAllSucceed(TestDatabase.Kind kind) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        TestDatabase db = TestDatabase.create(kind, folder);
        if (kind == TestDatabase.Kind.POSTGRESQL) {
          try (Connection connection = db.dataSource.getConnection();
               Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + Rows.value(db.dataSource, "SELECT current_database()")
                + " SET default_transaction_isolation = 'repeatable read'");
          }
          assertThat(Rows.value(db.dataSource, "SHOW default_transaction_isolation")).isEqualTo("repeatable read");
        }
        Database database = Database.of(db.dataSource);
        CyclicBarrier start = new CyclicBarrier(4);
        List<Future<?>> migrations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          migrations.add(threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            database.migrate(db.dataSource);
            return null;
          }));
        }
        for (Future<?> migration : migrations) {
          migration.get(60, TimeUnit.SECONDS);
        }
        assertThat(Rows.value(db.dataSource, "SELECT MAX(version) FROM " + Database.HISTORY_TABLE + " WHERE success"))
            .isEqualTo(Database.LATEST_MIGRATION);
        // Each migration applied once: a database with no tables has no baseline row.
        assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM " + Database.HISTORY_TABLE))
            .isEqualTo(Database.LATEST_MIGRATION);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Two syncs of different accounts starting together on a new database (two deployments given the
   * same one): both find no account recorded, and the one whose first page arrives after the other
   * run completed is refused when it begins, writing nothing. Before, it found no run under way at
   * its begin and wrote its account's supporters among the other's, which the account check exists
   * to prevent; the next run of either then refused the database.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void ofTwoAccountsStartingTogetherOnANewDatabaseTheSecondIsRefusedWritingNothing(TestDatabase.Kind kind)
      throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    Database.of(db.dataSource).migrate(db.dataSource);
    CountDownLatch aDone = new CountDownLatch(1);
    try (ListingServer forA = new ListingServer(); ListingServer forB = new ListingServer()) {
      forA.list(supporter("1", "One", "2026-01-01T00:00:00Z"));
      forB.list(supporter("9", "Other account's", "2026-01-01T00:00:00Z"));
      // B has checked the account (none recorded yet) and asked for its first page: A runs meanwhile.
      forB.beforePage(page -> await(aDone));
      SupporterSync b = SupporterSync.builder(forB.client("AC2"), db.dataSource).build();
      CompletableFuture<String> bRun = CompletableFuture.supplyAsync(() -> {
        try {
          return b.run().complete() ? "complete" : "incomplete";
        } catch (Exception e) {
          return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
      });
      waitUntil(() -> forB.requests.get() == 1, "B asks for its first page");

      SyncResult a = SupporterSync.builder(forA.client("AC1"), db.dataSource).build().run();
      aDone.countDown();

      assertThat(a.complete()).isTrue();
      assertThat(bRun.get(20, TimeUnit.SECONDS)).isEqualTo("IllegalArgumentException: This database keeps account"
          + " AC1's supporters in step, not AC2's (its run began while this one read its first page): give each"
          + " account a database of its own. No supporter was written.");
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) || ' ' || MIN(account_id) FROM sync_run"))
          .isEqualTo("1 AC1");
    }
  }

  /**
   * As above, a step earlier: another account's first run is interrupted on the new database just
   * after this sync checked the account and before it looked for a run to resume. It is refused,
   * and does not resume that run with its own account's supporters (it did, the check being made
   * before the look).
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSyncDoesNotResumeAnotherAccountsRunBegunAfterItCheckedTheAccount(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    Database.of(db.dataSource).migrate(db.dataSource);
    try (ListingServer forA = new ListingServer(); ListingServer forB = new ListingServer()) {
      forA.list(supporter("1", "One", "2026-01-01T00:00:00Z"), "{\"id\":\"\",\"firstName\":\"Empty id\"}");
      forB.list(supporter("9", "Other account's", "2026-01-01T00:00:00Z"));
      SupporterSync a = SupporterSync.builder(forA.client("AC1"), db.dataSource).pageSize(1).build();
      java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
      // B's connection runs A's first run, left interrupted by its second page, just before B looks
      // for an interrupted run.
      javax.sql.DataSource watched = onStatement(db.dataSource, "SELECT * FROM sync_run WHERE status = 'running'",
          () -> {
            if (once.compareAndSet(false, true)) {
              assertThatThrownBy(a::run).isInstanceOf(IllegalStateException.class);
            }
          });
      SupporterSync b = SupporterSync.builder(forB.client("AC2"), watched).pageSize(1).build();

      assertThatThrownBy(b::run).isInstanceOf(IllegalArgumentException.class).hasMessage("This database keeps"
          + " account AC1's supporters in step, not AC2's: give each account a database of its own. No supporter was"
          + " read or written.");
      assertThat(once).isTrue();
      assertThat(forB.requests.get()).isZero();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1");
      assertThat(Rows.value(db.dataSource, "SELECT status || ' ' || account_id || ' ' || pages FROM sync_run"))
          .isEqualTo("running AC1 1");
    }
  }

  /** {@code dataSource}, whose connections run {@code hook} before preparing a statement that starts with {@code sql}. */
  private static javax.sql.DataSource onStatement(javax.sql.DataSource dataSource, String sql, Runnable hook) {
    return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(SharedDatabaseTest.class.getClassLoader(),
        new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(dataSource, method, args);
          if (!(result instanceof Connection)) {
            return result;
          }
          Connection connection = (Connection) result;
          return java.lang.reflect.Proxy.newProxyInstance(SharedDatabaseTest.class.getClassLoader(),
              new Class<?>[] {Connection.class}, (p, m, a) -> {
                if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String
                    && ((String) a[0]).startsWith(sql)) {
                  hook.run();
                }
                return invoke(connection, m, a);
              });
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Polls {@code condition} every 5 ms; fails the test after 30 s instead of hanging the build when
   * a sync stopped early (a regression) and the state waited for never comes.
   */
  private static void waitUntil(Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.call()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Not within 30 s: " + what);
      }
      Thread.sleep(5);
    }
  }

  /**
   * Commits {@code holder}'s transaction once both syncs wait behind its lock (PostgreSQL shows
   * them waiting; SQLite does not, so 200 ms are given to get there, or to fail), then gives the
   * syncs' outcomes.
   */
  private static List<String> releaseWhenBothWait(TestDatabase db, Connection holder,
      List<CompletableFuture<String>> runs) throws Exception {
    if (db.kind == TestDatabase.Kind.POSTGRESQL) {
      waitUntil(() -> Rows.value(db.dataSource, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname ="
          + " current_database() AND wait_event_type = 'Lock'").equals("2"), "both syncs wait for a lock");
    } else {
      Thread.sleep(200); // both wait for the write lock, or have failed
    }
    holder.commit();
    List<String> outcomes = new ArrayList<>();
    for (CompletableFuture<String> run : runs) {
      outcomes.add(run.get(20, TimeUnit.SECONDS));
    }
    return outcomes;
  }
}
