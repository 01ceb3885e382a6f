package io.github.rallycongress.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Collects the measurements of one run and renders them as the Markdown of benchmarks/README.md. */
final class Report {
  static final List<String> CLIENTS = List.of(OursReader.NAME, HandLoopReader.NAME, StockReader.NAME);
  static final double THROUGHPUT_TARGET = 0.9;
  static final double PARALLEL_TARGET = 1.3;
  static final int PARALLEL_TARGET_AT = 4;

  private final Benchmarks.Settings settings;
  private final Map<Integer, Map<String, ChildJvm.Measured>> throughput = new LinkedHashMap<>();
  private final Map<Integer, ChildJvm.Measured> latency = new LinkedHashMap<>();
  private ChildJvm.@Nullable Measured latencyReference;
  private final Map<String, ChildJvm.Measured> memory = new LinkedHashMap<>();
  private final Map<String, String> memoryFailures = new LinkedHashMap<>();
  private List<Path> oursJars = List.of();
  private List<Path> stockJars = List.of();

  Report(Benchmarks.Settings settings) {
    this.settings = settings;
  }

  void throughput(int pageSize, String client, ChildJvm.Measured measured) {
    throughput.computeIfAbsent(pageSize, size -> new LinkedHashMap<>()).put(client, measured);
  }

  void latency(int parallelism, ChildJvm.Measured measured) {
    latency.put(parallelism, measured);
  }

  void latencyReference(ChildJvm.Measured measured) {
    latencyReference = measured;
  }

  void memory(String client, ChildJvm.Measured measured) {
    memory.put(client, measured);
  }

  void memoryFailed(String client, String why) {
    memoryFailures.put(client, why);
  }

  void footprint(List<Path> ours, List<Path> stockDependencies, Path stockClient) {
    this.oursJars = ours;
    List<Path> stock = new ArrayList<>();
    stock.add(stockClient);
    stock.addAll(stockDependencies);
    this.stockJars = stock;
  }

  /** Items per second of the median run. */
  static double itemsPerSecond(ChildJvm.Measured measured) {
    return measured.items().get(0) / (median(measured.nanos()) / 1e9);
  }

