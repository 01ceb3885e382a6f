package io.github.rallycongress.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark run: throughput, latency hiding, memory and footprint of our client beside the
 * baselines a user would pick instead, printed as one Markdown report and, for a full run, written
 * into {@code benchmarks/README.md} between its results markers.
 *
 * <p>{@code Benchmarks [--quick]}: {@code --quick} runs every measurement small and once, to check
 * that the harness works (the module's test does that); its figures mean nothing and it writes no
 * README.
 */
public final class Benchmarks {
  static final String BEGIN_MARKER = "<!-- results:begin (written by the benchmark run; do not edit) -->";
  static final String END_MARKER = "<!-- results:end -->";

  private Benchmarks() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    Settings settings = quick ? Settings.QUICK : Settings.FULL;
    String report = run(settings, System.err);
    System.out.println(report);
    if (!quick) {
      Path readme = new ChildJvm().harnessClasses().resolve("../../README.md").normalize();
      writeResults(readme, report);
      System.err.println("Results written to " + readme);
    }
  }

  /** Runs every measurement and returns the report; progress goes to {@code log}. */
  static String run(Settings settings, java.io.PrintStream log) throws IOException, InterruptedException {
    ChildJvm jvm = new ChildJvm();
    Report report = new Report(settings);

    for (int pageSize : settings.pageSizes()) {
      log.printf("throughput: pages of %d, %d warm-up and %d measured rounds of %s%n", pageSize,
          settings.warmups(), settings.runs(), String.join(", ", Report.CLIENTS));
      try (PageServer server = PageServer.start(settings.throughputTotal(), Duration.ZERO)) {
        Map<String, ChildJvm.Measured> measured = interleaved(jvm, server, pageSize, settings);
        measured.forEach((client, result) -> {
          requireAll(result, settings.throughputTotal(), client);
          report.throughput(pageSize, client, result);
        });
      }
    }

    int latencyTotal = settings.latencyPages() * settings.latencyPageSize();
    try (PageServer server = PageServer.start(latencyTotal, settings.latency())) {
      for (int parallelism : settings.parallelisms()) {
        log.printf("latency hiding: parallelism %d%n", parallelism);
        report.latency(parallelism, latency(jvm, server, OursReader.NAME, parallelism, latencyTotal, settings));
      }
      log.println("latency hiding: the hand-written loop, for reference");
      report.latencyReference(latency(jvm, server, HandLoopReader.NAME, 1, latencyTotal, settings));
    }

    try (PageServer server = PageServer.start(settings.memoryTotal(), Duration.ZERO)) {
      for (String client : Report.CLIENTS) {
        log.printf("memory: %s at -Xmx%s%n", client, settings.memoryHeap());
        try (ChildJvm.Child child = jvm.start(classpathOf(client), List.of("-Xmx" + settings.memoryHeap()), client,
            server.baseUrl(), settings.memoryPageSize(), 1)) {
          child.read();
          ChildJvm.Measured measured = child.finish();
          requireAll(measured, settings.memoryTotal(), client);
          report.memory(client, measured);
        } catch (IOException e) {
          // A baseline running out of memory is a result, not a reason to stop; ours must finish.
          if (client.equals(OursReader.NAME)) {
            throw e;
          }
          report.memoryFailed(client, e.getMessage());
        }
      }
    }

    report.footprint(jvm.runtimeClasspath("ours"), jvm.runtimeClasspath("stock"),
        Footprint.stockClasses(jvm.harnessClasses()));
    return report.markdown();
  }

  /**
   * Every client in a JVM of its own, all started at once and read in turns (the first client of
   * each round rotating), so that a slower spell of the machine falls on all of them alike.
   */
  private static Map<String, ChildJvm.Measured> interleaved(ChildJvm jvm, PageServer server, int pageSize,
      Settings settings) throws IOException, InterruptedException {
    Map<String, ChildJvm.Child> children = new LinkedHashMap<>();
    try {
      for (String client : Report.CLIENTS) {
        children.put(client, jvm.start(classpathOf(client), List.of("-Xms1g", "-Xmx1g"), client, server.baseUrl(),
            pageSize, 1));
      }
      List<ChildJvm.Child> order = new ArrayList<>(children.values());
      for (int round = 0; round < settings.warmups() + settings.runs(); round++) {
        if (round == settings.warmups()) {
          order.forEach(ChildJvm.Child::discardReads);
        }
        for (int turn = 0; turn < order.size(); turn++) {
          order.get((round + turn) % order.size()).read();
        }
      }
      Map<String, ChildJvm.Measured> measured = new LinkedHashMap<>();
      for (Map.Entry<String, ChildJvm.Child> child : children.entrySet()) {
        measured.put(child.getKey(), child.getValue().finish());
      }
      return measured;
    } finally {
      children.values().forEach(ChildJvm.Child::close);
    }
  }

  /** One warm-up read, then the measured reads, of a server that answers after its latency. */
  private static ChildJvm.Measured latency(ChildJvm jvm, PageServer server, String client, int parallelism, int total,
      Settings settings) throws IOException, InterruptedException {
    try (ChildJvm.Child child = jvm.start(classpathOf(client), List.of("-Xmx256m"), client, server.baseUrl(),
        settings.latencyPageSize(), parallelism)) {
      child.read();
      child.discardReads();
      for (int i = 0; i < settings.latencyRuns(); i++) {
        child.read();
      }
      ChildJvm.Measured measured = child.finish();
      requireAll(measured, total, client);
      return measured;
    }
  }

  private static String classpathOf(String client) {
    return client.equals(StockReader.NAME) ? "stock" : "ours";
  }

  private static void requireAll(ChildJvm.Measured measured, long expected, String client) {
    for (long items : measured.items()) {
      if (items != expected) {
        throw new IllegalStateException("The " + client + " client read " + items + " supporters, not " + expected
            + "; its figures would be meaningless.");
      }
    }
  }

  /** Replaces what lies between the results markers of {@code readme} with {@code report}. */
  static void writeResults(Path readme, String report) throws IOException {
    writeResults(readme, report, BEGIN_MARKER, END_MARKER);
  }

  /** Replaces what lies between {@code beginMarker} and {@code endMarker} in {@code readme} with {@code report}. */
  static void writeResults(Path readme, String report, String beginMarker, String endMarker) throws IOException {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf(beginMarker);
    int end = text.indexOf(endMarker);
    if (begin < 0 || end < begin) {
      throw new IOException(readme + " has lost its results markers: " + beginMarker + " ... " + endMarker);
    }
    String updated = text.substring(0, begin + beginMarker.length()) + "\n" + report.strip() + "\n"
        + text.substring(end);
    Files.writeString(readme, updated, StandardCharsets.UTF_8);
  }

  /** How much to measure. */
  record Settings(int throughputTotal, List<Integer> pageSizes, int warmups, int runs,
      int latencyPages, int latencyPageSize, Duration latency, List<Integer> parallelisms, int latencyRuns,
      int memoryTotal, int memoryPageSize, String memoryHeap) {
    static final Settings FULL = new Settings(200_000, List.of(100, 1000), 3, 7,
        100, 100, Duration.ofMillis(40), List.of(1, 2, 4, 8), 3,
        1_000_000, 1000, "64m");
    static final Settings QUICK = new Settings(3_000, List.of(100, 1000), 1, 1,
        6, 10, Duration.ofMillis(5), List.of(1, 2), 1,
        20_000, 1000, "64m");
  }
}
