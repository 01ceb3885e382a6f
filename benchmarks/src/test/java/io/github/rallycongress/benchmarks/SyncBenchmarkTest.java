package io.github.rallycongress.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Keeps the sync harness from rotting (its page server once sent an {@code updatedAt} without
 * seconds, which the client rightly refused, and nothing noticed): a small run of every step on
 * both databases. Its figures are not looked at; performance is never asserted.
 */
class SyncBenchmarkTest {
  @Test
  void smallRunSyncsIntoBothDatabasesAndReportsEveryStep() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    String report = SyncBenchmark.run(5_000, 2, new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(report)
        .containsPattern("\\| SQLite \\| [0-9,]+/s \\| [0-9,]+/s \\([0-9.]+ s\\) \\| [0-9]\\.[0-9]{3}× \\| [0-9.]+ s \\|")
        .containsPattern("\\| PostgreSQL \\| [0-9,]+/s \\| [0-9,]+/s \\([0-9.]+ s\\) \\| [0-9.]+× \\| [0-9.]+ s \\|")
        .contains("1% of them changed (50)")
        .containsPattern("Full ÷ plain read in each round, in order: SQLite [0-9.]+×, [0-9.]+×; PostgreSQL [0-9.]+×,"
            + " [0-9.]+×\\.")
        .containsPattern("the plain read [0-9.]+ s in [0-9.]+ s \\([0-9.]+ of [0-9]+ cores busy\\), the full sync"
            + " [0-9.]+ s in [0-9.]+ s \\([0-9.]+ cores\\)\\. On [0-9]+ cores the full sync's CPU time needs at least"
            + " [0-9.]+ s, so a sync doing the same work cannot run here at more than [0-9.]+× the plain read");
  }

  /**
   * A row's figures come from one round, so that the rates beside the ratio give it: the medians
   * of each column had come from different rounds (a table once read 85,771/s ÷ 194,222/s = 0.44,
   * beside 0.47×).
   */
  @Test
  void aRowsRatesAndRatioAreOneRounds() {
    // Plain reads of 5, 4 and 6 s; full syncs of 10, 9.5 and 12.5 s: ratios 0.5, 0.42, 0.48.
    java.util.List<SyncBenchmark.Step> counts = java.util.List.of(step(5), step(4), step(6));
    java.util.List<SyncBenchmark.Step> fulls = java.util.List.of(step(10), step(9.5), step(12.5));
    SyncBenchmark.Row row = new SyncBenchmark.Row("SQLite", counts, java.util.List.of(), fulls, step(1));

    String table = SyncBenchmark.markdown(1_000_000, java.util.List.of(row));

    // The median ratio is round 3's (0.48): its plain read 166,667/s and its full sync 80,000/s.
    assertThat(table).contains("| SQLite | 166,667/s | 80,000/s (12.5 s) | 0.480× |");
  }

  private static SyncBenchmark.Step step(double seconds) {
    return new SyncBenchmark.Step(1_000_000, (long) (seconds * 1e9), 0, 0, 0, 0, 0, 0, 0);
  }
}