  static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
  }

  /**
   * How many times faster {@code ours} read than {@code other}: the median of the per-round ratios,
   * each round reading both back to back, so a slow spell of the machine cancels out.
   */
  static double speedRatio(ChildJvm.Measured ours, ChildJvm.Measured other) {
    List<Long> ratios = new ArrayList<>();
    for (int round = 0; round < ours.nanos().size(); round++) {
      // Scaled to keep three decimals through median's long arithmetic.
      ratios.add(Math.round(1000.0 * other.nanos().get(round) / ours.nanos().get(round)));
    }
    return median(ratios) / 1000.0;
  }

  /** Half the range of the runs, as a share of the median: how far to trust a ratio. */
  static double spread(List<Long> nanos) {
    return (Collections.max(nanos) - Collections.min(nanos)) / 2.0 / median(nanos);
  }

  String markdown() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("Measured on ").append(LocalDate.now(ZoneOffset.UTC)).append(": ").append(machine()).append(".\n\n");

    md.append("### 1. Throughput\n\n");
    md.append(String.format(Locale.ROOT, "%,d supporters served on loopback, counted by the subscriber. Each client runs"
        + " in a JVM of its own (`-Xms1g -Xmx1g`), and they read in turns: %d warm-up rounds, then %d measured"
        + " rounds. Supporters per second of the median read (± half the range of the reads); the ratios are"
        + " the medians of the per-round ratios.%n%n", settings.throughputTotal(), settings.warmups(), settings.runs()));
    md.append("| Page size | Ours (`Flowable`) | Hand-written OkHttp + Moshi loop | Stock generated client (Gson)"
        + " | Ours ÷ hand loop | Ours ÷ stock |\n");
    md.append("|---:|---:|---:|---:|---:|---:|\n");
    boolean throughputMet = true;
    for (Map.Entry<Integer, Map<String, ChildJvm.Measured>> row : throughput.entrySet()) {
      Map<String, ChildJvm.Measured> byClient = row.getValue();
      double toHand = speedRatio(byClient.get(OursReader.NAME), byClient.get(HandLoopReader.NAME));
      double toStock = speedRatio(byClient.get(OursReader.NAME), byClient.get(StockReader.NAME));
      throughputMet &= toHand >= THROUGHPUT_TARGET && toStock >= 1;
      md.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %.2f× | %.2f× |%n", row.getKey(),
          rate(byClient.get(OursReader.NAME)), rate(byClient.get(HandLoopReader.NAME)),
          rate(byClient.get(StockReader.NAME)), toHand, toStock));
    }
    md.append(String.format(Locale.ROOT, "%nTarget: at least %.1f× the hand-written loop and no slower than the stock"
        + " client. **%s.**%n%n", THROUGHPUT_TARGET, throughputMet ? "Met" : "Missed"));

    md.append("### 2. Latency hiding\n\n");
    md.append(String.format(Locale.ROOT, "%d pages of %d supporters, each answered after %d ms. Median wall time of %d"
        + " reads after one warm-up read.%n%n", settings.latencyPages(), settings.latencyPageSize(),
        settings.latency().toMillis(), settings.latencyRuns()));
    md.append("| Mode | Wall time | Ideal: pages × latency ÷ concurrency | Ratio to ideal |\n");
    md.append("|---|---:|---:|---:|\n");
    @Nullable Double ratioAtTarget = null;
    for (Map.Entry<Integer, ChildJvm.Measured> row : latency.entrySet()) {
      int parallelism = row.getKey();
      double wall = median(row.getValue().nanos()) / 1e6;
      double ideal = (double) settings.latencyPages() * settings.latency().toMillis() / parallelism;
      if (parallelism == PARALLEL_TARGET_AT) {
        ratioAtTarget = wall / ideal;
      }
      String mode = parallelism == 1 ? "Sequential, following `nextpageuri`" : "Parallel, concurrency " + parallelism;
      md.append(String.format(Locale.ROOT, "| %s | %,.0f ms | %,.0f ms | %.2f× |%n", mode, wall, ideal, wall / ideal));
    }
    if (latencyReference != null) {
      double wall = median(latencyReference.nanos()) / 1e6;
      double ideal = (double) settings.latencyPages() * settings.latency().toMillis();
      md.append(String.format(Locale.ROOT, "| For reference: the hand-written loop, sequential | %,.0f ms | %,.0f ms | %.2f× |%n",
          wall, ideal, wall / ideal));
    }
    md.append(String.format(Locale.ROOT, "%nTarget: parallel within %.1f× the ideal at concurrency %d. **%s.**%n%n",
        PARALLEL_TARGET, PARALLEL_TARGET_AT,
        ratioAtTarget == null ? "Not measured" : ratioAtTarget <= PARALLEL_TARGET ? "Met" : "Missed"));

    md.append("### 3. Memory\n\n");
    md.append(String.format(Locale.ROOT, "%,d supporters in pages of %,d, read once by a JVM started with `-Xmx%s`.%n%n",
        settings.memoryTotal(), settings.memoryPageSize(), settings.memoryHeap()));
    md.append("| Client | Completed | Time | Supporters/s | Peak heap used | Largest live heap after a GC |\n");
    md.append("|---|---|---:|---:|---:|---:|\n");
    for (String client : CLIENTS) {
      ChildJvm.Measured measured = memory.get(client);
      if (measured == null) {
        String why = memoryFailures.getOrDefault(client, "not run");
        md.append("| ").append(label(client)).append(" | no: ").append(firstLine(why)).append(" | | | | |\n");
        continue;
      }
      md.append(String.format(Locale.ROOT, "| %s | yes | %.1f s | %,.0f | %s | %s |%n", label(client),
          median(measured.nanos()) / 1e9, itemsPerSecond(measured), megabytes(measured.peakHeapUsed()),
          megabytes(measured.maxLiveAfterGc())));
    }
    md.append(String.format(Locale.ROOT, "%nTarget: ours completes at `-Xmx%s`. **%s.**%n%n", settings.memoryHeap(),
        memory.containsKey(OursReader.NAME) ? "Met" : "Missed"));

    md.append("### 4. Footprint\n\n");
    md.append("The runtime jars each client brings into an app, as Maven resolves them here.\n\n");
    md.append("| Client | Jars | Size |\n|---|---:|---:|\n");
    md.append(String.format(Locale.ROOT, "| Ours | %d | %s |%n", oursJars.size(), megabytes(Footprint.total(oursJars))));
    md.append(String.format(Locale.ROOT, "| Stock generated client | %d | %s |%n%n", stockJars.size(),
        megabytes(Footprint.total(stockJars))));
    md.append("<details><summary>The jars</summary>\n\n");
    md.append("| Ours | Size | Stock generated client | Size |\n|---|---:|---|---:|\n");
    for (int i = 0; i < Math.max(oursJars.size(), stockJars.size()); i++) {
      md.append("| ").append(jarCell(oursJars, i)).append(" | ").append(jarCell(stockJars, i)).append(" |\n");
    }
    md.append("\n</details>\n");
    return md.toString();
  }

  private static String jarCell(List<Path> jars, int index) throws IOException {
    if (index >= jars.size()) {
      return " | ";
    }
    Path jar = jars.get(index);
    return "`" + jar.getFileName() + "` | " + kilobytes(Footprint.size(jar));
  }

  private static String rate(ChildJvm.Measured measured) {
    return String.format(Locale.ROOT, "%,.0f/s (±%.0f%%)", itemsPerSecond(measured), spread(measured.nanos()) * 100);
  }

  private static String label(String client) {
    switch (client) {
      case OursReader.NAME:
        return "Ours";
      case HandLoopReader.NAME:
        return "Hand-written loop";
      default:
        return "Stock generated client";
    }
  }

  private static String firstLine(String text) {
    return text.lines().filter(line -> line.contains("Error") || line.contains("Exception")).findFirst()
        .orElse(text.lines().findFirst().orElse("")).replace('|', '/').strip();
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static String kilobytes(long bytes) {
    return String.format(Locale.ROOT, "%,.0f kB", bytes / 1e3);
  }

  /** The processor, cores, memory, OS and JVM of this machine (children run the same JVM). */
  static String machine() {
    String cpu = "unknown processor";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try (Stream<String> lines = Files.lines(cpuinfo)) {
        cpu = lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).strip())
            .findFirst().orElse(cpu);
      } catch (IOException e) {
        // Keep "unknown processor".
      }
    }
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB, %s %s, %s %s", cpu,
        Runtime.getRuntime().availableProcessors(), memory / (double) (1L << 30), System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.vm.name"), System.getProperty("java.version"));
  }
}
