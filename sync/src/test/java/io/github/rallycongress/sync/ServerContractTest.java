package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lists at the edges of the API's contract, and databases used for two accounts: each run either
 * completes or fails with a message that names the cause, and never leaves the next run stuck.
 */
class ServerContractTest {
  @TempDir Path folder;

  /** The spec: a null, absent or empty {@code nextpageuri} marks the last page. */
  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"  \""})
  void anEmptyNextPageUriEndsTheRun(String lastNext) throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("3", "Three", "2026-01-01T00:00:00Z"));
      server.lastNextPageUri(lastNext);

      SyncResult first = sync.run();

      assertThat(first.complete()).isTrue();
      assertThat(first.pages()).isEqualTo(2);
      assertThat(server.requests.get()).isEqualTo(2);
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
      // The watermark moved: the next run is incremental, not a resumption of a run that never ends.
      assertThat(sync.run().mode()).isEqualTo(SyncResult.Mode.INCREMENTAL);
    }
  }

  /**
   * A server whose empty pages past the end keep linking to a next one: the run ends at the first
   * of them (its totalResults says the list is over), instead of committing empty pages forever
   * and never completing.
   */
  /**
   * A page the database refuses (here: a unique index on email, as the README invites an app to
   * add, and two supporters sharing one) fails the run with a message that names the database's
   * error but quotes none of the page's values: PostgreSQL's driver quotes the whole statement with
   * its values, and its error a "Detail:" line with the key's value.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aPageTheDatabaseRefusesFailsWithoutQuotingPeoplesData(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      server.list(supporter("1", "Ada", "2026-01-01T00:00:00Z"));
      sync.run();
      try (java.sql.Connection connection = db.dataSource.getConnection();
           java.sql.Statement statement = connection.createStatement()) {
        statement.execute("CREATE UNIQUE INDEX supporter_email_unique ON supporter (email)");
      }
      server.list(supporter("1", "Ada", "2026-01-01T00:00:00Z"),
          supporter("2", "Grace", "2026-01-02T00:00:00Z").replace("s2@example.org", "s1@example.org"));

      assertThatThrownBy(sync::runFull).isInstanceOf(SyncDatabaseException.class)
          .hasMessageStartingWith("The database failed during the supporter sync (").hasMessageMatching("(?is).*unique.*")
          .hasMessageNotContaining("Grace").hasMessageNotContaining("s1@example.org").hasMessageNotContaining("Ada");
    }
  }

  /**
   * A server may link its pages under another path of its origin ({@code /v3/supporters/pages}):
   * the page stream follows such links, so the run and its checkpoint must too. A check of the path
   * once refused the first page's link as "resumeFrom", a usage error the user never made.
   */
  @Test
  void pagesLinkedUnderAnotherPathOfTheOriginAreFollowed() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      server.linkPath("/v3/supporters/pages");
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("3", "Three", "2026-01-01T00:00:00Z"));

      SyncResult result = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build().run();

      assertThat(result.complete()).isTrue();
      assertThat(result.inserted()).isEqualTo(3);
    }
  }

  @Test
  void anEmptyPagePastTheTotalEndsTheRunWhateverItsNextPageUriSays() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"));
      server.emptyPagesLinkOn();

      SyncResult first = sync.run();

      assertThat(first.complete()).isTrue();
      assertThat(first.pages()).isEqualTo(2);
      assertThat(server.requests.get()).isEqualTo(2);
      assertThat(sync.run().mode()).isEqualTo(SyncResult.Mode.INCREMENTAL);
    }
  }

  /**
   * A supporter stamped by a server clock that ran ahead (2031) is not held there: once the clock
   * is put right and the supporter changes, the copy read is written, though its updatedAt is
   * "older" than the stored one. A stamp within this machine's clock plus the overlap is trusted.
   */
  @Test
  void aStoredUpdatedAtAheadOfThisMachinesClockDoesNotHoldTheRow() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    MutableClock clock = new MutableClock(Instant.parse("2026-01-10T12:00:00Z"));
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(clock).build();
      server.list(supporter("1", "WhileTheClockWasAhead", "2031-01-10T12:00:00Z"),
          supporter("2", "Two", "2026-01-10T12:04:00Z"));
      sync.run();

      clock.set(Instant.parse("2026-01-13T12:00:00Z"));
      server.date("Tue, 13 Jan 2026 12:00:00 GMT");
      server.list(supporter("1", "Current", "2026-01-13T11:59:00Z"), supporter("2", "Older", "2026-01-10T12:03:00Z"));
      SyncResult after = sync.runFull();

      assertThat(after.updated()).isEqualTo(1);
      assertThat(after.stale()).as("supporter 2's older copy, its stored stamp within the clock").isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Current");
      assertThat(Rows.supporters(db.dataSource).get("2").getFirstName()).isEqualTo("Two");
    }
  }

  /**
   * The same rule within one page: a supporter listed twice, its first copy stamped by a server
   * clock that ran ahead (2031) and the second by a clock put right, is stored as the second, as
   * it would be were the copies on two pages. The first copy was kept, being "newer".
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void ofTwoCopiesInOnePageOneStampedAheadOfThisMachinesClockIsNotKept(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    MutableClock clock = new MutableClock(Instant.parse("2026-01-13T12:00:00Z"));
    try (ListingServer server = new ListingServer()) {
      server.date("Tue, 13 Jan 2026 12:00:00 GMT");
      server.list(supporter("1", "WhileTheClockWasAhead", "2031-01-10T12:00:00Z"),
          supporter("1", "Current", "2026-01-13T11:59:00Z"), supporter("2", "Two", "2026-01-13T11:00:00Z"));

      SupporterSync.builder(server.client(), db.dataSource).clock(clock).build().run();

      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Current");
      // Within the clock plus the overlap, a later stamp is trusted: the newer copy is kept.
      server.list(supporter("1", "Newer", "2026-01-13T12:04:00Z"), supporter("1", "Older", "2026-01-13T12:01:00Z"),
          supporter("2", "Two", "2026-01-13T11:00:00Z"));
      SupporterSync.builder(server.client(), db.dataSource).clock(clock).build().runFull();
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Newer");
    }
  }

  /**
   * The watermark is the last complete run's start, and never later than this machine's clock: one
   * answer dated years ahead (a server clock set wrong, then put right) would otherwise hold every
   * later run's filter there, and the changes in between would never be read.
   */
  @Test
  void aDateAheadOfThisMachinesClockDoesNotMoveTheWatermarkPastIt() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    MutableClock clock = new MutableClock(Instant.parse("2026-01-10T12:00:00Z"));
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(clock).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"));
      server.date("Sat, 10 Jan 2026 12:00:00 GMT");
      sync.run();

      clock.set(Instant.parse("2026-01-10T12:30:00Z"));
      server.date("Fri, 10 Jan 2031 12:00:00 GMT");
      SyncResult ahead = sync.run();

      assertThat(ahead.serverStartedAt()).isEqualTo(OffsetDateTime.parse("2026-01-10T12:30:00Z"));
      assertThat(sync.nextUpdatedSince()).contains(OffsetDateTime.parse("2026-01-10T12:25:00Z"));
    }
  }

  /** Of complete runs, the last one's start counts, even when an earlier one's is later. */
  @Test
  void theWatermarkIsTheLastCompleteRunsStartNotTheLatestTimeSeen() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    // This machine's clock ahead of every Date below, so that each is taken as sent.
    MutableClock clock = new MutableClock(Instant.parse("2032-01-01T00:00:00Z"));
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(clock).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"));
      server.date("Sat, 10 Jan 2026 12:00:00 GMT");
      sync.run();
      server.date("Fri, 10 Jan 2031 12:00:00 GMT");
      sync.run();
      server.date("Sat, 10 Jan 2026 13:00:00 GMT");
      sync.run();

      assertThat(sync.nextUpdatedSince()).contains(OffsetDateTime.parse("2026-01-10T12:55:00Z"));
    }
  }

  /**
   * A run since a time after the watermark (less the overlap) skips the changes between the two:
   * it must leave the watermark where it was, or the next run would skip them for good. One since
   * a time not after it (the very instant included, in any offset) reads all they would, and moves
   * it as a complete run does. Before any complete run there is no watermark for it to set.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aRunSinceATimeAfterTheWatermarkLeavesItAndOneNotAfterItMovesIt(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    // This machine's clock ahead of every Date below, so that each is taken as sent.
    MutableClock clock = new MutableClock(Instant.parse("2032-01-01T00:00:00Z"));
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(clock).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"));
      server.date("Fri, 09 Jan 2026 12:00:00 GMT");
      assertThat(sync.runSince(OffsetDateTime.parse("2000-01-01T00:00:00Z")).complete()).isTrue();
      assertThat(sync.nextUpdatedSince()).isEmpty();

      server.date("Sat, 10 Jan 2026 12:00:00 GMT");
      sync.run();
      assertThat(sync.nextUpdatedSince()).contains(OffsetDateTime.parse("2026-01-10T11:55:00Z"));

      server.date("Sun, 11 Jan 2026 12:00:00 GMT");
      SyncResult after = sync.runSince(OffsetDateTime.parse("2026-01-10T11:55:01Z"));

      assertThat(after.complete()).isTrue();
      assertThat(sync.nextUpdatedSince()).contains(OffsetDateTime.parse("2026-01-10T11:55:00Z"));

      server.date("Mon, 12 Jan 2026 12:00:00 GMT");
      SyncResult notAfter = sync.runSince(OffsetDateTime.parse("2026-01-10T13:55:00+02:00"));

      assertThat(notAfter.complete()).isTrue();
      assertThat(sync.nextUpdatedSince()).contains(OffsetDateTime.parse("2026-01-12T11:55:00Z"));
    }
  }

  /**
   * Two syncs started together: B looks for an interrupted run before A has begun its own, then A
   * begins (its first page committed, its run running), then B's first page arrives. B must stop
   * without writing; before, it began a second run beside A's, and A's reconciliation then took
   * the supporters B had marked seen for unlisted.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void ofTwoSyncsStartedTogetherTheOneBeginningSecondStopsWithoutWriting(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    CountDownLatch aBegan = new CountDownLatch(1);
    CountDownLatch bDone = new CountDownLatch(1);
    try (ListingServer forA = new ListingServer(); ListingServer forB = new ListingServer()) {
      for (ListingServer server : new ListingServer[] {forA, forB}) {
        server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
            supporter("3", "Three", "2026-01-01T00:00:00Z"));
      }
      forB.beforePage(page -> await(aBegan));
      forA.beforePage(page -> {
        // A asks for its second page before it commits its first, and for its third after.
        if (page == 2) {
          aBegan.countDown();
          await(bDone);
        }
      });
      SupporterSync a = SupporterSync.builder(forA.client(), db.dataSource).pageSize(1).build();
      SupporterSync b = SupporterSync.builder(forB.client(), db.dataSource).pageSize(1).build();

      CompletableFuture<SyncResult> bRun = CompletableFuture.supplyAsync(() -> {
        try {
          return b.runFull();
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        } finally {
          bDone.countDown();
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (forB.requests.get() == 0) {
        assertThat(System.nanoTime() - deadline).as("B's first request within 30 s").isNegative();
        Thread.sleep(5); // B has looked for an interrupted run, and waits for its first page
      }
      SyncResult aResult = a.runFull();

      assertThatThrownBy(() -> bRun.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SyncDatabaseException.class)
          .cause().hasMessage("Another sync began a run in this database while this one read its first page; this"
              + " one stops without writing. Run one sync at a time per database.");
      assertThat(aResult.complete()).isTrue();
      assertThat(aResult.unlisted()).isZero();
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM sync_run")).isEqualTo("1");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter WHERE unlisted_since IS NULL"))
          .isEqualTo("3");
    }
  }

  /**
   * Two syncs resuming the same interrupted run at once: A resumes it at page 1, commits that page
   * and waits; B resumes it where A left it, commits page 2 and waits; then A writes the page 2 it
   * had read. A must stop without writing it (the checkpoint moved on under it), B completes the
   * run, and the run's counts stay those of one run: no page written twice.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void ofTwoSyncsResumingTheSameRunTheOneWritingAPageTheOtherWroteStops(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    CountDownLatch aWrotePage1 = new CountDownLatch(1);
    CountDownLatch bWrotePage2 = new CountDownLatch(1);
    CountDownLatch aDone = new CountDownLatch(1);
    try (ListingServer forA = new ListingServer(); ListingServer forB = new ListingServer()) {
      forA.list(supporter("1", "One", "2026-01-01T00:00:00Z"), "{\"id\":\"\",\"firstName\":\"Empty id\"}");
      assertThatThrownBy(SupporterSync.builder(forA.client(), db.dataSource).pageSize(1).build()::runFull)
          .isInstanceOf(IllegalStateException.class);
      for (ListingServer server : new ListingServer[] {forA, forB}) {
        server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
            supporter("3", "Three", "2026-01-01T00:00:00Z"), supporter("4", "Four", "2026-01-01T00:00:00Z"));
      }
      // Each waits on its writing thread, just after a commit: no transaction of it is open.
      SupporterSync a = SupporterSync.builder(forA.client(), db.dataSource).pageSize(1).onPage(progress -> {
        if (progress.pages() == 2) {
          aWrotePage1.countDown();
          await(bWrotePage2);
        }
      }).build();
      SupporterSync b = SupporterSync.builder(forB.client(), db.dataSource).pageSize(1).onPage(progress -> {
        if (progress.pages() == 3) {
          bWrotePage2.countDown();
          await(aDone);
        }
      }).build();

      CompletableFuture<SyncResult> aRun = CompletableFuture.supplyAsync(() -> {
        try {
          return a.runFull();
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        } finally {
          aDone.countDown();
        }
      });
      await(aWrotePage1);
      SyncResult bResult = b.runFull();

      assertThatThrownBy(() -> aRun.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SyncDatabaseException.class)
          .cause().hasMessage("Sync run 1 was moved on by another sync writing to the same database; this one stops"
              + " without writing its page. Run one sync at a time per database.");
      assertThat(bResult.resumed()).isTrue();
      assertThat(bResult.readBefore()).isEqualTo(2);
      assertThat(bResult.complete()).isTrue();
      assertThat(bResult.pages()).isEqualTo(4);
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM sync_run")).isEqualTo("1");
      assertThat(Rows.value(db.dataSource, "SELECT status || ' ' || pages || ' ' || inserted || ' ' || updated || ' '"
          + " || unchanged || ' ' || stale || ' ' || unlisted FROM sync_run")).isEqualTo("complete 4 4 0 0 0 0");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter")).isEqualTo("4");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter_address")).isEqualTo("4");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * An id the database cannot keep as sent (U+0000 in PostgreSQL, an unpaired surrogate in either)
   * is stored changed; the next run must find that row, not insert the supporter again and fail on
   * its primary key at that page on every later run.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anIdStoredChangedIsFoundAgainByTheNextRun(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      server.list(supporter("a\\u0000", "Nul", "2026-01-01T00:00:00Z"),
          supporter("x\\ud800", "Surrogate", "2026-01-01T00:00:00Z"),
          supporter("plain", "Plain", "2026-01-01T00:00:00Z"));
      SyncResult first = sync.runFull();

      SyncResult second = sync.runFull();

      assertThat(first.inserted()).isEqualTo(3);
      assertThat(second.complete()).isTrue();
      assertThat(second.unchanged()).isEqualTo(3);
      assertThat(second.unlisted()).isZero();
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter")).isEqualTo("3");
    }
  }

  /**
   * As above, on a page the sync can probe as one range of ids (none has a surrogate): the range
   * must be of the ids as stored. PostgreSQL keeps "a\u0000" as "a\uFFFD", which lies outside
   * "a\u0000" to "a\u0001": probed as sent, the page looked new, and its insert failed on the key.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anIdStoredChangedIsFoundByTheProbeOfThePagesRange(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      server.list(supporter("a\\u0000", "Nul", "2026-01-01T00:00:00Z"),
          supporter("a\\u0001", "One", "2026-01-01T00:00:00Z"));
      SyncResult first = sync.runFull();

      SyncResult second = sync.runFull();

      assertThat(first.inserted()).isEqualTo(2);
      assertThat(second.complete()).isTrue();
      assertThat(second.unchanged()).isEqualTo(2);
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter")).isEqualTo("2");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"firstName\":\"No id\"}", "{\"id\":\"\",\"firstName\":\"Empty id\"}", "null"})
  void aSupporterWithoutAnIdFailsTheRunNamingThePageAndWritesNothingOfIt(String json) throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("3", "Three", "2026-01-01T00:00:00Z"), json);

      if (json.contains("\"id\":\"\"")) {
        // An empty id decodes, and the sync refuses it.
        assertThatThrownBy(sync::run)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("/v3/supporters?page=1&pagesize=2")
            .hasMessageContaining("$.supporters[1]")
            .hasMessageContaining("Nothing of this page was written");
      } else {
        // A missing id or a null item breaks what the spec requires: the client refuses to decode the page.
        assertThatThrownBy(sync::run)
            .isInstanceOf(io.github.rallycongress.client.RallyDecodingException.class)
            .hasMessageContaining("at $.supporters[1]:");
      }
      // The first page committed; the second, with the supporter without an id, did not.
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2");

      // Once the server lists it with an id, the run resumes from the page that failed.
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("3", "Three", "2026-01-01T00:00:00Z"), supporter("4", "Four", "2026-01-01T00:00:00Z"));
      SyncResult resumed = sync.run();
      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.readBefore()).isEqualTo(2);
      assertThat(resumed.read()).isEqualTo(4);
      assertThat(resumed.abandonedRunId()).isNull();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3", "4");
    }
  }

  /**
   * A phone without a number (spec 4.0.0 no longer requires {@code telephone}, which only our
   * reading of the API did) is stored as sent, its number NULL, and the run completes. While the
   * spec required it, the client refused the whole page, and every run of the account stopped there.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aPhoneWithoutANumberIsStoredAsSentAndTheRunCompletes(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"),
          "{\"id\":\"2\",\"firstName\":\"Two\",\"phones\":[{\"addressType\":\"Work\"}],"
              + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}",
          supporter("3", "Three", "2026-01-01T00:00:00Z"));

      SyncResult result = sync.run();

      assertThat(result.complete()).isTrue();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
      assertThat(Rows.value(db.dataSource, "SELECT address_type || ', ' || COALESCE(telephone, 'NULL')"
          + " FROM supporter_phone WHERE supporter_id = '2'")).isEqualTo("Work, NULL");
      assertThat(sync.run().unchanged()).as("read again").isEqualTo(3);
    }
  }

  /**
   * Another connection writing to the same database (an app's own table) while a resuming run
   * reads its first page does not fail that page's write: the run holds no read open between its
   * look at the database and its first write (SQLite refuses a write from a read older than the
   * last commit, SQLITE_BUSY_SNAPSHOT).
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aWriteByAnotherConnectionWhileAResumingRunReadsDoesNotFailIt(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          "{\"id\":\"\",\"firstName\":\"Empty id\"}");
      assertThatThrownBy(sync::run).isInstanceOf(IllegalStateException.class);
      try (java.sql.Connection connection = db.dataSource.getConnection();
           java.sql.Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE app_notes (note TEXT)");
      }

      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("3", "Three", "2026-01-01T00:00:00Z"));
      server.beforePage(page -> {
        try (java.sql.Connection connection = db.dataSource.getConnection();
             java.sql.Statement statement = connection.createStatement()) {
          statement.execute("INSERT INTO app_notes VALUES ('page " + page + " asked for')");
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      SyncResult resumed = sync.run();

      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.complete()).isTrue();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
    }
  }

  /**
   * An id longer than 1,000 bytes fails the run naming the page, on both databases alike:
   * PostgreSQL's primary key takes at most 2,704 bytes a key, and its own error came at the commit.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anIdLongerThanTheSyncStoresFailsTheRunNamingThePage(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("x".repeat(1000), "Longest", "2026-01-01T00:00:00Z"),
          supporter("\u00e9".repeat(501), "TooLong", "2026-01-01T00:00:00Z"));

      assertThatThrownBy(sync::run).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/v3/supporters?page=1&pagesize=2")
          .hasMessageContaining("whose id is 1002 bytes long at $.supporters[1]")
          .hasMessageContaining("Nothing of this page was written");
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2");
    }
  }

  /**
   * The server's links, quoted in the run's error, keep no control character: a line break would
   * forge a line in the app's log, an escape sequence drive its terminal.
   */
  @Test
  void aLinkQuotedInAnErrorShowsItsControlCharactersEscaped() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      server.linkPath("/v3/supporters\\r\\n\\u001b[31mFORGED\\u2028");
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), "{\"id\":\"\",\"firstName\":\"Empty id\"}");
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build();

      assertThatThrownBy(sync::run).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("The supporter list's page /v3/supporters\\u000d\\u000a\\u001b[31mFORGED\\u2028?page=1")
          .hasMessageNotContaining("\r").hasMessageNotContaining("\n").hasMessageNotContaining("\u001b")
          .hasMessageNotContaining("\u2028");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aRunThatGivesUpAnInterruptedOneSaysWhich(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          "{\"id\":\"\",\"firstName\":\"Empty id\"}");
      assertThatThrownBy(sync::runFull).isInstanceOf(IllegalStateException.class);

      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"));
      SyncResult since = sync.runSince(java.time.OffsetDateTime.parse("2025-06-01T00:00:00Z"));

      assertThat(since.resumed()).isFalse();
      assertThat(since.readBefore()).isZero();
      assertThat(since.abandonedRunId()).isEqualTo(1);
      assertThat(Rows.value(db.dataSource, "SELECT status FROM sync_run WHERE id = 1")).isEqualTo("abandoned");
    }
  }

  /**
   * An interrupted run since one time is continued only by a run since the same instant (in any
   * offset). A run since another time would otherwise read the rest of the first's pages and take
   * them for its own: it gives the interrupted run up (its committed rows stay) and starts anew.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anInterruptedRunSinceOneTimeIsGivenUpByARunSinceAnother(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          "{\"id\":\"\",\"firstName\":\"Empty id\"}");
      assertThatThrownBy(() -> sync.runSince(OffsetDateTime.parse("2025-06-01T00:00:00Z")))
          .isInstanceOf(IllegalStateException.class);
      // The same instant in another offset is the same run: it resumes at page 1, and fails there again.
      assertThatThrownBy(() -> sync.runSince(OffsetDateTime.parse("2025-06-01T02:00:00+02:00")))
          .isInstanceOf(IllegalStateException.class);
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) || ' ' || MAX(status) || ' ' || MAX(pages) FROM sync_run"))
          .isEqualTo("1 running 1");

      // Since a later time, the server lists fewer supporters.
      server.list(supporter("3", "Three", "2026-01-01T00:00:00Z"));
      SyncResult other = sync.runSince(OffsetDateTime.parse("2025-12-01T00:00:00Z"));

      assertThat(other.resumed()).isFalse();
      assertThat(other.readBefore()).isZero();
      assertThat(other.abandonedRunId()).isEqualTo(1);
      assertThat(other.updatedSince()).isEqualTo(OffsetDateTime.parse("2025-12-01T00:00:00Z"));
      assertThat(other.complete()).isTrue();
      assertThat(other.pages()).isEqualTo(1);
      assertThat(other.inserted()).isEqualTo(1);
      assertThat(Rows.value(db.dataSource, "SELECT status FROM sync_run WHERE id = 1")).isEqualTo("abandoned");
      assertThat(Rows.value(db.dataSource, "SELECT status FROM sync_run WHERE id = 2")).isEqualTo("complete");
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aDatabaseThatKeepsOneAccountRefusesAnother(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(supporter("1", "Fake", "2026-01-01T00:00:00Z"));
      SupporterSync.builder(server.client("AC0000SANDBOX"), db.dataSource).build().run();
      int requests = server.requests.get();

      server.list(supporter("1", "Real", "2026-01-01T00:00:00Z"), supporter("2", "Real", "2026-01-01T00:00:00Z"));
      SupporterSync real = SupporterSync.builder(server.client("ACreal"), db.dataSource).build();

      assertThatThrownBy(real::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("This database keeps account AC0000SANDBOX's supporters in step, not ACreal's: give each"
              + " account a database of its own. No supporter was read or written.");
      assertThatThrownBy(real::runFull).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(real::nextUpdatedSince).isInstanceOf(IllegalArgumentException.class);
      assertThat(server.requests.get()).isEqualTo(requests);
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Fake");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM sync_run")).isEqualTo("1");

      // The account it keeps goes on as before.
      SyncResult same = SupporterSync.builder(server.client("AC0000SANDBOX"), db.dataSource).build().run();
      assertThat(same.mode()).isEqualTo(SyncResult.Mode.INCREMENTAL);
    }
  }
}
