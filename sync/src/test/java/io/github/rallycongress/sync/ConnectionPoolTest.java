package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An application's connections as the sync's data source, as apps hand them over: a pool
 * (HikariCP), and one connection the application keeps open and uses itself between runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionPoolTest {
  @TempDir Path folder;

  private static HikariDataSource pool(TestDatabase db, int size) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(db.dataSource);
    config.setMaximumPoolSize(size);
    // Hikari's default is 30 s: a sync waiting for a connection it holds itself fails within this.
    config.setConnectionTimeout(2_000);
    return new HikariDataSource(config);
  }

  /**
   * A run whose thread is interrupted while it waits for a pool's connection (the application holds
   * the only one) ends as an interrupted run does: an {@link java.io.InterruptedIOException}, the
   * flag still set, and not a database failure. It was a {@link SyncDatabaseException} ("Interrupted
   * during connection acquisition"), which a scheduler that cancels its job by interrupting it
   * would log as the database's. Both waits: the first run's, for the tables; a later one's, for its
   * connection.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aRunInterruptedWhileItWaitsForAConnectionEndsAsInterrupted(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    HikariConfig config = new HikariConfig();
    config.setDataSource(db.dataSource);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(30_000);
    try (ListingServer server = new ListingServer(); HikariDataSource pool = new HikariDataSource(config)) {
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"));
      SupporterSync first = SupporterSync.builder(server.client(), pool).build();
      SupporterSync later = SupporterSync.builder(server.client(), pool).build();
      later.run(); // its tables are known to it: its next run waits for its connection alone

      for (SupporterSync sync : java.util.List.of(first, later)) {
        java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean flagSet = new java.util.concurrent.atomic.AtomicBoolean();
        try (Connection held = pool.getConnection()) {
          Thread runner = new Thread(() -> {
            try {
              sync.run();
              ended.complete(null);
            } catch (Throwable t) {
              flagSet.set(Thread.currentThread().isInterrupted());
              ended.complete(t);
            }
          });
          runner.start();
          while (pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 0) {
            Thread.sleep(10);
          }
          long interruptedAt = System.nanoTime();
          runner.interrupt();

          Throwable failure = ended.get(10, TimeUnit.SECONDS);

          assertThat(failure).isInstanceOf(java.io.InterruptedIOException.class)
              .hasMessageStartingWith("The supporter sync was interrupted while it waited for the database;")
              .hasCauseInstanceOf(SyncDatabaseException.class);
          assertThat(flagSet).as("the interrupt flag, still set").isTrue();
          assertThat((System.nanoTime() - interruptedAt) / 1_000_000).as("ended by the interrupt, not the pool's timeout")
              .isLessThan(5_000L);
        }
      }
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1");
    }
  }

  /**
   * A run holds one connection; creating the tables took three at once on PostgreSQL (the
   * migration's lock, and Flyway's two), so a pool of one or two failed the first run, and the
   * first after an upgrade, once the pool gave up waiting for a connection the sync held itself.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aPoolOfOneConnectionCreatesTheTablesAndSyncs(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer(); HikariDataSource pool = pool(db, 1)) {
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("3", "Three", "2026-01-01T00:00:00Z"));
      SupporterSync sync = SupporterSync.builder(server.client(), pool).pageSize(2).build();

      assertThat(sync.nextUpdatedSince()).isEmpty();
      SyncResult first = sync.run();
      SyncResult second = sync.run();

      assertThat(first.complete()).isTrue();
      assertThat(first.inserted()).isEqualTo(3);
      assertThat(second.mode()).isEqualTo(SyncResult.Mode.INCREMENTAL);
      assertThat(second.unchanged()).isEqualTo(3);
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
    }
  }

  /**
   * A data source that hands out the application's one connection and leaves it open (Spring's
   * SingleConnectionDataSource, a common way to use a SQLite file): the sync turned autocommit
   * off and left it so, and the application's own writes after a run were never committed; an
   * open transaction is invisible to every other connection, and lost when the connection closes.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theApplicationsOwnConnectionIsHandedBackInAutocommitAsItWas(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer(); Connection app = db.dataSource.getConnection()) {
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"));
      try (Statement statement = app.createStatement()) {
        statement.execute("CREATE TABLE app_notes (note TEXT)");
      }

      SyncResult result = SupporterSync.builder(server.client(), new OneConnectionDataSource(app)).pageSize(1).build()
          .run();
      try (Statement statement = app.createStatement()) {
        statement.execute("INSERT INTO app_notes VALUES ('written by the application after the sync')");
      }

      assertThat(result.inserted()).isEqualTo(2);
      assertThat(app.getAutoCommit()).isTrue();
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM app_notes")).isEqualTo("1");
    }
  }

  /**
   * A read of the sync's state that fails (here a DBA's lock on sync_run outlasting the
   * connection's lock_timeout) left the transaction open and aborted: every statement the
   * application sent on that connection afterwards failed ("current transaction is aborted").
   */
  @Test
  void aFailedReadLeavesNoAbortedTransactionOnTheApplicationsConnection() throws Exception {
    TestDatabase db = TestDatabase.postgres();
    try (ListingServer server = new ListingServer(); Connection app = db.dataSource.getConnection();
         Connection dba = db.dataSource.getConnection()) {
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"));
      SupporterSync sync = SupporterSync.builder(server.client(), new OneConnectionDataSource(app)).build();
      sync.run();
      try (Statement statement = app.createStatement()) {
        statement.execute("SET lock_timeout = '200ms'");
      }
      dba.setAutoCommit(false);
      try (Statement statement = dba.createStatement()) {
        statement.execute("LOCK TABLE sync_run IN ACCESS EXCLUSIVE MODE");
      }

      assertThatThrownBy(sync::run).isInstanceOf(SyncDatabaseException.class).hasMessageContaining("SQLState 55P03");
      dba.rollback();

      assertThat(app.getAutoCommit()).isTrue();
      assertThat(Rows.value(new OneConnectionDataSource(app), "SELECT COUNT(*) FROM supporter")).isEqualTo("1");
    }
  }
}
