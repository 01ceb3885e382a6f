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
        .containsPattern("\\| SQLite \\| [0-9,]+/s \\| [0-9,]+/s \\([0-9.]+ s\\) \\| [0-9.]+× \\| [0-9.]+ s \\|")
        .containsPattern("\\| PostgreSQL \\| [0-9,]+/s \\| [0-9,]+/s \\([0-9.]+ s\\) \\| [0-9.]+× \\| [0-9.]+ s \\|")
        .contains("1% of them changed (50)")
        .containsPattern("Full ÷ plain read in each round, in order: SQLite [0-9.]+×, [0-9.]+×; PostgreSQL [0-9.]+×,"
            + " [0-9.]+×\\.")
        .containsPattern("the plain read [0-9.]+ s in [0-9.]+ s \\([0-9.]+ of [0-9]+ cores busy\\), the full sync"
            + " [0-9.]+ s in [0-9.]+ s \\([0-9.]+ cores\\)\\. On [0-9]+ cores the full sync's CPU time needs at least"
            + " [0-9.]+ s, so a sync doing the same work cannot run here at more than [0-9.]+× the plain read");
  }
}
