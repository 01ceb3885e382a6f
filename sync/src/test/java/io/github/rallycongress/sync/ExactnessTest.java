package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a server can do to the sync's exactness: changes stamped within one second and at the
 * watermark itself, answers without a usable {@code Date}, an offset-paged list that shifts while
 * it is read, ids that differ only in ways a careless comparison would merge.
 */
class ExactnessTest {
  /** This machine's clock, ahead of every Date the tests send, so that each is taken as sent. */
  private static final Instant LATER = Instant.parse("2032-01-01T00:00:00Z");

  @TempDir Path folder;

  /**
   * Second-precision stamps: a change stamped at the watermark itself, then another within the
   * same second, are each read by the next run (updatedSince is inclusive) and taken over the
   * stored copy of the same stamp. Read again unchanged, nothing is written.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void changesStampedAtTheWatermarkAndWithinItsSecondAreEachReadByTheNextRun(TestDatabase.Kind kind)
      throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.filterByUpdatedSince();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(new MutableClock(LATER))
          .overlap(Duration.ZERO).build();
      server.date("Sat, 10 Jan 2026 12:00:00 GMT");
      server.list(supporter("1", "One", "2026-01-10T11:00:00Z"));
      sync.run();

      server.list(supporter("1", "AtTheWatermark", "2026-01-10T12:00:00Z"));
      SyncResult atWatermark = sync.run();
      server.list(supporter("1", "SameSecond", "2026-01-10T12:00:00Z"));
      SyncResult sameSecond = sync.run();
      SyncResult again = sync.run();

      assertThat(server.updatedSince).containsExactly(null, "2026-01-10T12:00:00Z", "2026-01-10T12:00:00Z",
          "2026-01-10T12:00:00Z");
      assertThat(atWatermark.updated()).isEqualTo(1);
      assertThat(sameSecond.updated()).isEqualTo(1);
      assertThat(again.unchanged()).isEqualTo(1);
      assertThat(again.updated()).isZero();
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("SameSecond");
    }
  }

  /** Two copies of one supporter stamped alike in one page cannot be ordered: the last listed is taken. */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void ofCopiesStampedAlikeInOnePageTheLastListedIsTaken(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(supporter("1", "First", "2026-01-01T00:00:00Z"), supporter("1", "Last", "2026-01-01T00:00:00Z"));

      SyncResult result = SupporterSync.builder(server.client(), db.dataSource).build().run();

      assertThat(result.inserted()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Last");
    }
  }

