package io.github.rallycongress.sync;

import static java.util.Objects.requireNonNull;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.SupporterPage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a database in step with the account's supporters: their fields, addresses and phones,
 * one row per supporter, and the sync's own state. SQLite and PostgreSQL are supported; the
 * schema is created and upgraded on first use by versioned migrations (Flyway, history table
 * {@code rally_sync_schema_history}).
 *
 * <pre>{@code
 * SupporterSync sync = SupporterSync.builder(rally, dataSource).build();
 * SyncResult result = sync.run(); // the first run copies everything, later runs what changed
 * }</pre>
 *
 * <h2>What a run guarantees</h2>
 * <ul>
 * <li><b>Incremental.</b> After a complete run, {@link #run()} asks only for supporters
 * {@code updatedSince} the <em>watermark</em>: the server's {@code Date} header on the first page
 * of the last complete run (this machine's clock instead, if it was earlier or the answer had no
 * {@code Date} it could read), less the
 * {@linkplain Builder#overlap overlap} (5 minutes by default). The server's clock, because
 * {@code updatedAt} is stamped by the server, and never later than this machine's: a watermark
 * late by one clock's error would skip changes for good, an early one only reads some again. The
 * start of the run, not its end, so a supporter changed while a run was reading is read again by
 * the next; the overlap for the skew between the server that stamps {@code updatedAt} and the one
 * that writes {@code Date}, and for writes committed a moment after they were stamped.</li>
 * <li><b>Idempotent.</b> Rows are keyed by supporter id. A copy whose {@code updatedAt} is older
 * than the stored row never overwrites it, unless the stored one is later than this machine's
 * clock plus the overlap: a stamp from a server clock that ran ahead, which would otherwise hold
 * the row against every later change until that time; a copy equal to the stored row is not
 * rewritten (a full run records that it saw it). Copies stamped alike (two changes within one
 * second) cannot be ordered: the one read last is taken.</li>
 * <li><b>Transactional and resumable.</b> Each page's rows and the run's checkpoint (the next
 * page's URI and the counts) commit in one transaction. A run interrupted anywhere (a crash, a
 * kill, a network failure after the client's retries) is continued by the next call from its last
 * committed page, when that call asks for the same thing.</li>
 * <li><b>Backpressured.</b> The database sets the pace: a page is requested when the previous one
 * is being written, so at most two pages are in memory whatever the account's size.</li>
 * <li><b>Reconciling.</b> A {@linkplain #runFull() full run} marks the supporters it no longer saw
 * listed ({@code unlisted_since}, the server time of that run) instead of deleting them: a
 * supporter can drop out of an offset-paged list that shifts while it is read, and a row deleted by
 * mistake would lose what other systems joined to it. A supporter listed again is unmarked.</li>
 * </ul>
 *
 * <h2>Threads and failures</h2>
 * Each run blocks the calling thread, which does all database work; runs of one instance, or of
 * several on one database, must not overlap: two at once never interleave their pages, but one of
 * them fails with {@link SyncDatabaseException} (the second, or the first if the second, asking for
 * another kind of run, gave up the first's; of two starting at once, the one that begins its run
 * second). A run throws what the client's calls fail
 * with ({@code RallyApiException} subclasses, {@code RallyDecodingException},
 * {@code RallyPagingException}, or {@link IOException} after the client's retries), or
 * {@link SyncDatabaseException}; what was committed before stays, and the next run resumes from it.
 * A run whose thread is interrupted (a scheduler cancelling its job, an executor shut down) ends
 * while it waits for a page, or for a pool's connection, or before it writes the next page: the
 * JDBC drivers do not look at the flag, so a page being written when the interrupt comes commits
 * first. It cancels the request in
 * flight and throws an {@link java.io.InterruptedIOException}, the thread's interrupt flag still
 * set; what {@link Builder#onPage} throws ends the run and is thrown by it as it is, the page it
 * was called for committed.
 * A page that breaks what the spec requires (no body, a supporter without an id, a null in the
 * list) fails with the client's {@code RallyDecodingException}, naming the path; one the database
 * cannot hold (an empty id, an id over 1,000 bytes, a last page that names a next one) fails the run with
 * {@link IllegalStateException}, naming the page. Nothing of that page is written either way.
 *
 * <p>Use one database per account: each run records its account (the client's
 * {@link RallyCongress#accountId()}), and a run for another account than the one a database
 * already holds throws {@link IllegalArgumentException} before reading or writing anything (or,
 * if the other account's first run began on a new database while this one read its first page,
 * before writing anything). Instances are immutable and thread-safe.
 */
public final class SupporterSync {
  /** The default {@link Builder#overlap}: 5 minutes. */
  public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(5);
  /** The default {@link Builder#pageSize}, the largest the spec allows (1,000: inferred, not published). */
  public static final int DEFAULT_PAGE_SIZE = 1000;
  /** The longest {@link Builder#overlap}: far beyond any clock's error, and within any date's range. */
  private static final Duration MAX_OVERLAP = Duration.ofDays(365);

  private final DataSource dataSource;
  private final String accountId;
  private final SupporterSource source;
  private final Duration overlap;
  private final Clock clock;
  private final Consumer<SyncResult> onPage;
  private volatile @Nullable Database migrated;
  /**
   * Lines up this instance's first runs for the migration; private, so that no app holding this
   * sync's monitor stalls them.
   */
  private final Object migrationLock = new Object();

  private SupporterSync(Builder builder) {
    this.dataSource = builder.dataSource;
    this.accountId = builder.rally.accountId();
    this.source = new SupporterSource(builder.rally, builder.pageSize, builder.clock, builder.overlap);
    this.overlap = builder.overlap;
    this.clock = builder.clock;
    this.onPage = builder.onPage;
  }

  /**
   * A sync of {@code rally}'s account into {@code dataSource} (SQLite or PostgreSQL; nothing is
   * opened until a run or {@link #nextUpdatedSince()}).
   */
  public static Builder builder(RallyCongress rally, DataSource dataSource) {
    return new Builder(requireNonNull(rally, "rally == null"), requireNonNull(dataSource, "dataSource == null"));
  }

  /** How far before the last complete run's start an incremental run asks for changes. */
  public Duration overlap() {
    return overlap;
  }

  /**
   * The {@code updatedSince} that the next {@link #run()} will ask for: the server time at which
   * the last complete run that moves the watermark started, less the overlap. Empty before the
   * first complete run (the next run then reads every supporter). Creates the schema if needed.
   *
   * @throws SyncDatabaseException the database failed
   * @throws IllegalArgumentException the database keeps another account's supporters
   */
  public Optional<OffsetDateTime> nextUpdatedSince() {
    Database database = migrate();
    try (Connection connection = dataSource.getConnection(); Store store = new Store(connection, database, clock,
        overlap)) {
      requireSameAccount(store);
      OffsetDateTime watermark = store.watermark();
      return Optional.ofNullable(watermark == null ? null : watermark.minus(overlap));
    } catch (SQLException e) {
      throw new SyncDatabaseException("Could not read the sync's state: " + SyncDatabaseException.describe(e), e);
    }
  }

  /**
   * Copies every supporter on the first call, then the ones updated since the watermark; continues
   * an interrupted run of the same kind from its last committed page.
   *
   * @throws IOException a network failure, after the client's retries; an {@link InterruptedIOException} if the
   *     thread is interrupted (the page being written when it was commits first)
   * @throws SyncDatabaseException the database failed; what was committed stays
   * @throws IllegalArgumentException the database keeps another account's supporters; nothing was
   *     read or written
   * @throws IllegalStateException a page the database cannot hold (see "Threads and failures")
   */
  public SyncResult run() throws IOException {
    return run(SyncResult.Mode.INCREMENTAL, null);
  }

  /**
   * Reads every supporter, and marks as unlisted the stored ones it did not see. Continues an
   * interrupted full run; gives up an interrupted run of another kind.
   *
   * @throws IOException a network failure, after the client's retries; an {@link InterruptedIOException} if the
   *     thread is interrupted (the page being written when it was commits first)
   * @throws SyncDatabaseException the database failed; what was committed stays
   * @throws IllegalArgumentException the database keeps another account's supporters; nothing was
   *     read or written
   * @throws IllegalStateException a page the database cannot hold (see "Threads and failures")
   */
  public SyncResult runFull() throws IOException {
    return run(SyncResult.Mode.FULL, null);
  }

  /**
   * Reads the supporters updated since {@code since} (inclusive, the server's clock). Such a run
   * moves the watermark only if {@code since} is not after it: otherwise changes between the two
   * would be skipped by the next {@link #run()}. The inclusive bound is the spec's inference.
   *
   * @throws IOException a network failure, after the client's retries; an {@link InterruptedIOException} if the
   *     thread is interrupted (the page being written when it was commits first)
   * @throws SyncDatabaseException the database failed; what was committed stays
   * @throws IllegalArgumentException {@code since} is outside the years 0000 to 9999 (RFC 3339), or
   *     the database keeps another account's supporters; nothing was read or written
   * @throws IllegalStateException a page the database cannot hold (see "Threads and failures")
   */
  public SyncResult runSince(OffsetDateTime since) throws IOException {
    requireNonNull(since, "since == null");
    // Before anything is read or written: found when the first page is asked for, it came after an
    // interrupted run of another kind was given up for this one.
    GeneratedJson.formatDateTime(since.withOffsetSameInstant(ZoneOffset.UTC));
    return run(SyncResult.Mode.SINCE, since.withOffsetSameInstant(ZoneOffset.UTC));
  }

  private SyncResult run(SyncResult.Mode requested, @Nullable OffsetDateTime since) throws IOException {
    long startNanos = System.nanoTime();
    Database database;
    try {
      database = migrate();
    } catch (SyncDatabaseException e) {
      throwIfInterrupted(e);
      throw e;
    }
    try (Connection connection = dataSource.getConnection(); Store store = new Store(connection, database, clock,
        overlap)) {
      OffsetDateTime watermark = store.watermark();
      SyncResult.Mode mode = requested;
      OffsetDateTime updatedSince = since;
      boolean advances = true;
      if (requested == SyncResult.Mode.INCREMENTAL) {
        if (watermark == null) {
          mode = SyncResult.Mode.FULL;
        } else {
          updatedSince = watermark.minus(overlap);
        }
      } else if (requested == SyncResult.Mode.SINCE) {
        advances = watermark != null && !requireNonNull(since).isAfter(watermark.minus(overlap));
      }
      if (updatedSince != null) {
        // As stored: an interrupted run's updated_since, read back, must equal the one asked again.
        updatedSince = database.stored(updatedSince);
      }

      Store.RunState run = store.interrupted();
      // After the interrupted run is read: a run another account's sync began in the meantime,
      // when the database held none, is seen here rather than resumed.
      requireSameAccount(store);
      ThisCall thisCall = new ThisCall(false, 0, null, startNanos);
      if (run != null) {
        if (run.mode == mode && Objects.equals(run.updatedSince, updatedSince)) {
          thisCall = new ThisCall(true, run.inserted + run.updated + run.unchanged + run.stale, null, startNanos);
        } else {
          store.abandon(run);
          thisCall = new ThisCall(false, 0, run.id, startNanos);
          run = null;
        }
      }
      // Prefetch 1: one page is read, decoded and made into rows (on the client's thread) while
      // the previous one is written (on this one), and no more.
      Stream<SupporterSource.Rows> pages = null;
      try {
        if (run == null) {
          OffsetDateTime filter = updatedSince;
          SupporterSource.FirstPage first = call(() -> source.first(filter));
          requireNotInterrupted();
          SupporterPage page = first.page();
          String second = SupporterSource.next(page);
          if (second != null) {
            pages = rowsFrom(second); // asks for the second page now: it is read while the first is written
          }
          run = store.begin(accountId, mode, updatedSince, advances, first.serverDate(), SupporterSource.total(page),
              source.rows(page), second);
          onPage.accept(thisCall.result(run));
        } else if (run.nextPage != null) {
          pages = rowsFrom(run.nextPage);
        }
        if (pages != null) {
          Iterator<SupporterSource.Rows> iterator = pages.iterator();
          while (call(iterator::hasNext)) {
            SupporterSource.Rows page = iterator.next();
            requireNotInterrupted();
            store.write(run, page.rows(), page.next());
            onPage.accept(thisCall.result(run));
          }
        }
      } finally {
        if (pages != null) {
          pages.close(); // cancels a request still in flight when writing failed
        }
      }
      if (run.nextPage != null) {
        throw new IllegalStateException("The supporter list ended at a page that still names a next page ("
            + SupporterSource.quoted(run.nextPage) + "); the run stays resumable from there.");
      }
      return thisCall.result(run);
    } catch (SQLException e) {
      SyncDatabaseException failure = new SyncDatabaseException("The database failed during the supporter sync ("
          + SyncDatabaseException.describe(e) + "); pages committed before stay, and the next run resumes after them.",
          e);
      throwIfInterrupted(failure);
      throw failure;
    }
  }

  /**
   * Where the thread's interrupt flag is set, ends the run by the interrupt, with {@code failure}
   * as its cause: a pool waiting for a free connection ends its wait when the
   * thread is interrupted and throws an {@link SQLException} ("Interrupted during connection
   * acquisition", HikariCP), which is the interrupt's doing, not the database's.
   */
  private static void throwIfInterrupted(SyncDatabaseException failure) throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted("while it waited for the database", failure);
    }
  }

  /**
   * A database keeps one account in step: its watermark, checkpoint and rows are that account's.
   * Run for another (the sandbox's fake supporters first, the real account next, into the same
   * default file), it would ask only for the changes since the first account's last run and
   * never copy the rest.
   */
  private void requireSameAccount(Store store) throws SQLException {
    String other = store.otherAccount(accountId);
    if (other != null) {
      throw new IllegalArgumentException("This database keeps account " + other + "'s supporters in step, not "
          + accountId + "'s: give each account a database of its own. No supporter was read or written.");
    }
  }

  /** The pages from {@code pageUri} as rows, the first one asked for at once. */
  private Stream<SupporterSource.Rows> rowsFrom(String pageUri) {
    return source.from(pageUri).map(source::rowsOf).blockingStream(1);
  }

  private Database migrate() {
    Database database = migrated;
    if (database == null) {
      synchronized (migrationLock) {
        database = migrated;
        if (database == null) {
          database = Database.of(dataSource);
          database.migrate(dataSource);
          migrated = database;
        }
      }
    }
    return database;
  }

  /**
   * RxJava's blocking operators wrap a checked exception in a RuntimeException: give back the
   * IOException. An interrupt of the waiting thread, which they also wrap (its flag cleared), is
   * an {@link InterruptedIOException}, the flag set again for whoever interrupted the run.
   */
  private static <T> T call(java.util.concurrent.Callable<T> call) throws IOException {
    try {
      return call.call();
    } catch (RuntimeException e) {
      if (e.getClass() == RuntimeException.class && e.getCause() instanceof IOException) {
        throw (IOException) e.getCause();
      }
      if (e.getClass() == RuntimeException.class && e.getCause() instanceof InterruptedException) {
        throw interrupted("while it waited for a page", e.getCause());
      }
      if (e instanceof UncheckedIOException) {
        throw ((UncheckedIOException) e).getCause();
      }
      throw e;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Before a page that has arrived is written. RxJava's blocking operators hand over a value that
   * has arrived without a look at the interrupt flag, and the JDBC drivers ignore it: a database
   * slower than the network would otherwise write to the end, and a first page that arrived just
   * before the interrupt would begin a run.
   */
  private static void requireNotInterrupted() throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted("before it wrote a page that had arrived", null);
    }
  }

  /**
   * The run's end when its thread is interrupted {@code when}, the thread's interrupt flag set
   * (again) for whoever interrupted it.
   */
  private static InterruptedIOException interrupted(String when, @Nullable Throwable cause) {
    Thread.currentThread().interrupt();
    InterruptedIOException interrupted = new InterruptedIOException("The supporter sync was interrupted " + when
        + "; pages committed before stay, and the next run resumes after them.");
    interrupted.initCause(cause);
    return interrupted;
  }

  /** What this call found before reading: a run it resumes (and what that run had read), or one it gave up. */
  private record ThisCall(boolean resumed, long readBefore, @Nullable Long abandonedRunId, long startNanos) {
    SyncResult result(Store.RunState run) {
      return new SyncResult(run.id, run.mode, run.updatedSince, run.serverStartedAt, resumed, run.nextPage == null,
          run.expected, run.pages, run.inserted, run.updated, run.unchanged, run.stale, run.unlisted, readBefore,
          abandonedRunId, Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }

  /**
   * Configures a {@link SupporterSync}; every setter checks its argument at once. Not thread-safe:
   * fill it on one thread (or guard it); the sync it builds is immutable and thread-safe.
   */
  public static final class Builder {
    private final RallyCongress rally;
    private final DataSource dataSource;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private Duration overlap = DEFAULT_OVERLAP;
    private Consumer<SyncResult> onPage = progress -> { };
    private Clock clock = Clock.systemUTC();

    Builder(RallyCongress rally, DataSource dataSource) {
      this.rally = rally;
      this.dataSource = dataSource;
    }

    /**
     * Supporters per request, 1 to 1000 (the spec's bounds, inferred: the published docs give
     * none); 1000 by default. A run that resumes an interrupted one
     * keeps that run's page size: its checkpoint is the next page at that size (offset paging), so
     * another size would skip or repeat supporters. It applies from the next run that begins.
     *
     * @throws IllegalArgumentException if {@code pageSize} is below 1 or above 1000
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 1000) {
        throw new IllegalArgumentException("pageSize must be from 1 to 1000 (the API's limit), but was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * How far before the last complete run's start (server time) an incremental run asks for
     * changes; 5 minutes by default, from 0 to 365 days. Zero relies on
     * the server stamping {@code updatedAt} and {@code Date} from one clock, with no write committed
     * after its stamp. A copy stamped later than this machine's clock plus the overlap is not
     * trusted over a newer one (see "Idempotent").
     *
     * @throws IllegalArgumentException if {@code overlap} is negative or longer than 365 days
     */
    public Builder overlap(Duration overlap) {
      requireNonNull(overlap, "overlap == null");
      if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
        // A longer one passed here and failed every run after the first: the watermark less a few
        // thousand years is a date RFC 3339 cannot write, and an overlap past Instant's range broke
        // the date arithmetic (DateTimeException). A year is far beyond any clock's error.
        throw new IllegalArgumentException("overlap must be from 0 to 365 days (a margin for clock skew, usually"
            + " minutes; use runFull() to read every supporter again), but was " + overlap);
      }
      this.overlap = overlap;
      return this;
    }

    /**
     * Called on the running thread after each committed page with the run's counts so far (for a
     * progress bar); not called for pages committed by an earlier, interrupted attempt. No
     * transaction is open while it runs, and the next page (at most one) is read meanwhile. What it
     * throws ends the run and is thrown by it: the page it was told of stays committed, and the
     * next run resumes after it.
     */
    public Builder onPage(Consumer<SyncResult> onPage) {
      this.onPage = requireNonNull(onPage, "onPage == null");
      return this;
    }

    /** This machine's clock: the run's start when a server sends no {@code Date} header, or an earlier one. */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /** The sync. */
    public SupporterSync build() {
      return new SupporterSync(this);
    }
  }
}
