package io.github.rallycongress.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the harness from rotting: a quick run forks every client on its own classpath and checks
 * that each read every supporter. Its figures are not looked at; performance is never asserted.
 */
class BenchmarksTest {
  @Test
  void quickRunMeasuresEveryClientAndSection() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    String report = Benchmarks.run(Benchmarks.Settings.QUICK, new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(report)
        .contains("### 1. Throughput", "### 2. Latency hiding", "### 3. Memory", "### 4. Footprint")
        .containsPattern("\\| 100 \\| [0-9,]+/s .*\\| [0-9,]+/s .*\\| [0-9,]+/s .*\\| [0-9.]+× \\| [0-9.]+× \\|")
        .containsPattern("\\| 1,000 \\| [0-9,]+/s")
        .contains("| Sequential, following `nextpageuri` |", "| Parallel, concurrency 2 |",
            "| For reference: the hand-written loop, sequential |")
        .containsPattern("\\| Ours \\| yes \\|")
        .containsPattern("\\| Stock generated client \\| yes \\|")
        .contains("`stock-client.jar`", "`rally-congress-client-0.1.0-SNAPSHOT.jar`");
    // Each client ran on exactly its own classpath: ours has no Gson, the stock client no Moshi or RxJava.
    List<String> jarRows = report.lines().filter(line -> line.startsWith("| `")).toList();
    assertThat(jarRows).isNotEmpty();
    assertThat(jarRows).noneMatch(row -> ours(row).contains("gson"));
    assertThat(jarRows).noneMatch(row -> stock(row).contains("moshi") || stock(row).contains("rxjava"));
  }

  private static String ours(String jarRow) {
    return jarRow.split("\\|")[1];
  }

  private static String stock(String jarRow) {
    String[] cells = jarRow.split("\\|");
    return cells.length > 3 ? cells[3] : "";
  }

  @Test
  void resultsReplaceOnlyWhatLiesBetweenTheMarkers(@TempDir Path dir) throws IOException {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "# Title\n\n" + Benchmarks.BEGIN_MARKER + "\nold figures\n" + Benchmarks.END_MARKER
        + "\n\n## After\n");

    Benchmarks.writeResults(readme, "new figures\n");

    assertThat(Files.readString(readme)).isEqualTo("# Title\n\n" + Benchmarks.BEGIN_MARKER + "\nnew figures\n"
        + Benchmarks.END_MARKER + "\n\n## After\n");
  }

  @Test
  void aReadmeWithoutMarkersIsLeftAlone(@TempDir Path dir) throws IOException {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "# Title\n");

    assertThatThrownBy(() -> Benchmarks.writeResults(readme, "figures"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has lost its results markers");
    assertThat(Files.readString(readme)).isEqualTo("# Title\n");
  }
}