  /**
   * An answer without a {@code Date} header, or with one that is no HTTP date, starts the run at
   * this machine's clock (whole seconds, cut down): the overlap is then all that covers the skew
   * between this machine and the server that stamps {@code updatedAt}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"none", "yesterday", "10 Jan 2026 noon"})
  void withoutAUsableDateHeaderThisMachinesClockStartsTheRun(String date) throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      server.date(date.equals("none") ? null : date);
      MutableClock clock = new MutableClock(Instant.parse("2026-01-10T12:34:56.789Z"));
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(clock).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"));

      SyncResult first = sync.run();

      assertThat(first.serverStartedAt()).isEqualTo(OffsetDateTime.parse("2026-01-10T12:34:56Z"));
      assertThat(sync.nextUpdatedSince()).contains(OffsetDateTime.parse("2026-01-10T12:29:56Z"));
    }
  }

  /**
   * A server whose clock was never set answers with Go's zero time, year 1: the next run asks for
   * every supporter updated since a few minutes before it (year 0), in both databases, and the run
   * after that, with a good clock again, moves the watermark back to the present. (OkHttp reads
   * HTTP dates with java.util's calendar, Julian before 1582: year 1's first day is two days
   * earlier in ISO's, which only reads the same supporters again.)
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aDateAtTheStartOfTheYearOneReadsEverySupporterAgain(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.filterByUpdatedSince();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(new MutableClock(LATER)).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"));
      server.date("Mon, 01 Jan 0001 00:00:00 GMT");
      sync.run();

      server.date("Sat, 10 Jan 2026 12:00:00 GMT");
      SyncResult next = sync.run();
      SyncResult after = sync.run();

      assertThat(server.updatedSince).containsExactly(null, "0000-12-29T23:55:00Z", "2026-01-10T11:55:00Z");
      assertThat(next.unchanged()).isEqualTo(1);
      assertThat(after.read()).isZero();
    }
  }

  /**
   * A supporter created with an id before the page being read shifts the list on: this run reads
   * the one at the page's edge twice (its second copy, changed meanwhile, taken) and misses the new
   * one, which the next run reads, being updated since this one started.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSupporterCreatedBeforeThePageBeingReadIsReadByTheNextRun(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.filterByUpdatedSince();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(new MutableClock(LATER))
          .pageSize(2).build();
      server.date("Sat, 10 Jan 2026 12:00:00 GMT");
      String two = supporter("2", "Two", "2026-01-01T00:00:00Z");
      String six = supporter("6", "Six", "2026-01-01T00:00:00Z");
      String eight = supporter("8", "Eight", "2026-01-01T00:00:00Z");
      server.list(two, supporter("4", "Four", "2026-01-01T00:00:00Z"), six, eight);
      server.beforePage(page -> {
        if (page == 1) {
          server.list(supporter("1", "New", "2026-01-10T12:00:30Z"), two,
              supporter("4", "Four changed", "2026-01-10T12:00:40Z"), six, eight);
        }
      });

      SyncResult first = sync.run();
      server.beforePage(page -> { });
      server.date("Sat, 10 Jan 2026 12:10:00 GMT");
      SyncResult next = sync.run();

      assertThat(first.inserted()).isEqualTo(4);
      assertThat(first.updated()).as("4, read again on the next page, changed").isEqualTo(1);
      assertThat(next.inserted()).isEqualTo(1);
      assertThat(next.unchanged()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "4", "6", "8");
      assertThat(Rows.supporters(db.dataSource).get("4").getFirstName()).isEqualTo("Four changed");
    }
  }

  /**
   * A supporter leaving the list before the page being read shifts the next one back onto the page
   * already read: that full run does not see it. The first copy does not store it, and no
   * incremental run reads it until it changes; the next full run does. Documented in the README.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSupporterShiftedOntoAPageAlreadyReadIsCopiedByTheNextFullRun(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.filterByUpdatedSince();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(new MutableClock(LATER))
          .pageSize(2).build();
      server.date("Sat, 10 Jan 2026 12:00:00 GMT");
      List<String> all = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        all.add(supporter(Integer.toString(i), "S" + i, "2026-01-01T00:00:00Z"));
      }
      server.list(all.toArray(String[]::new));
      server.beforePage(page -> {
        if (page == 1) {
          server.list(all.subList(1, 6).toArray(String[]::new));
        }
      });
      sync.run();
      server.beforePage(page -> { });

      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "4", "5", "6");
      server.date("Sat, 10 Jan 2026 12:10:00 GMT");
      sync.run();
      assertThat(Rows.supporters(db.dataSource)).doesNotContainKey("3");

      SyncResult full = sync.runFull();

      assertThat(full.inserted()).isEqualTo(1);
      assertThat(full.unlisted()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3", "4", "5", "6");
      assertThat(Rows.value(db.dataSource, "SELECT id FROM supporter WHERE unlisted_since IS NOT NULL")).isEqualTo("1");
    }
  }

  /**
   * A full run interrupted, the list changed meanwhile, then resumed. A supporter created before
   * its checkpoint is not seen by it, and not marked (it was never stored); the next run reads it.
   * One that left the list before the checkpoint, after this run read it, shifts the next one onto a
   * page already read: the resumed run marks that one, listed all along (a mark it cannot tell from
   * a real one), and not the one that left; the next full run puts both right. Documented in the
   * README.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aFullRunResumedAfterTheListChangedMarksWhatShiftedPastItAndTheNextFullRunUnmarksIt(TestDatabase.Kind kind)
      throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.filterByUpdatedSince();
      AtomicBoolean failAfterAPage = new AtomicBoolean();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).clock(new MutableClock(LATER))
          .pageSize(2).onPage(progress -> {
            if (failAfterAPage.getAndSet(false)) {
              throw new IllegalStateException("interrupted after a page");
            }
          }).build();
      server.date("Sat, 10 Jan 2026 12:00:00 GMT");
      Map<String, String> listed = new LinkedHashMap<>();
      for (int i = 1; i <= 6; i++) {
        listed.put(Integer.toString(i), supporter(Integer.toString(i), "S" + i, "2026-01-01T00:00:00Z"));
      }
      server.list(listed.values().toArray(String[]::new));
      sync.run();

      failAfterAPage.set(true);
      assertThatThrownBy(sync::runFull).hasMessage("interrupted after a page");
      server.list(supporter("0", "New", "2026-01-10T12:00:30Z"), listed.get("1"), listed.get("2"), listed.get("3"),
          listed.get("4"), listed.get("5"), listed.get("6"));
      SyncResult createdBefore = sync.runFull();

      assertThat(createdBefore.resumed()).isTrue();
      assertThat(createdBefore.unlisted()).isZero();
      assertThat(Rows.supporters(db.dataSource)).doesNotContainKey("0");
      server.date("Sat, 10 Jan 2026 12:10:00 GMT");
      assertThat(sync.run().inserted()).isEqualTo(1);

      failAfterAPage.set(true);
      assertThatThrownBy(sync::runFull).hasMessage("interrupted after a page"); // read 0 and 1
      server.list(supporter("0", "New", "2026-01-10T12:00:30Z"), listed.get("2"), listed.get("3"), listed.get("4"),
          listed.get("5"), listed.get("6"));
      SyncResult leftBefore = sync.runFull();

      assertThat(leftBefore.resumed()).isTrue();
      assertThat(leftBefore.unlisted()).isEqualTo(1);
      assertThat(unlisted(db)).as("2 shifted onto the page already read; 1, read there, left the list after")
          .containsExactly("2");

      SyncResult next = sync.runFull();

      assertThat(next.unlisted()).isEqualTo(1);
      assertThat(unlisted(db)).containsExactly("1");
    }
  }

  private static List<String> unlisted(TestDatabase db) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Map<String, String> row : Rows.dump(db.dataSource, "supporter", "id")) {
      if (row.get("unlisted_since") != null) {
        ids.add(row.get("id"));
      }
    }
    return ids;
  }

  /**
   * Ids that differ only in case, surrounding spaces, Unicode normalization or an emoji's skin tone
   * are different supporters, stored apart and found again; names with combining marks, emoji and
   * a hundred thousand characters are stored as sent, and read again unchanged.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void idsAndNamesAreStoredAndComparedExactly(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    List<String> ids = List.of("a", "A", "a ", " a", "\u00e9", "e\u0301", "\uD83D\uDC4D", "\uD83D\uDC4D\uD83C\uDFFD",
        "\uD83D\uDE00".repeat(SupporterSource.MAX_ID_BYTES / 4));
    String longName = "Zo\u00eb e\u0301 \uD83C\uDDFA\uD83C\uDDF8 ".repeat(10_000);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(4).build();
      List<String> supporters = new ArrayList<>();
      for (String id : ids) {
        supporters.add(supporter(id, "[" + id + "] " + longName, "2026-01-01T00:00:00Z"));
      }
      server.list(supporters.toArray(String[]::new));

      SyncResult first = sync.runFull();
      SyncResult again = sync.runFull();

      assertThat(first.inserted()).isEqualTo(ids.size());
      assertThat(again.unchanged()).isEqualTo(ids.size());
      assertThat(again.unlisted()).isZero();
      Map<String, io.github.rallycongress.generated.model.Supporter> stored = Rows.supporters(db.dataSource);
      assertThat(stored).containsOnlyKeys(ids);
      for (String id : ids) {
        assertThat(stored.get(id).getFirstName()).isEqualTo("[" + id + "] " + longName);
      }
    }
  }
}
