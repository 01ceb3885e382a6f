package io.github.rallycongress.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static io.github.rallycongress.sync.ListingServer.supporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Upserts by id against hand-written pages: older copies, pages read twice, supporters no longer listed. */
class UpsertTest {
  @TempDir Path folder;

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anOlderCopyNeverOverwritesANewerRow(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      server.list(supporter("1", "Newer", "2026-02-01T08:00:00Z"), supporter("2", "Same", "2026-01-01T00:00:00Z"));
      sync.runFull();

      // A lagging replica answers with an older copy of 1; 2 changed within the same second.
      server.list(supporter("1", "Older", "2026-01-31T08:00:00Z"), supporter("2", "SameSecond", "2026-01-01T00:00:00Z"));
      SyncResult second = sync.runFull();

      assertThat(second.stale()).isEqualTo(1);
      assertThat(second.updated()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Newer");
      assertThat(Rows.supporters(db.dataSource).get("2").getFirstName()).isEqualTo("SameSecond");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter_address")).isEqualTo("2");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter_phone")).isEqualTo("2");
    }
  }

  /**
   * The properties the spec does not name, sent again in another order, are the same supporter:
   * a server need not keep the order of a JSON object's names, and every run would rewrite everyone.
   * A changed value is still a change.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void unknownPropertiesSentInAnotherOrderAreNoChange(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      String supporter = supporter("1", "Ada", "2026-01-01T00:00:00Z");
      server.list(supporter.replace("\"phones\"", "\"level\":\"gold\",\"score\":7,\"phones\"")
          .replace("\"city\"", "\"county\":\"Albany\",\"ward\":3,\"city\""));
      sync.runFull();

      server.list(supporter.replace("\"phones\"", "\"score\":7,\"level\":\"gold\",\"phones\"")
          .replace("\"city\"", "\"ward\":3,\"county\":\"Albany\",\"city\""));
      SyncResult reordered = sync.runFull();
      server.list(supporter.replace("\"phones\"", "\"score\":8,\"level\":\"gold\",\"phones\"")
          .replace("\"city\"", "\"ward\":3,\"county\":\"Albany\",\"city\""));
      SyncResult changed = sync.runFull();

      assertThat(reordered.unchanged()).isEqualTo(1);
      assertThat(reordered.updated()).isZero();
      assertThat(changed.updated()).isEqualTo(1);
    }
  }

  /** PostgreSQL's text cannot hold U+0000: the page is written all the same, with U+FFFD in its place. */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aNulCharacterNeverStopsTheSync(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      server.list(supporter("1", "A\\u0000B", "2026-01-01T00:00:00Z").replace("Albany", "Al\\u0000bany"),
          supporter("2", "Plain", "2026-01-01T00:00:00Z"));

      SyncResult first = sync.runFull();
      SyncResult again = sync.runFull();

      assertThat(first.inserted()).isEqualTo(2);
      assertThat(again.unchanged()).isEqualTo(2);
      String stored = kind == TestDatabase.Kind.SQLITE ? "\0" : "\uFFFD";
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("A" + stored + "B");
      assertThat(Rows.supporters(db.dataSource).get("1").getAddresses().get(0).getCity()).isEqualTo("Al" + stored + "bany");
    }
  }

  /**
   * A control character written raw inside a string of a property the spec does not name (invalid
   * JSON, which the client reads all the same): PostgreSQL's json refuses it, and every run stopped
   * at that page. It is stored escaped there, as sent in SQLite, and the next run finds the
   * supporter unchanged.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aControlCharacterRawInAnUnknownPropertyNeverStopsTheSync(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z")
              .replace("\"phones\"", "\"note\":\"a\tb\u0000c\\\"\nd\",\"phones\""),
          supporter("2", "Two", "2026-01-01T00:00:00Z")
              .replace("\"city\"", "\"ward\": [\"x\u0001\", 3],\n\t\"city\""));

      SyncResult first = sync.runFull();
      SyncResult again = sync.runFull();

      assertThat(first.inserted()).isEqualTo(2);
      assertThat(again.unchanged()).isEqualTo(2);
      boolean sqlite = kind == TestDatabase.Kind.SQLITE;
      assertThat(Rows.value(db.dataSource, "SELECT unknown_properties FROM supporter WHERE id = '1'"))
          .isEqualTo(sqlite ? "{\"note\":\"a\tb\u0000c\\\"\nd\"}" : "{\"note\":\"a\\u0009b\\u0000c\\\"\\u000ad\"}");
      assertThat(Rows.value(db.dataSource, "SELECT unknown_properties FROM supporter_address WHERE supporter_id = '2'"))
          .isEqualTo(sqlite ? "{\"ward\":[\"x\u0001\", 3]}" : "{\"ward\":[\"x\\u0001\", 3]}");
    }
  }

  /** PostgreSQL keeps microseconds: within one, copies compare as equal, never the newer as older. */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aNewerCopyWithinTheSameMicrosecondIsNeverTakenAsOlder(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      server.list(supporter("1", "First", "2026-01-01T00:00:00.0000005Z"));
      sync.runFull();

      server.list(supporter("1", "Second", "2026-01-01T00:00:00.0000008Z"));
      SyncResult second = sync.runFull();

      assertThat(second.stale()).isZero();
      assertThat(second.updated()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Second");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aChangeToTheSupporterAloneLeavesItsAddressAndPhoneRowsAlone(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    // Where each child row physically is: a row deleted and inserted again gets a new rowid
    // (SQLite; supporter 2's rows hold the highest ones) or a new xmin (PostgreSQL).
    String where = kind == TestDatabase.Kind.SQLITE
        ? "SELECT group_concat(supporter_id || ':' || rowid, ',') FROM (SELECT supporter_id, rowid FROM supporter_address"
            + " UNION ALL SELECT supporter_id, rowid FROM supporter_phone)"
        : "SELECT string_agg(supporter_id || ':' || x, ',' ORDER BY supporter_id) FROM (SELECT supporter_id,"
            + " xmin::text AS x FROM supporter_address UNION ALL SELECT supporter_id, xmin::text FROM supporter_phone) t";
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      server.list(supporter("1", "Ada", "2026-01-01T00:00:00Z"), supporter("2", "Bo", "2026-01-01T00:00:00Z"));
      sync.runFull();
      String before = Rows.value(db.dataSource, where);

      server.list(supporter("1", "Ada Renamed", "2026-01-02T00:00:00Z"), supporter("2", "Bo", "2026-01-01T00:00:00Z"));
      SyncResult renamed = sync.runFull();

      assertThat(renamed.updated()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Ada Renamed");
      assertThat(Rows.value(db.dataSource, where)).isEqualTo(before);

      server.list(supporter("1", "Ada Renamed", "2026-01-03T00:00:00Z").replace("Albany", "Troy"),
          supporter("2", "Bo", "2026-01-01T00:00:00Z"));
      SyncResult moved = sync.runFull();

      assertThat(moved.updated()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource).get("1").getAddresses().get(0).getCity()).isEqualTo("Troy");
      assertThat(Rows.value(db.dataSource, where)).isNotEqualTo(before);
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter_address")).isEqualTo("2");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter_phone")).isEqualTo("2");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSupporterListedTwiceInOnePageIsStoredOnceAsItsNewestCopy(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(supporter("1", "Second", "2026-01-02T00:00:00Z"), supporter("1", "First", "2026-01-01T00:00:00Z"),
          supporter("3", "Other", "2026-01-01T00:00:00Z"));

      SyncResult result = SupporterSync.builder(server.client(), db.dataSource).build().run();

      assertThat(result.inserted()).isEqualTo(2);
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "3");
      assertThat(Rows.supporters(db.dataSource).get("1").getFirstName()).isEqualTo("Second");
    }
  }

  /**
   * SQLite's lookup of a page's stored supporters starts with one probe of the page's id range,
   * in Java's string order: ids beyond ASCII must be found too (a miss would insert a stored
   * supporter again, and the primary key would stop the run).
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void storedSupportersAreFoundWhateverTheCharactersOfTheirIds(TestDatabase.Kind kind) throws Exception {
    assertStoredSupportersAreFound(TestDatabase.create(kind, folder).dataSource);
  }

  /** A SQLite database in UTF-16 orders text by UTF-16 bytes: the sync looks every id up instead. */
  @Test
  void storedSupportersAreFoundInASqliteDatabaseOfAnotherEncoding() throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setEncoding(SQLiteConfig.Encoding.UTF16_LITTLE_ENDIAN);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + folder.resolve("utf16.db"));

    assertStoredSupportersAreFound(dataSource);

    assertThat(Rows.value(dataSource, "PRAGMA encoding")).isEqualTo("UTF-16le");
  }

  private static void assertStoredSupportersAreFound(DataSource dataSource) throws Exception {
    // Each page of the second run pairs a stored id with a new one. The first pair is ordered one
    // way by Java's strings (surrogate 0xD83D < 0xFFEE) and the other way by UTF-8 bytes (F0 > EF).
    List<String> stored = List.of("\ud83d\ude00", "\u00e9", "\u4e2d", "a", "\u00e9\u4e2d");
    List<String> added = List.of("\uffee", "z", "\u00ff", "a\ud83d\ude00", "A");
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), dataSource).pageSize(2).build();
      server.list(stored.stream().map(id -> supporter(id, "First", "2026-01-01T00:00:00Z")).toArray(String[]::new));
      assertThat(sync.runFull().inserted()).isEqualTo(stored.size());

      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < stored.size(); i++) {
        pairs.add(supporter(stored.get(i), "Second", "2026-01-02T00:00:00Z"));
        pairs.add(supporter(added.get(i), "Second", "2026-01-02T00:00:00Z"));
      }
      server.list(pairs.toArray(String[]::new));
      SyncResult second = sync.runFull();

      assertThat(second.updated()).isEqualTo(stored.size());
      assertThat(second.inserted()).isEqualTo(added.size());
      assertThat(Rows.supporters(dataSource)).hasSize(stored.size() + added.size());
      assertThat(Rows.supporters(dataSource).values()).allMatch(s -> s.getFirstName().equals("Second"));
    }
  }

  /**
   * Rows go to the database as statements of several rows and the rest one by one: pages of every
   * size around a statement's rows store each supporter, address and phone exactly as listed.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void pagesOfEverySizeAroundAStatementsRowsAreStoredFieldByField(TestDatabase.Kind kind) throws Exception {
    int perStatement = MultiRowInsert.ROWS_PER_STATEMENT;
    for (int size : List.of(1, perStatement - 1, perStatement, perStatement + 1, 2 * perStatement + 3)) {
      TestDatabase db = TestDatabase.create(kind, folder);
      List<String> page = new ArrayList<>();
      for (int id = 100; id < 100 + size; id++) {
        // Every value differs from the next supporter's: a row bound at the wrong place shows.
        page.add(supporter(Integer.toString(id), "F" + id, "2026-01-01T00:00:" + String.format(java.util.Locale.ROOT, "%02d", id % 60) + "Z")
            .replace("Albany", "City" + id).replace("12207", Integer.toString(10000 + id))
            .replace("518-555-0147", "518-555-" + (1000 + id))
            .replace("\"phones\":[{", "\"phones\":[{\"telephone\":\"212-555-" + (1000 + id) + "\"},{"));
      }
      try (ListingServer server = new ListingServer()) {
        server.list(page.toArray(String[]::new));
        SyncResult result = SupporterSync.builder(server.client(), db.dataSource).pageSize(size).build().run();

        assertThat(result.pages()).isEqualTo(1);
        assertThat(result.inserted()).isEqualTo(size);
        assertThat(Rows.differences(Rows.supporters(db.dataSource), Rows.listed(server.client()))).isEmpty();
        assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter_phone"))
            .isEqualTo(Integer.toString(2 * size));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aFullRunMarksSupportersNoLongerListedAndUnmarksThemWhenListedAgain(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(2).build();
      String one = supporter("1", "One", "2026-01-01T00:00:00Z");
      String two = supporter("2", "Two", "2026-01-01T00:00:00Z");
      String three = supporter("3", "Three", "2026-01-01T00:00:00Z");
      server.list(one, two, three);
      sync.runFull();

      server.list(one, three);
      server.date("Sun, 11 Jan 2026 09:30:00 GMT");
      SyncResult full = sync.runFull();

      assertThat(full.unlisted()).isEqualTo(1);
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
      assertThat(Rows.value(db.dataSource, "SELECT id FROM supporter WHERE unlisted_since IS NOT NULL")).isEqualTo("2");
      assertThat(Rows.value(db.dataSource, "SELECT unlisted_since FROM supporter WHERE id = '2'"))
          .startsWith(kind == TestDatabase.Kind.SQLITE ? "2026-01-11T09:30:00" : "2026-01-11 09:30:00");

      // An incremental run does not reconcile: it never sees the unchanged supporters.
      server.list(supporter("1", "One again", "2026-01-12T00:00:00Z"));
      assertThat(sync.run().unlisted()).isZero();

      server.list(one, two, three);
      SyncResult again = sync.runFull();
      assertThat(again.unlisted()).isZero();
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter WHERE unlisted_since IS NOT NULL"))
          .isEqualTo("0");
    }
  }

  /**
   * A page's unchanged supporters are marked seen {@link Store#SEEN_PER_STATEMENT} to a statement:
   * every one of a page of 150 (two statements and a padded third) is marked, and only the one no
   * longer listed is taken for unlisted.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aFullRunMarksEverySupporterOfALargePageSeen(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1000).build();
      List<String> all = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        all.add(supporter(Integer.toString(1000 + i), "S" + i, "2026-01-01T00:00:00Z"));
      }
      server.list(all.toArray(String[]::new));
      sync.runFull();
      assertThat(Store.SEEN_PER_STATEMENT).isLessThan(150 / 2);

      all.remove(70);
      server.list(all.toArray(String[]::new));
      SyncResult full = sync.runFull();

      assertThat(full.unchanged()).isEqualTo(149);
      assertThat(full.unlisted()).isEqualTo(1);
      assertThat(Rows.value(db.dataSource, "SELECT id FROM supporter WHERE unlisted_since IS NOT NULL"))
          .isEqualTo("1070");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter WHERE last_seen_run = 2")).isEqualTo("149");
    }
  }

  /**
   * A supporter a full run marked unlisted is listed again: whatever kind of run reads it next
   * unmarks it, unchanged or as an older copy, not only a full run.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anIncrementalRunUnmarksAnUnlistedSupporterListedAgainUnchangedOrOlder(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      String one = supporter("1", "One", "2026-01-01T00:00:00Z");
      server.list(one, supporter("2", "Two", "2026-01-01T00:00:00Z"), supporter("3", "Three", "2026-01-02T00:00:00Z"));
      sync.runFull();
      server.list(one);
      assertThat(sync.runFull().unlisted()).isEqualTo(2);

      server.list(supporter("2", "Two", "2026-01-01T00:00:00Z"), supporter("3", "Older", "2026-01-01T00:00:00Z"));
      SyncResult incremental = sync.run();

      assertThat(incremental.mode()).isEqualTo(SyncResult.Mode.INCREMENTAL);
      assertThat(incremental.unchanged()).isEqualTo(1);
      assertThat(incremental.stale()).isEqualTo(1);
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter WHERE unlisted_since IS NOT NULL"))
          .isEqualTo("0");
      assertThat(Rows.supporters(db.dataSource).get("3").getFirstName()).isEqualTo("Three");
    }
  }

  /** A supporter that full runs keep not listing stays unlisted since the first of them, not the last. */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aSupporterStillUnlistedKeepsTheTimeItWasFirstFoundUnlisted(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).build();
      String one = supporter("1", "One", "2026-01-01T00:00:00Z");
      server.list(one, supporter("2", "Two", "2026-01-01T00:00:00Z"));
      sync.runFull();
      server.list(one);
      server.date("Sun, 11 Jan 2026 09:30:00 GMT");
      assertThat(sync.runFull().unlisted()).isEqualTo(1);

      server.date("Mon, 12 Jan 2026 10:45:00 GMT");
      SyncResult again = sync.runFull();

      assertThat(again.unlisted()).isZero();
      assertThat(Rows.value(db.dataSource, "SELECT unlisted_since FROM supporter WHERE id = '2'"))
          .startsWith(kind == TestDatabase.Kind.SQLITE ? "2026-01-11T09:30:00" : "2026-01-11 09:30:00");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter WHERE unlisted_since IS NOT NULL"))
          .isEqualTo("1");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void unknownEnumValuesAndUnknownPropertiesAreStoredAsSent(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      // The data-fidelity issue's sample: values this version does not know, at every level.
      server.list("{\"id\":\"900123\",\"emailOptin\":\"double_opt_in\",\"score\":12345678901234567890,"
          + "\"updatedAt\":\"2026-01-01T00:00:00Z\","
          + "\"addresses\":[{\"addressType\":\"home\",\"geo\":{\"lat\":42.65}}],"
          + "\"phones\":[{\"telephone\":\"518-555-0147\",\"addressType\":\"WORK\",\"sms\":true}]}");

      SupporterSync.builder(server.client(), db.dataSource).build().run();

      assertThat(Rows.value(db.dataSource, "SELECT email_optin FROM supporter")).isEqualTo("double_opt_in");
      assertThat(Rows.value(db.dataSource, "SELECT address_type FROM supporter_address")).isEqualTo("home");
      assertThat(Rows.value(db.dataSource, "SELECT address_type FROM supporter_phone")).isEqualTo("WORK");
      assertThat(Rows.value(db.dataSource, "SELECT unknown_properties FROM supporter").replace(" ", ""))
          .isEqualTo("{\"score\":12345678901234567890}");
      assertThat(Rows.value(db.dataSource, "SELECT unknown_properties FROM supporter_address").replace(" ", ""))
          .isEqualTo("{\"geo\":{\"lat\":42.65}}");
      assertThat(Rows.value(db.dataSource, "SELECT unknown_properties FROM supporter_phone").replace(" ", ""))
          .isEqualTo("{\"sms\":true}");
    }
  }
}
