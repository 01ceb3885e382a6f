package io.github.rallycongress.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * sandbox-app's SandboxServer in a JVM of its own, on sandbox-app's classpath (so nothing of the
 * sandbox leaks onto this app's classpath). Closing it closes the server's standard input, which
 * stops it. Shared by client-app and sync-app: each adds this folder to its sources
 * (build-helper-maven-plugin), as an app would share a test utility of its own.
 */
final class SandboxProcess implements AutoCloseable {
  private final Process process;
  private final Map<String, String> settings;

  private SandboxProcess(Process process, Map<String, String> settings) {
    this.process = process;
    this.settings = settings;
  }

  /** Starts the server of the sandbox-app project in {@code sandboxApp} and waits until it serves. */
  static SandboxProcess start(Path sandboxApp, int supporters, long seed) throws IOException {
    Path classpathFile = sandboxApp.resolve("target/runtime.classpath");
    String classpath = sandboxApp.resolve("target/classes") + File.pathSeparator
        + new String(Files.readAllBytes(classpathFile), StandardCharsets.UTF_8).trim();
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process = new ProcessBuilder(java, "-classpath", classpath, "io.github.rallycongress.it.SandboxServer",
        Integer.toString(supporters), Long.toString(seed))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Map<String, String> settings = new HashMap<>();
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = lines.readLine(); !"READY".equals(line); line = lines.readLine()) {
      if (line == null) {
        process.destroyForcibly();
        throw new IllegalStateException("The sandbox exited before serving (its errors are above).");
      }
      int equals = line.indexOf('=');
      settings.put(line.substring(0, equals), line.substring(equals + 1));
    }
    return new SandboxProcess(process, settings);
  }

  String setting(String name) {
    String value = settings.get(name);
    if (value == null) {
      throw new IllegalStateException("The sandbox did not print " + name + "; it printed " + settings.keySet());
    }
    return value;
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    boolean exited;
    try {
      exited = process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exited = false;
    }
    if (!exited) {
      process.destroyForcibly();
      throw new IllegalStateException("The sandbox did not stop within 30 s of its input closing.");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("The sandbox exited with status " + process.exitValue() + " (its errors are above).");
    }
  }
}
