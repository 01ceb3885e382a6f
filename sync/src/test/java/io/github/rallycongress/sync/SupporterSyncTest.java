package io.github.rallycongress.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.sandbox.RallySandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One sync against the sandbox, on a real SQLite file and a real PostgreSQL server. */
class SupporterSyncTest {
  /** The sandbox's time: far from this machine's, so a watermark from the wrong clock shows. */
  private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");

  @TempDir Path folder;

  private final MutableClock clock = new MutableClock(T0);

  private RallySandbox sandbox(int supporters) throws Exception {
    return RallySandbox.builder().supporters(supporters).seed(15).clock(clock).build().start();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void firstRunCopiesEverySupporterFieldByField(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (RallySandbox sandbox = sandbox(250)) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      SyncResult result = SupporterSync.builder(rally, db.dataSource).pageSize(100).build().run();

      assertThat(result.mode()).isEqualTo(SyncResult.Mode.FULL);
      assertThat(result.updatedSince()).isNull();
      assertThat(result.serverStartedAt()).isEqualTo(OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
      assertThat(result.complete()).isTrue();
      assertThat(result.pages()).isEqualTo(3);
      assertThat(result.expected()).isEqualTo(250);
      assertThat(result.inserted()).isEqualTo(250);
      assertThat(result.read()).isEqualTo(250);
      assertThat(Rows.supporters(db.dataSource)).isEqualTo(Rows.listed(rally));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void laterRunsAskOnlyForSupportersUpdatedSinceTheWatermark(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (RallySandbox sandbox = sandbox(300)) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      SupporterSync sync = SupporterSync.builder(rally, db.dataSource).pageSize(100).build();
      sync.run();

      clock.advance(Duration.ofHours(1));
      SandboxWrites.rename(rally, "1000007", "Renamed");
      SandboxWrites.move(rally, "1000250", AddressType.WORK, "1 Main Street", "12207", "518-555-0100", EmailOptin.NO);
      int requestsBefore = sandbox.requestCount();
      SyncResult second = sync.run();

      assertThat(second.mode()).isEqualTo(SyncResult.Mode.INCREMENTAL);
      assertThat(second.updatedSince()).isEqualTo(OffsetDateTime.ofInstant(T0, ZoneOffset.UTC).minusMinutes(5));
      assertThat(sandbox.requestCount() - requestsBefore).isEqualTo(1);
      assertThat(second.read()).isEqualTo(2);
      assertThat(second.updated()).isEqualTo(2);
      assertThat(Rows.supporters(db.dataSource)).isEqualTo(Rows.listed(rally));
      assertThat(Rows.supporters(db.dataSource).get("1000007").getFirstName()).isEqualTo("Renamed");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSupporterChangedWhileARunIsReadingIsReadByTheNextRun(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (RallySandbox sandbox = sandbox(50)) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      AtomicBoolean changed = new AtomicBoolean();
      SupporterSync sync = SupporterSync.builder(rally, db.dataSource).pageSize(10).onPage(progress -> {
        if (progress.pages() == 2 && changed.compareAndSet(false, true)) {
          // Supporter 1000000 was on page 0, already written: it changes a minute into the run,
          // and the rest of the run is read twenty minutes later.
          clock.advance(Duration.ofMinutes(1));
          SandboxWrites.rename(rally, "1000000", "ChangedDuringTheRun");
          clock.advance(Duration.ofMinutes(20));
        }
      }).build();
      sync.run();
      assertThat(Rows.supporters(db.dataSource).get("1000000").getFirstName()).isNotEqualTo("ChangedDuringTheRun");

      SyncResult next = sync.run();

      assertThat(next.updated()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource).get("1000000").getFirstName()).isEqualTo("ChangedDuringTheRun");
      assertThat(Rows.supporters(db.dataSource)).isEqualTo(Rows.listed(rally));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void readingUnchangedSupportersAgainWritesNothing(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (RallySandbox sandbox = sandbox(120)) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      SupporterSync sync = SupporterSync.builder(rally, db.dataSource).pageSize(50).build();
      sync.runFull();
      List<?> supporters = Rows.dump(db.dataSource, "supporter", "id");
      List<?> addresses = Rows.dump(db.dataSource, "supporter_address", "supporter_id, position");
      List<?> phones = Rows.dump(db.dataSource, "supporter_phone", "supporter_id, position");

      SyncResult again = sync.runSince(OffsetDateTime.parse("2000-01-01T00:00:00Z"));

      assertThat(again.read()).isEqualTo(120);
      assertThat(again.unchanged()).isEqualTo(120);
      assertThat(again.inserted() + again.updated() + again.stale()).isZero();
      assertThat(Rows.dump(db.dataSource, "supporter", "id")).isEqualTo(supporters);
      assertThat(Rows.dump(db.dataSource, "supporter_address", "supporter_id, position")).isEqualTo(addresses);
      assertThat(Rows.dump(db.dataSource, "supporter_phone", "supporter_id, position")).isEqualTo(phones);
    }
  }

  /**
   * A SQLite file deleted while a run writes to it: the connection would go on writing to the old
   * file, which nobody can open any more, to the end of the run, which then failed on the new,
   * empty file with "no such table: supporter". The run stops at the next page, saying why, and
   * the next run copies everything into a new file.
   */
  @org.junit.jupiter.api.Test
  void aSqliteFileDeletedDuringARunStopsItAtTheNextPage() throws Exception {
    Path file = folder.resolve("deleted.db");
    TestDatabase db = TestDatabase.sqlite(file);
    try (RallySandbox sandbox = sandbox(50)) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      AtomicBoolean deleted = new AtomicBoolean();
      SupporterSync sync = SupporterSync.builder(rally, db.dataSource).pageSize(10).onPage(progress -> {
        if (deleted.compareAndSet(false, true)) {
          for (String suffix : List.of("", "-wal", "-shm")) {
            try {
              java.nio.file.Files.deleteIfExists(Path.of(file + suffix));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        }
      }).build();

      org.assertj.core.api.Assertions.assertThatThrownBy(sync::run)
          .isInstanceOf(SyncDatabaseException.class)
          .hasMessage("The database file " + file.toAbsolutePath() + " was deleted or replaced while the sync wrote to"
              + " it; the sync stops without writing its page. The next run starts again in the file at that place"
              + " (a new one if there is none).");
      assertThat(file).doesNotExist();

      SyncResult again = SupporterSync.builder(rally, db.dataSource).pageSize(10).build().run();

      assertThat(again.resumed()).isFalse();
      assertThat(again.inserted()).isEqualTo(50);
      assertThat(Rows.supporters(db.dataSource)).isEqualTo(Rows.listed(rally));
    }
  }

  /**
   * A full disk in the middle of a run (SQLITE_FULL, here from a page limit on the connection): the
   * page fails with a message that says so, the pages committed before stay, and the next run, with
   * room again, resumes after them and ends with the tables of a run never interrupted.
   */
  @org.junit.jupiter.api.Test
  void aFullDiskFailsThePageAndTheNextRunResumesToTheSameTables() throws Exception {
    TestDatabase interrupted = TestDatabase.sqlite(folder.resolve("full.db"));
    TestDatabase uninterrupted = TestDatabase.sqlite(folder.resolve("roomy.db"));
    try (RallySandbox sandbox = sandbox(400)) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      SupporterSync.builder(rally, uninterrupted.dataSource).pageSize(20).build().run();
      long pages = Long.parseLong(Rows.value(uninterrupted.dataSource, "PRAGMA page_count"));
      org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
      config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
      // Room for the tables and about half of the supporters.
      config.setPragma(org.sqlite.SQLiteConfig.Pragma.MAX_PAGE_COUNT, Long.toString(pages / 2 + 8));
      org.sqlite.SQLiteDataSource small = new org.sqlite.SQLiteDataSource(config);
      small.setUrl(interrupted.url);

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> SupporterSync.builder(rally, small).pageSize(20).build()
              .run())
          .isInstanceOf(SyncDatabaseException.class)
          .hasMessage("The database failed during the supporter sync ([SQLITE_FULL] Insertion failed because database"
              + " is full (database or disk is full)); pages committed before stay, and the next run resumes after"
              + " them.");
      long committed = Long.parseLong(Rows.value(interrupted.dataSource, "SELECT pages FROM sync_run"));
      assertThat(committed).isBetween(1L, 19L);
      assertThat(Rows.value(interrupted.dataSource, "SELECT COUNT(*) FROM supporter")).isEqualTo(
          Long.toString(committed * 20));

      SyncResult resumed = SupporterSync.builder(rally, interrupted.dataSource).pageSize(20).build().run();

      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.inserted()).isEqualTo(400);
      for (String[] table : new String[][] {{"supporter", "id"}, {"supporter_address", "supporter_id, position"},
          {"supporter_phone", "supporter_id, position"}}) {
        assertThat(Rows.dump(interrupted.dataSource, table[0], table[1])).as(table[0])
            .isEqualTo(Rows.dump(uninterrupted.dataSource, table[0], table[1]));
      }
    }
  }

  /**
   * PostgreSQL ends the sync's connection in the middle of a run (pg_terminate_backend; a restart,
   * a failover): the page fails with the server's reason, the pages committed before stay, and the
   * next run resumes after them to every supporter.
   */
  @org.junit.jupiter.api.Test
  void aPostgresqlConnectionEndedByTheServerFailsThePageAndTheNextRunResumes() throws Exception {
    TestDatabase db = TestDatabase.postgres();
    try (RallySandbox sandbox = sandbox(100)) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      AtomicBoolean ended = new AtomicBoolean();
      SupporterSync sync = SupporterSync.builder(rally, db.dataSource).pageSize(20).onPage(progress -> {
        if (progress.pages() == 2 && ended.compareAndSet(false, true)) {
          endOtherConnections(db);
        }
      }).build();

      org.assertj.core.api.Assertions.assertThatThrownBy(sync::run)
          .isInstanceOf(SyncDatabaseException.class)
          .hasMessage("The database failed during the supporter sync (SQLState 57P01, FATAL: terminating connection due"
              + " to administrator command); pages committed before stay, and the next run resumes after them.");
      assertThat(Rows.value(db.dataSource, "SELECT pages FROM sync_run")).isEqualTo("2");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter")).isEqualTo("40");

      SyncResult resumed = sync.run();

      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.readBefore()).isEqualTo(40);
      assertThat(resumed.inserted()).isEqualTo(100);
      assertThat(Rows.supporters(db.dataSource)).isEqualTo(Rows.listed(rally));
    }
  }

  /**
   * The builder refuses an overlap over 365 days. A longer one was taken, and every run after the
   * first failed: 3,000 years with "RFC 3339 writes years 0000 to 9999 … but the date-time was
   * -0972-…" (a date the caller never gave), Long.MAX_VALUE seconds with a DateTimeException.
   */
  @org.junit.jupiter.api.Test
  void anOverlapOverAYearIsRefusedByTheBuilder() throws Exception {
    TestDatabase db = TestDatabase.sqlite(folder.resolve("overlap.db"));
    try (RallySandbox sandbox = sandbox(5)) {
      SupporterSync.Builder builder = SupporterSync.builder(SandboxWrites.client(sandbox), db.dataSource);

      assertThat(builder.overlap(Duration.ofDays(365)).build().overlap()).isEqualTo(Duration.ofDays(365));
      for (Duration tooLong : List.of(Duration.ofDays(365).plusNanos(1), Duration.ofDays(365L * 3000),
          Duration.ofSeconds(Long.MAX_VALUE))) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.overlap(tooLong))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("overlap must be from 0 to 365 days (a margin for clock skew, usually minutes; use runFull()"
                + " to read every supporter again), but was " + tooLong);
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.overlap(Duration.ofNanos(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /**
   * A runSince with a moment RFC 3339 cannot write is refused before anything is read or written:
   * it was refused only when the first page was asked for, after the interrupted full run (here
   * interrupted by what onPage threw, which the run throws) had been given up for it, so the next
   * run() started from the first page again instead of resuming.
   */
  @org.junit.jupiter.api.Test
  void aSinceOutOfRangeIsRefusedBeforeAnInterruptedRunIsGivenUp() throws Exception {
    TestDatabase db = TestDatabase.sqlite(folder.resolve("since.db"));
    try (RallySandbox sandbox = sandbox(50)) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      IllegalStateException stop = new IllegalStateException("stop after the second page");
      SupporterSync interrupting = SupporterSync.builder(rally, db.dataSource).pageSize(10).onPage(progress -> {
        if (progress.pages() == 2) {
          throw stop;
        }
      }).build();
      org.assertj.core.api.Assertions.assertThatThrownBy(interrupting::run).isSameAs(stop);
      SupporterSync sync = SupporterSync.builder(rally, db.dataSource).pageSize(10).build();
      int requestsBefore = sandbox.requestCount();

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> sync.runSince(OffsetDateTime.parse("+10000-01-01T00:00:00Z")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("RFC 3339 writes years 0000 to 9999");
      assertThat(sandbox.requestCount()).isEqualTo(requestsBefore);
      SyncResult resumed = sync.run();

      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.abandonedRunId()).isNull();
      assertThat(resumed.readBefore()).isEqualTo(20);
      assertThat(resumed.read()).isEqualTo(50);
      assertThat(Rows.supporters(db.dataSource)).isEqualTo(Rows.listed(rally));
    }
  }

  /** Ends every other connection to {@code db}'s database, and waits until the server has. */
  private static void endOtherConnections(TestDatabase db) {
    String others = " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    try (java.sql.Connection connection = db.dataSource.getConnection();
         java.sql.Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_terminate_backend(pid)" + others);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        try (java.sql.ResultSet row = statement.executeQuery("SELECT COUNT(*)" + others)) {
          row.next();
          if (row.getLong(1) == 0) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("connections still open after 30 s").isLessThan(deadline);
        Thread.sleep(10);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
