package io.github.rallycongress.samples;

import io.github.rallycongress.sync.SupporterSync;
import io.github.rallycongress.sync.SyncResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        + " (server time, less 5 minutes). An interrupted run continues from its last committed page when the"
        + " next run asks for the same (an interrupted --full run by --full); otherwise its committed pages stay"
        + " and the new run starts. A database keeps one account: a run of another account's is refused.",
        "Progress and a summary go to stderr."})
final class SyncCommand implements Callable<Integer> {
  static final String DEFAULT_DB = "jdbc:sqlite:rally.db";
  /**
   * Flyway logs each migration through java.util.logging; the summary, or the error, says what
   * matters. Held: loggers are weak.
   */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");
  /**
   * The PostgreSQL driver logs warnings that quote the whole JDBC URL, password included (a URL
   * without a database name, a malformed port). Its failures reach the user as exceptions, whose
   * messages this command words itself. Held: loggers are weak.
   */
  private static final Logger POSTGRESQL_DRIVER_LOG = Logger.getLogger("org.postgresql");

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
      + " (2025-06-01, from midnight UTC) or an instant (2025-06-01T12:00:00Z) instead of since the last run.")
  @Nullable OffsetDateTime since;

  @Option(names = "--pagesize", paramLabel = "N", description = "Supporters per request, 1 to 1000. Default: 1000. A run that resumes keeps the size it"
      + " began with.")
  @Nullable Integer pageSize;

  @Override
  public Integer call() throws Exception {
    if (full && since != null) {
      throw new Rally.UsageException("Give --full or --since, not both: --full reads every supporter.");
    }
    if (since != null && since.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
      // Most likely a typo (2205 for 2025): it would read no supporter, and say nothing was wrong.
      throw new Rally.UsageException("--since " + Listing.cell(since) + " is later than this machine's clock ("
          + Listing.cell(OffsetDateTime.now(ZoneOffset.UTC).withNano(0)) + "): no supporter has changed since then.");
    }
    if (pageSize != null && (pageSize < 1 || pageSize > SupporterSync.DEFAULT_PAGE_SIZE)) {
      throw new Rally.UsageException("--pagesize must be between 1 and " + SupporterSync.DEFAULT_PAGE_SIZE
          + ", but was " + pageSize + ".");
    }
    // Off unless -v: a failed migration reaches the user as the error's one line, where Flyway
    // logged it with stack traces ("Unable to rollback transaction" and the like, a disk full).
    FLYWAY_LOG.setLevel(rally.verbose() ? Level.WARNING : Level.OFF);
    POSTGRESQL_DRIVER_LOG.setLevel(Level.OFF);
    DataSource dataSource = dataSource(db, rally.io);
    // A bar only on a terminal: redirected stderr (a log file, CI) gets the summary line alone.
    ProgressBar bar = rally.io.errIsTerminal ? new ProgressBar(rally.io.err, "supporters", rally.io.nanoTime) : null;
    long[] shown = {0};
    SupporterSync.Builder builder = SupporterSync.builder(rally.client(), dataSource).onPage(progress -> {
      if (bar != null) {
        if (progress.expected() != null) {
          bar.total(progress.expected());
        }
        if (shown[0] == 0 && progress.readBefore() > 0) {
          // A resumed run: what its interrupted attempt read is counted, not rated (as in the summary).
          bar.doneBefore(progress.readBefore());
          shown[0] = progress.readBefore();
        }
        // A page is committed at once: counted at once, or the bar would show a page's first item.
        bar.advance(progress.read() - shown[0]);
        shown[0] = progress.read();
      }
    });
    if (pageSize != null) {
      builder.pageSize(pageSize);
    }
    SupporterSync sync = builder.build();
    // Ctrl-C: the committed pages stay, and the next run resumes after them.
    SyncResult result = rally.withProgress(bar,
        () -> full ? sync.runFull() : since != null ? sync.runSince(since) : sync.run());
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
      case INCREMENTAL -> "changes since " + Listing.cell(r.updatedSince());
      case SINCE -> "changes since " + Listing.cell(r.updatedSince()) + " (asked)";
    };
    // The rate is of this call's supporters: a resumed run's counts include the interrupted attempts'.
    String resumed = r.resumed()
        ? String.format(Locale.ROOT, ", resumed from its last committed page after %,d supporters", r.readBefore())
        : "";
    String gaveUp = r.abandonedRunId() == null ? "" : "Interrupted run " + r.abandonedRunId() + " asked for other"
        + " supporters: it was given up, and its committed pages stay. ";
    return String.format(Locale.ROOT, "Synced %,d supporter%s into %s (%s%s): %,d inserted, %,d updated, %,d unchanged,"
            + " %,d stale, %,d unlisted; %,d page%s in %.1f s (%,.0f supporters/s). %s%s",
        r.read(), r.read() == 1 ? "" : "s", where, kind, resumed, r.inserted(), r.updated(), r.unchanged(), r.stale(),
        r.unlisted(), r.pages(), r.pages() == 1 ? "" : "s", seconds, (r.read() - r.readBefore()) / seconds, gaveUp,
        sync.nextUpdatedSince().map(next -> "The next run reads changes since " + Listing.cell(next) + ".")
            .orElse("The next run reads every supporter."));
  }

  /** A data source for {@code url}, user and password from the URL or PGUSER / PGPASSWORD. */
  static DataSource dataSource(String url, Io io) {
    if (url.startsWith("jdbc:sqlite:")) {
      requireSqliteFile(url);
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
      if (hasUserPart(url.substring("jdbc:postgresql:".length()))) {
        // The driver would take USER:PASSWORD@HOST for a host name, and show it in its errors.
        throw new Rally.UsageException("--db has a user part (USER:PASSWORD@HOST), which the PostgreSQL driver does"
            + " not read: give jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER&password=PASSWORD, or set PGUSER and"
            + " PGPASSWORD.");
      }
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      try {
        dataSource.setURL(url);
      } catch (IllegalArgumentException e) {
        throw new Rally.UsageException("--db is not a PostgreSQL URL the driver understands: " + describe(url) + ".");
      }
      // The sync sends a page's new rows as COPY; the few it cannot (a date outside the years 1 to
      // 9999) go as a batch of INSERTs, which the driver then sends as multi-row INSERTs, one round
      // trip per batch instead of one per row (unless the URL says otherwise).
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
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      throw new Rally.UsageException("--db takes a JDBC URL, not a libpq one: jdbc:postgresql://HOST[:PORT]/DATABASE,"
          + " with ?user=USER&password=PASSWORD, or PGUSER and PGPASSWORD.");
    }
    if (!url.isEmpty() && url.indexOf(':') < 0) {
      // A path: no scheme, so no user part or parameter that could hold a password.
      throw new Rally.UsageException("--db takes a JDBC URL: for the SQLite file " + url + ", give jdbc:sqlite:" + url
          + ".");
    }
    throw new Rally.UsageException("--db must be jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE, but was "
        + (url.isEmpty() ? "empty" : describe(url)) + ".");
  }

  /** A PostgreSQL URL's hosts, ports and database, with no user, password or parameters. */
  private static final Pattern POSTGRESQL_PLACE = Pattern.compile(
      "//(?:[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+])(?::\\d+)?(?:,(?:[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+])(?::\\d+)?)*"
          + "(?:/[^/@?:;]*)?");

  /**
   * The database for messages: never its password. A password can sit in a URL's user part, its
   * parameters, or (a driver's own syntax) anywhere after the scheme; only what is known to hold
   * none is shown: a SQLite file's path, a PostgreSQL URL's hosts, ports and database. Of any
   * other URL, the scheme alone.
   */
  static String describe(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return sqlitePath(url) + " (SQLite)";
    }
    if (url.startsWith("jdbc:postgresql:")) {
      String rest = url.substring("jdbc:postgresql:".length());
      Matcher place = POSTGRESQL_PLACE.matcher(rest);
      String shown = !hasUserPart(rest) && place.lookingAt() ? rest.substring(0, place.end()) : "//…";
      return "'jdbc:postgresql:" + shown + "' (PostgreSQL)";
    }
    int scheme = url.startsWith("jdbc:") ? url.indexOf(':', "jdbc:".length()) : -1;
    return scheme < 0 ? "a URL that is not a JDBC URL" : "'" + url.substring(0, scheme + 1) + "…'";
  }

  /**
   * A JDBC URL as a message may quote it (picocli's, for an argument it cannot place): only what
   * {@link #describe} shows (a SQLite file's path, a PostgreSQL URL's hosts, ports and database, or
   * the scheme), then "?…" or "…" where more followed. What is shown is always the start of {@code url}.
   */
  static String withoutCredentials(String url) {
    String shown;
    if (url.startsWith("jdbc:sqlite:")) {
      int query = url.indexOf('?');
      shown = query < 0 ? url : url.substring(0, query);
    } else if (url.startsWith("jdbc:postgresql:")) {
      String rest = url.substring("jdbc:postgresql:".length());
      Matcher place = POSTGRESQL_PLACE.matcher(rest);
      shown = "jdbc:postgresql:" + (!hasUserPart(rest) && place.lookingAt() ? rest.substring(0, place.end()) : "");
    } else {
      int scheme = url.indexOf(':', "jdbc:".length());
      shown = scheme < 0 ? "jdbc:" : url.substring(0, scheme + 1);
    }
    return shown.length() == url.length() ? url : shown + (url.charAt(shown.length()) == '?' ? "?…" : "…");
  }

  /**
   * Whether what follows {@code jdbc:postgresql:} has an '@' before the path: a user part, which may
   * hold a password (and ':' or '?' within it).
   */
  private static boolean hasUserPart(String rest) {
    int at = rest.indexOf('@');
    int path = rest.indexOf('/', 2);
    return at >= 0 && (path < 0 || at < path);
  }

  /** The file of a {@code jdbc:sqlite:} URL: what follows the scheme, without parameters. */
  private static String sqlitePath(String url) {
    String path = url.substring("jdbc:sqlite:".length());
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** The parameters the SQLite driver takes out of a path (its settings), in lower case. */
  private static final Set<String> SQLITE_SETTINGS = Arrays.stream(SQLiteConfig.Pragma.values())
      .map(pragma -> pragma.getPragmaName().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

  /**
   * Refuses the parameters of a path ({@code rally.db?…}, not a {@code file:} URI, whose parameters
   * SQLite reads) that the driver would not take as a setting: it leaves them in the file's name,
   * and {@code jdbc:sqlite:rally.db?key=SECRET} wrote a file named "rally.db?key=SECRET". A setting
   * without a value fails the connection with an error that quotes the whole URL. Only the name of
   * a name=value parameter is shown: a value, or a parameter without '=', may be a secret.
   */
  private static void requireSqliteSettings(String rest) {
    int query = rest.indexOf('?');
    if (rest.startsWith("file:") || query < 0) {
      return;
    }
    for (String parameter : rest.substring(query + 1).split("&")) {
      if (parameter.isEmpty()) {
        continue;
      }
      int equals = parameter.indexOf('=');
      if (equals < 0) {
        throw new Rally.UsageException("--db has a parameter without a value after its file's name: give each as"
            + " NAME=VALUE, such as jdbc:sqlite:rally.db?journal_mode=WAL.");
      }
      String name = parameter.substring(0, equals);
      if (!SQLITE_SETTINGS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new Rally.UsageException("--db has a parameter that the SQLite driver does not read, '"
            + name + "': it would become part of the file's name. Give only the driver's"
            + " settings (such as journal_mode), or a file: URI (jdbc:sqlite:file:rally.db?…), whose parameters"
            + " SQLite reads.");
      }
    }
  }

  /**
   * Refuses, before anything is read, a SQLite database the sync cannot keep: in memory (each
   * connection opens one of its own, empty), in a folder that does not exist or that this user
   * may not open or write to, a file this user may not read and write or that is not a SQLite database,
   * or named with parameters the driver would leave in the file's name.
   */
  private static void requireSqliteFile(String url) {
    requireSqliteSettings(url.substring("jdbc:sqlite:".length()));
    String path = sqlitePath(url);
    if (path.isEmpty() || path.equals(":memory:") || url.contains("mode=memory")) {
      throw new Rally.UsageException("--db names an in-memory SQLite database, which would be gone when the run ends:"
          + " name a file, such as jdbc:sqlite:rally.db.");
    }
    Path file;
    try {
      file = Path.of(path).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new Rally.UsageException("--db names a file that cannot exist: " + path + ".");
    }
    if (Files.isDirectory(file)) {
      throw new Rally.UsageException("--db names a folder, not a file: " + path + ".");
    }
    Path folder = file.getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      // A folder above that this user may not open hides whether this one exists (EACCES, not ENOENT).
      throw new Rally.UsageException(Files.notExists(folder)
          ? "--db names a file in a folder that does not exist: " + folder + "."
          : "--db names a file in a folder that this user may not open, or that is not a folder: " + folder + ".");
    }
    // SQLite says only "unable to open database file", or "file is not a database", without the file.
    if (Files.exists(file) && !(Files.isReadable(file) && Files.isWritable(file))) {
      throw new Rally.UsageException("--db names a file that this user may not both read and write: " + path + ".");
    }
    // Making a file takes the folder's search (x) permission as well as its write permission: without
    // it SQLite says "unable to open database file", and the file, whether there, cannot be seen.
    if (folder != null && !(Files.isWritable(folder) && Files.isExecutable(folder))) {
      throw new Rally.UsageException("--db names a file in a folder that this user may not write to: " + folder
          + " (SQLite makes the file, and its -wal and -shm files beside it, there).");
    }
    if (!isSqliteOrEmpty(file)) {
      throw new Rally.UsageException("--db names a file that is not a SQLite database: " + path + ".");
    }
  }

  /** Whether {@code file} is missing, empty (SQLite makes a database of it) or begins as a SQLite database does. */
  private static boolean isSqliteOrEmpty(Path file) {
    byte[] header = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] start = in.readNBytes(header.length);
      return start.length == 0 || Arrays.equals(start, header);
    } catch (java.io.IOException e) {
      return true; // missing: SQLite makes it; unreadable: SQLite reports what it finds
    }
  }
}
