package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
