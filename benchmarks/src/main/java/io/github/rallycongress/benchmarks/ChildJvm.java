package io.github.rallycongress.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link ClientRun} in a new JVM whose classpath is the harness's classes plus one client's
 * runtime classpath as Maven resolved it ({@code target/classpath/NAME.txt}), so a missing jar fails
 * the run instead of being borrowed from another client.
 */
final class ChildJvm {
  private static final Pattern RUN = Pattern.compile("run items=(\\d+) nanos=(\\d+)");
  private static final Pattern HEAP = Pattern.compile("heap peakUsed=(\\d+) maxLiveAfterGc=(\\d+)");

  private final Path harnessClasses;

  ChildJvm() {
    try {
      this.harnessClasses = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isDirectory(harnessClasses)) {
      throw new IllegalStateException("Run the benchmarks from the module's classes directory (mvn exec:exec),"
          + " not from " + harnessClasses);
    }
  }

  /** The jars (or class directories) of a client's runtime classpath: {@code ours} or {@code stock}. */
  List<Path> runtimeClasspath(String name) {
    Path file = harnessClasses.resolveSibling("classpath").resolve(name + ".txt");
    try {
      List<Path> entries = new ArrayList<>();
      for (String entry : Files.readString(file).trim().split(java.io.File.pathSeparator)) {
        entries.add(Path.of(entry));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + "; build the module first (mvn package)", e);
    }
  }

  Path harnessClasses() {
    return harnessClasses;
  }

  /** What one child measured: each measured read, and its heap. */
  record Measured(List<Long> items, List<Long> nanos, long peakHeapUsed, long maxLiveAfterGc) {
  }

  /** Starts a client in a JVM of its own; {@link Child#read()} then drives one read at a time. */
  Child start(String classpathName, List<String> jvmOptions, String client, String baseUrl, int pageSize,
      int parallelism) throws IOException {
    List<String> classpath = new ArrayList<>();
    classpath.add(harnessClasses.toString());
    runtimeClasspath(classpathName).forEach(entry -> classpath.add(entry.toString()));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add(ClientRun.class.getName());
    command.addAll(List.of(client, baseUrl, Integer.toString(pageSize), Integer.toString(parallelism)));
    String description = client + " (" + String.join(" ", jvmOptions) + ", pages of " + pageSize
        + (parallelism > 1 ? ", parallelism " + parallelism : "") + ")";
    return new Child(new ProcessBuilder(command).redirectErrorStream(true).start(), description);
  }

  /** A running client JVM. Not thread-safe. */
  static final class Child implements AutoCloseable {
    private final Process process;
    private final String description;
    private final BufferedReader output;
    private final Writer commands;
    private final StringBuilder transcript = new StringBuilder();
    private final List<Long> items = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>();

    private Child(Process process, String description) {
      this.process = process;
      this.description = description;
      this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Reads every supporter once and returns the wall time in nanoseconds. */
    long read() throws IOException {
      commands.write(ClientRun.READ + "\n");
      commands.flush();
      Matcher run = RUN.matcher(nextLine("a read"));
      if (!run.matches()) {
        throw failure("answered a read with something else");
      }
      items.add(Long.parseLong(run.group(1)));
      nanos.add(Long.parseLong(run.group(2)));
      return nanos.get(nanos.size() - 1);
    }

    /** Forgets the reads so far: they were warm-up. */
    void discardReads() {
      items.clear();
      nanos.clear();
    }

    /** Ends the client and returns what it measured since the last {@link #discardReads()}. */
    Measured finish() throws IOException, InterruptedException {
      commands.close();
      Matcher heap = HEAP.matcher(nextLine("its heap figures"));
      if (!heap.matches()) {
        throw failure("did not report its heap");
      }
      if (process.waitFor() != 0) {
        throw failure("exited with " + process.exitValue());
      }
      return new Measured(List.copyOf(items), List.copyOf(nanos), Long.parseLong(heap.group(1)),
          Long.parseLong(heap.group(2)));
    }

    private String nextLine(String expected) throws IOException {
      // Anything the client prints besides the protocol (a JVM warning, a stack trace) is kept for the error.
      for (String line; (line = output.readLine()) != null; ) {
        transcript.append(line).append('\n');
        if (RUN.matcher(line).matches() || HEAP.matcher(line).matches()) {
          return line;
        }
      }
      throw failure("ended before " + expected);
    }

    private IOException failure(String what) {
      process.destroyForcibly();
      return new IOException("The " + description + " client " + what + ":\n" + transcript);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
