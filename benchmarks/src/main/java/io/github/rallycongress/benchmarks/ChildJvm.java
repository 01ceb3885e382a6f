package io.github.rallycongress.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** What one child measured: each measured run, and its heap. */
  record Measured(List<Long> items, List<Long> nanos, long peakHeapUsed, long maxLiveAfterGc) {
  }

  Measured run(String classpathName, List<String> jvmOptions, String client, String baseUrl, int pageSize,
      int parallelism, int warmups, int runs) throws IOException, InterruptedException {
    List<String> classpath = new ArrayList<>();
    classpath.add(harnessClasses.toString());
    runtimeClasspath(classpathName).forEach(entry -> classpath.add(entry.toString()));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add(ClientRun.class.getName());
    command.addAll(List.of(client, baseUrl, Integer.toString(pageSize), Integer.toString(parallelism),
        Integer.toString(warmups), Integer.toString(runs)));

    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException("The " + client + " run (" + String.join(" ", jvmOptions) + ", page size " + pageSize
          + ") exited with " + exit + ":\n" + output);
    }

    List<Long> items = new ArrayList<>();
    List<Long> nanos = new ArrayList<>();
    long peak = -1;
    long live = -1;
    for (String line : output.split("\n")) {
      Matcher run = RUN.matcher(line.trim());
      Matcher heap = HEAP.matcher(line.trim());
      if (run.matches()) {
        items.add(Long.parseLong(run.group(1)));
        nanos.add(Long.parseLong(run.group(2)));
      } else if (heap.matches()) {
        peak = Long.parseLong(heap.group(1));
        live = Long.parseLong(heap.group(2));
      }
    }
    if (items.size() != runs || peak < 0) {
      throw new IOException("The " + client + " run printed " + items.size() + " of " + runs + " runs:\n" + output);
    }
    return new Measured(items, nanos, peak, live);
  }
}
