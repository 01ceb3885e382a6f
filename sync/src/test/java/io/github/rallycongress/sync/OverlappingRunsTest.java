package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One {@link SupporterSync} whose {@code run()} a scheduler starts on several threads at once, no
 * lock making them wait (SharedDatabaseTest holds one to line two syncs up): each run completes,
 * or stops with a {@link SyncDatabaseException} that says another sync is running, and the
 * database ends with every supporter once and no run left half-done.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OverlappingRunsTest {
  private static final int THREADS = 4;
  private static final int SUPPORTERS = 12;

  @TempDir Path folder;

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void runsOfOneInstanceStartedTogetherEachCompleteOrSayAnotherSyncRuns(TestDatabase.Kind kind) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    Map<String, Integer> outcomes = new TreeMap<>();
    try (ListingServer server = new ListingServer()) {
      String[] list = new String[SUPPORTERS];
      for (int i = 0; i < SUPPORTERS; i++) {
        list[i] = supporter(Integer.toString(100 + i), "S" + i, "2026-01-01T00:00:00Z");
      }
      server.list(list);
      for (int round = 0; round < 4; round++) {
        TestDatabase db = TestDatabase.create(kind, folder);
        SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(3).build();
        for (int wave = 0; wave < 3; wave++) {
          CyclicBarrier start = new CyclicBarrier(THREADS);
          List<Future<String>> runs = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            runs.add(threads.submit(() -> {
              start.await(30, TimeUnit.SECONDS);
              try {
                SyncResult result = sync.run();
                return result.complete() ? "complete" : "incomplete: " + result;
              } catch (SyncDatabaseException e) {
                return "SyncDatabaseException: " + e.getMessage().replaceAll("[0-9]+", "N");
              } catch (Exception e) {
                return e.toString();
              }
            }));
          }
          for (Future<String> run : runs) {
            outcomes.merge(run.get(120, TimeUnit.SECONDS), 1, Integer::sum);
          }
        }
        assertThat(Rows.supporters(db.dataSource)).hasSize(SUPPORTERS);
        assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM sync_run WHERE status = 'running'"))
            .as("runs left half-done").isEqualTo("0");
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(outcomes.keySet()).as("outcomes %s", outcomes).allSatisfy(outcome -> assertThat(outcome).matches(
        "complete|SyncDatabaseException: (Another sync began a run|Sync run N was moved on by another sync).*"));
    assertThat(outcomes).containsKey("complete");
  }
}
