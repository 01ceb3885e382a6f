package io.github.rallycongress.sync;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What one sync run did, so far (a progress report, after each committed page) or in all (the
 * result of a run). Counts are of supporters and include the pages committed before an
 * interruption when a run was resumed. Immutable.
 */
public final class SyncResult {
  /** How a run chose the supporters it asks for. */
  public enum Mode {
    /** Every supporter: the first run, and {@link SupporterSync#runFull()}. */
    FULL,
    /** Supporters {@code updatedSince} the watermark of the last complete run, less the overlap. */
    INCREMENTAL,
    /** Supporters {@code updatedSince} a moment the caller chose ({@link SupporterSync#runSince}). */
    SINCE
  }

  private final long runId;
  private final Mode mode;
  private final @Nullable OffsetDateTime updatedSince;
  private final OffsetDateTime serverStartedAt;
  private final boolean resumed;
  private final boolean complete;
  private final @Nullable Long expected;
  private final long pages;
  private final long inserted;
  private final long updated;
  private final long unchanged;
  private final long stale;
  private final long unlisted;
  private final long readBefore;
  private final @Nullable Long abandonedRunId;
  private final Duration elapsed;

  SyncResult(long runId, Mode mode, @Nullable OffsetDateTime updatedSince, OffsetDateTime serverStartedAt,
      boolean resumed, boolean complete, @Nullable Long expected, long pages, long inserted, long updated,
      long unchanged, long stale, long unlisted, long readBefore, @Nullable Long abandonedRunId, Duration elapsed) {
    this.runId = runId;
    this.mode = mode;
    this.updatedSince = updatedSince;
    this.serverStartedAt = serverStartedAt;
    this.resumed = resumed;
    this.complete = complete;
    this.expected = expected;
    this.pages = pages;
    this.inserted = inserted;
    this.updated = updated;
    this.unchanged = unchanged;
    this.stale = stale;
    this.unlisted = unlisted;
    this.readBefore = readBefore;
    this.abandonedRunId = abandonedRunId;
    this.elapsed = elapsed;
  }

  /** The run's number in the {@code sync_run} table. */
  public long runId() {
    return runId;
  }

  /** How the run chose its supporters; a first {@link SupporterSync#run()} is {@link Mode#FULL}. */
  public Mode mode() {
    return mode;
  }

  /** The {@code updatedSince} filter the run asked for; null for a full run. */
  public @Nullable OffsetDateTime updatedSince() {
    return updatedSince;
  }

  /**
   * The server's time when the run started: the {@code Date} header of its first page, or this
   * machine's clock if that was earlier, in UTC (whole seconds, as HTTP dates are). A complete run's next incremental run asks for supporters
   * updated since this moment less the overlap.
   */
  public OffsetDateTime serverStartedAt() {
    return serverStartedAt;
  }

  /** Whether this run continued one that was interrupted, from its last committed page. */
  public boolean resumed() {
    return resumed;
  }

  /** Whether the last page is committed; false in progress reports before the last page. */
  public boolean complete() {
    return complete;
  }

  /** The first page's {@code totalResults}: about how many supporters the run will read; null if not sent. */
  public @Nullable Long expected() {
    return expected;
  }

  /** Pages committed. */
  public long pages() {
    return pages;
  }

  /** Supporters the database did not have. */
  public long inserted() {
    return inserted;
  }

  /** Supporters whose stored row changed. */
  public long updated() {
    return updated;
  }

  /** Supporters read again as they were stored: their rows were not written. */
  public long unchanged() {
    return unchanged;
  }

  /** Copies older ({@code updatedAt}) than the stored row, which they therefore did not overwrite. */
  public long stale() {
    return stale;
  }

  /** Supporters a full run no longer saw listed, marked {@code unlisted_since} (not deleted). */
  public long unlisted() {
    return unlisted;
  }

  /** Supporters read: inserted, updated, unchanged and stale. */
  public long read() {
    return inserted + updated + unchanged + stale;
  }

  /**
   * Supporters read by the interrupted attempts that this run {@linkplain #resumed() resumed}, 0
   * otherwise: {@code read() - readBefore()} were read by this call, in {@link #elapsed()}.
   */
  public long readBefore() {
    return readBefore;
  }

  /**
   * The interrupted run that this one gave up because it asked for other supporters (another mode
   * or {@code updatedSince}), or null: its committed rows stay, marked {@code abandoned} in
   * {@code sync_run}, and it will not be resumed.
   */
  public @Nullable Long abandonedRunId() {
    return abandonedRunId;
  }

  /** Time spent by this call (not by an interrupted attempt before it). */
  public Duration elapsed() {
    return elapsed;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "SyncResult{run=%d, mode=%s, updatedSince=%s, serverStartedAt=%s, resumed=%s, complete=%s, pages=%d,"
            + " inserted=%d, updated=%d, unchanged=%d, stale=%d, unlisted=%d, readBefore=%d, abandonedRunId=%s,"
            + " elapsed=%s}",
        runId, mode, updatedSince, serverStartedAt, resumed, complete, pages, inserted, updated, unchanged, stale,
        unlisted, readBefore, abandonedRunId, elapsed);
  }
}
