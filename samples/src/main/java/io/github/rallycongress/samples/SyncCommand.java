package io.github.rallycongress.samples;

import io.github.rallycongress.sync.SupporterSync;
import io.github.rallycongress.sync.SyncResult;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {"Copies the account's supporters, their addresses and phones into a database, then keeps it"
        + " in step: the first run reads everything, later runs only what changed since the last complete run"
        + " (server time, less 5 minutes). An interrupted run continues from its last committed page.",
        "Progress and a summary go to stderr."})
final class SyncCommand implements Callable<Integer> {
  static final String DEFAULT_DB = "jdbc:sqlite:rally.db";
  /** Flyway logs each migration through java.util.logging; the summary says what matters. Held: loggers are weak. */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

  @ParentCommand
  Rally rally;

  @Option(names = "--db", paramLabel = "URL", defaultValue = DEFAULT_DB,
      description = "jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE (user and password from the URL,"
          + " or PGUSER and PGPASSWORD). Default: ${DEFAULT-VALUE}, in the working directory.")
  String db = DEFAULT_DB;

  @Option(names = "--full", description = "Read every supporter, and mark (not delete) the stored ones no longer"
      + " listed.")
  boolean full;

  @Option(names = "--since", paramLabel = "WHEN", description = "Read the supporters updated since a day"
      + " (2025-06-01) or an instant (2025-06-01T12:00:00Z) instead of since the last run.")
  @Nullable OffsetDateTime since;

  @Option(names = "--pagesize", paramLabel = "N", description = "Supporters per request, 1 to 1000. Default: 1000.")
  @Nullable Integer pageSize;

  @Override
  public Integer call() throws Exception {
    if (full && since != null) {
      throw new Rally.UsageException("Give --full or --since, not both: --full reads every supporter.");
    }
    FLYWAY_LOG.setLevel(Level.WARNING);
    DataSource dataSource = dataSource(db, rally.io);
    // A bar only on a terminal: redirected stderr (a log file, CI) gets the summary line alone.
    ProgressBar bar = rally.io.errIsTerminal ? new ProgressBar(rally.io.err, "supporters", rally.io.nanoTime) : null;
    long[] shown = {0};
    SupporterSync.Builder builder = SupporterSync.builder(rally.client(), dataSource).onPage(progress -> {
      if (bar != null) {
        if (progress.expected() != null) {
          bar.total(progress.expected());
        }
        for (; shown[0] < progress.read(); shown[0]++) {
          bar.step();
        }
      }
    });
    if (pageSize != null) {
      builder.pageSize(pageSize);
    }
    SupporterSync sync = builder.build();
    SyncResult result = full ? sync.runFull() : since != null ? sync.runSince(since) : sync.run();
    String summary = summary(result, describe(db), sync);
    if (bar != null) {
      bar.finish(summary);
    } else {
      rally.io.err.println(summary);
    }
    return Rally.OK;
  }

  static String summary(SyncResult r, String where, SupporterSync sync) {
    double seconds = Math.max(r.elapsed().toMillis(), 1) / 1000.0;
    String kind = switch (r.mode()) {
      case FULL -> "full run";
      case INCREMENTAL -> "changes since " + r.updatedSince();
      case SINCE -> "changes since " + r.updatedSince() + " (asked)";
    };
    return String.format(Locale.ROOT, "Synced %,d supporters into %s (%s%s): %,d inserted, %,d updated, %,d unchanged,"
            + " %,d stale, %,d unlisted; %,d page%s in %.1f s (%,.0f supporters/s). %s",
        r.read(), where, kind, r.resumed() ? ", resumed from its last committed page" : "", r.inserted(), r.updated(),
        r.unchanged(), r.stale(), r.unlisted(), r.pages(), r.pages() == 1 ? "" : "s", seconds, r.read() / seconds,
        sync.nextUpdatedSince().map(next -> "The next run reads changes since " + next + ".")
            .orElse("The next run reads every supporter."));
  }

  /** A data source for {@code url}, user and password from the URL or PGUSER / PGPASSWORD. */
  static DataSource dataSource(String url, Io io) {
    if (url.startsWith("jdbc:sqlite:")) {
      SQLiteConfig config = new SQLiteConfig();
      // The write-ahead log commits a page without rewriting the file; a process killed mid-page
      // loses only that page's uncommitted transaction. NORMAL syncs the log at checkpoints, not at
      // every commit: a power cut may take the last pages back, checkpoint included, and the next
      // run reads them again.
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(10_000);
      SQLiteDataSource dataSource = new SQLiteDataSource(config);
      dataSource.setUrl(url);
      return dataSource;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      try {
        dataSource.setURL(url);
      } catch (IllegalArgumentException e) {
        throw new Rally.UsageException("--db is not a PostgreSQL URL the driver understands: " + describe(url) + ".");
      }
      // The sync writes each page as batches: the driver then sends each batch as multi-row INSERTs,
      // one round trip per batch instead of one per row (unless the URL says otherwise).
      if (!url.contains("reWriteBatchedInserts=")) {
        dataSource.setReWriteBatchedInserts(true);
      }
      if (dataSource.getUser() == null && io.env("PGUSER") != null) {
        dataSource.setUser(io.env("PGUSER"));
      }
      if (dataSource.getPassword() == null && io.env("PGPASSWORD") != null) {
        dataSource.setPassword(io.env("PGPASSWORD"));
      }
      return dataSource;
    }
    throw new Rally.UsageException("--db must be jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE, but was "
        + describe(url) + ".");
  }

  /** The database for messages: never its password. */
  static String describe(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return url.substring("jdbc:sqlite:".length()) + " (SQLite)";
    }
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    return "'" + base.replaceAll("//[^/@]*@", "//") + "'" + (url.startsWith("jdbc:postgresql:") ? " (PostgreSQL)" : "");
  }
}
