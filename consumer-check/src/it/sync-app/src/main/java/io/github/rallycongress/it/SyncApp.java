package io.github.rallycongress.it;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.sync.SupporterSync;
import io.github.rallycongress.sync.SyncResult;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Syncs every supporter of a sandbox into a new SQLite file, as sync/README.md shows, reads the
 * tables back with plain JDBC, then syncs again and checks that the second run read nothing (the
 * sandbox did not change). Exits with status 1 on anything thrown anywhere (a missing class or
 * method from a library version the POMs let win, Flyway finding no support for the database or
 * no migrations in the sync's jar, an error RxJava could not deliver, a thread dying), on a wrong
 * count, or when still running after 5 minutes; 0 otherwise.
 *
 * <p>Arguments: the sandbox-app project directory, then the folder for the database files.
 * {@code PostgreSqlSyncApp} (in the test sources: it starts an embedded PostgreSQL) does the same
 * into PostgreSQL.
 */
public final class SyncApp {
  private static final int SUPPORTERS = 1234;
  private static final long SEED = 11;

  private SyncApp() {
  }

  public static void main(String[] args) {
    Path folder = Paths.get(args[1]);
    runAgainstSandbox(Paths.get(args[0]), sandbox -> {
      Path file = folder.resolve("sync-app.db");
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(folder.resolve("sync-app.db" + suffix));
      }
      syncTwice(sandbox, "SQLite", sqlite("jdbc:sqlite:" + file));
    });
  }

  /** What runs against the sandbox. */
  interface Job {
    void run(SandboxProcess sandbox) throws Exception;
  }

  /**
   * Runs {@code job} against a sandbox started from the sandbox-app project in {@code sandboxApp},
   * then exits: 0 if it returned, 1 on anything thrown anywhere or after 5 minutes.
   */
  static void runAgainstSandbox(Path sandboxApp, Job job) {
    // Fail at once, with the error, on anything thrown where the main thread cannot see it.
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> fail("Thread " + thread.getName() + " died", error));
    RxJavaPlugins.setErrorHandler(error -> fail("RxJava could not deliver an error", error));
    watchdog();
    try (SandboxProcess sandbox = SandboxProcess.start(sandboxApp, SUPPORTERS, SEED)) {
      job.run(sandbox);
    } catch (Throwable error) {
      fail("The app failed", error);
    }
    System.exit(0);
  }

  /** As sync/README.md says to open SQLite: write-ahead log, synced at checkpoints, a busy timeout of 10 s. */
  private static DataSource sqlite(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  private static void fail(String what, Throwable error) {
    System.err.println("sync-app: " + what + ":");
    error.printStackTrace();
    System.exit(1);
  }

  /** A hang (a run that never ends) fails too, with every thread's stack, instead of blocking the build. */
  private static void watchdog() {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("sync-app: still running after 5 minutes; the threads:");
      for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
        System.err.println(thread.getKey());
        for (StackTraceElement frame : thread.getValue()) {
          System.err.println("    at " + frame);
        }
      }
      System.exit(1);
    }, "sync-app-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /**
   * The first run copies every supporter (as many rows as the first page's {@code totalResults},
   * each with addresses and phones); the second, by a new SupporterSync as the next start of a job
   * would make it, asks only for what changed since, and on an untouched sandbox reads nothing.
   */
  static void syncTwice(SandboxProcess sandbox, String database, DataSource dataSource) throws Exception {
    try (RallyCongress rally = RallyCongress.builder()
        .baseUrl(sandbox.setting("RALLY_BASE_URL"))
        .credentials(sandbox.setting("RALLY_ACCOUNT_ID"), sandbox.setting("RALLY_AUTH_TOKEN"))
        .build()) {
      Integer totalResults = rally.supporterPages(SupporterQuery.all(), PageOptions.defaults())
          .firstOrError().blockingGet().getTotalResults();
      check(totalResults != null && totalResults == SUPPORTERS,
          "the sandbox has " + SUPPORTERS + " supporters, but its first page said totalResults " + totalResults);

      SyncResult first = SupporterSync.builder(rally, dataSource).build().run();
      check(first.complete() && first.mode() == SyncResult.Mode.FULL && first.inserted() == totalResults
              && first.read() == totalResults,
          database + ": the first run should have inserted all " + totalResults + " supporters: " + first);
      Counts copied = Counts.of(dataSource);
      check(copied.supporters == totalResults, database + ": " + copied.supporters + " rows in supporter, "
          + totalResults + " supporters listed");
      check(copied.addresses > 0 && copied.phones > 0, database + ": no addresses or no phones stored: " + copied);

      SyncResult second = SupporterSync.builder(rally, dataSource).build().run();
      check(second.complete() && second.mode() == SyncResult.Mode.INCREMENTAL && second.updatedSince() != null,
          database + ": the second run should have been incremental: " + second);
      check(second.read() == 0 && second.inserted() == 0 && second.updated() == 0,
          database + ": the sandbox did not change, but the second run read " + second.read() + ": " + second);
      Counts after = Counts.of(dataSource);
      check(after.equals(copied), database + ": the second run changed the tables from " + copied + " to " + after);
      System.out.println("sync-app: " + database + ": the first run stored " + copied + " (totalResults "
          + totalResults + "), the second read " + second.read() + " supporters since " + second.updatedSince());
    }
  }

  /** Rows in the sync's tables, read with plain JDBC. */
  private record Counts(long supporters, long addresses, long phones) {
    static Counts of(DataSource dataSource) throws SQLException {
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        return new Counts(count(statement, "supporter"), count(statement, "supporter_address"),
            count(statement, "supporter_phone"));
      }
    }

    private static long count(Statement statement, String table) throws SQLException {
      try (ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }
}
