package io.github.rallycongress.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.rallycongress.sandbox.RallySandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built tool as users run it: {@code target/rally.jar} in a child JVM started by bash, with
 * real pipes, a full device and a pseudo-terminal ({@code script} from util-linux, which also
 * delivers a real Ctrl-C through the terminal's line discipline). Run after {@code package}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RallyJarIT {
  static final Path JAR = Paths.get(System.getProperty("rally.jar", "target/rally.jar")).toAbsolutePath();

  /** Only where the build has just made the jar (its own execution sets rally.jar), never on a stale one. */
  @BeforeAll
  static void builtJar() {
    assumeThat(System.getProperty("rally.jar")).as("run by the rally-jar-tests execution").isNotNull();
  }

  record Run(int code, String out, String err) {
  }

  static Map<String, String> env(RallySandbox sandbox) {
    Map<String, String> env = new HashMap<>();
    env.put("RALLY_BASE_URL", sandbox.baseUrl());
    env.put("RALLY_ACCOUNT_ID", sandbox.accountId());
    env.put("RALLY_AUTH_TOKEN", sandbox.authToken());
    return env;
  }

  /** Runs {@code script} with bash; {@code $RALLY_JAR} is the jar. */
  static Run bash(String script, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", script);
    builder.environment().remove("RALLY_BASE_URL");
    builder.environment().remove("RALLY_ACCOUNT_ID");
    builder.environment().remove("RALLY_AUTH_TOKEN");
    builder.environment().putAll(env);
    builder.environment().put("RALLY_JAR", JAR.toString());
    Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
    errReader.start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    int code = process.waitFor();
    errReader.join();
    return new Run(code, out, err.toString(UTF_8));
  }

  private static void copy(InputStream in, OutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void headClosingThePipeStopsTheExportAtOnceAndQuietly() throws Exception {
    try (RallySandbox sandbox = RallySandbox.builder().supporters(5_000).build().start()) {
      Run run = bash("java -jar \"$RALLY_JAR\" supporters --pagesize 10 --format json | head -1;"
          + " echo \"rally exited ${PIPESTATUS[0]}\" >&2", env(sandbox));

      assertThat(run.out()).startsWith("{\"").contains("\"id\":\"1000000\"").endsWith("}\n").hasLineCount(1);
      assertThat(run.err()).isEqualTo("rally exited 141\n");
      // Before head closed the pipe, rally could only fill the pipe's buffer (64 KiB, ~20 pages of json).
      assertThat(sandbox.requestCount()).as("pages requested of 500").isLessThan(100);
    }
  }

  /**
   * Under LANG=C, Java 17 takes ASCII for the locale's encoding: data goes out in UTF-8 all the
   * same, and an argument it could not decode is refused rather than sent with U+FFFD in it.
   */
  @Test
  void inTheCLocaleDataStaysUtf8AndUndecodableArgumentsAreRefused() throws Exception {
    try (RallySandbox sandbox = RallySandbox.builder().build().start()) {
      Run saved = bash("LC_ALL=C.UTF-8 java -jar \"$RALLY_JAR\" save-supporter --email zoe@example.org"
          + " --first-name 'Zoë' --last-name '李'", env(sandbox));
      assertThat(saved.code()).as(saved.err()).isZero();

      Run listed = bash("LC_ALL=C LANG=C java -jar \"$RALLY_JAR\" --format json supporters --email zoe@example.org",
          env(sandbox));
      assertThat(listed.code()).as(listed.err()).isZero();
      assertThat(listed.out()).contains("\"firstName\":\"Zoë\"", "\"lastName\":\"李\"");

      int before = sandbox.requestCount();
      Run refused = bash("LC_ALL=C LANG=C java -jar \"$RALLY_JAR\" save-supporter --email ana@example.org"
          + " --first-name 'Zoë'", env(sandbox));
      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err()).startsWith("rally: An argument holds characters that this system's locale could not"
          + " decode (").endsWith("): run rally in a UTF-8 locale, such as LANG=C.UTF-8, so that they are sent as"
          + " typed.\n");
      // Under a UTF-8 locale, bytes that are not UTF-8 (a Latin-1 'ë'): the locale is not the fault.
      Run latin1 = bash("LC_ALL=C.UTF-8 java -jar \"$RALLY_JAR\" save-supporter --email ana@example.org"
          + " --first-name $'Zo\\xeb'", env(sandbox));
      assertThat(latin1.code()).isEqualTo(2);
      assertThat(latin1.err()).isEqualTo("rally: An argument is not valid UTF-8 (or holds U+FFFD, the replacement"
          + " character): give it as UTF-8 text, so that it is sent as typed.\n");
      assertThat(sandbox.requestCount()).isEqualTo(before);
    }
  }

  @Test
  void aFullDeviceIsReportedWithExitCode7() throws Exception {
    assumeThat(Paths.get("/dev/full")).exists();
    try (RallySandbox sandbox = RallySandbox.builder().build().start()) {
      Run run = bash("java -jar \"$RALLY_JAR\" supporters --limit 500 > /dev/full", env(sandbox));

      assertThat(run.code()).isEqualTo(7);
      assertThat(run.err()).isEqualTo("rally: Could not write the output: No space left on device.\n");
    }
  }

  /**
   * A detached sandbox whose export lines (its URL, credentials and PID) cannot be written is
   * stopped: nobody would know to kill it. Its stderr names the process, which must be gone.
   */
  @Test
  void aDetachedSandboxWhoseExportLinesCannotBeWrittenIsStopped() throws Exception {
    assumeThat(Paths.get("/dev/full")).exists();
    Run run = bash("java -jar \"$RALLY_JAR\" sandbox --detach --port 0 > /dev/full", Map.of());

    assertThat(run.code()).as(run.err()).isEqualTo(7);
    java.util.regex.Matcher stopped = java.util.regex.Pattern
        .compile("The sandbox's process (\\d+) was stopped: its export lines could not be written\\.\n")
        .matcher(run.err());
    assertThat(stopped.find()).as(run.err()).isTrue();
    long pid = Long.parseLong(stopped.group(1));
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process " + pid).isFalse();
    assertThat(run.err()).endsWith("rally: Could not write the output: No space left on device.\n");
  }

  /** Runs {@code command} in bash on a new pseudo-terminal (stdin, stdout and stderr). */
  static Process onTerminal(String command, Map<String, String> env) throws IOException {
    assumeThat(Paths.get("/usr/bin/script")).exists();
    ProcessBuilder builder = new ProcessBuilder("script", "-qec", command, "/dev/null");
    builder.environment().putAll(env);
    builder.environment().put("RALLY_JAR", JAR.toString());
    return builder.redirectErrorStream(true).start();
  }

  @Test
  void ctrlCEndsTheProgressBarsLineAndLeavesWholeRows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("supporters.json");
    // 100 ms a page, 100 pages: Ctrl-C comes long before the end.
    try (RallySandbox sandbox = RallySandbox.builder().latency(Duration.ofMillis(100)).build().start()) {
      Map<String, String> env = env(sandbox);
      env.put("OUT", file.toString());
      // A shell's foreground job starts with SIGINT at its default; the build may not (a build
      // started in the background of a script without job control inherits SIGINT ignored, and
      // the JVM rightly keeps ignoring it: that made this test fail once). Say it explicitly.
      Process process = onTerminal(
          "env --default-signal=INT java -jar \"$RALLY_JAR\" supporters --pagesize 10 --format json > \"$OUT\"", env);
      InputStream terminal = process.getInputStream();
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      // The bar ("[#...]  1%  10/1,000 supporters  95/s") is on the terminal: press Ctrl-C.
      while (!seen.toString(UTF_8).contains("/s")) {
        int b = terminal.read();
        assertThat(b).as("terminal output so far: %s", seen).isNotNegative();
        seen.write(b);
      }
      process.getOutputStream().write(3); // ETX: the terminal sends SIGINT to the foreground job
      process.getOutputStream().flush();
      terminal.transferTo(seen);
      int code = process.waitFor();

      String screen = seen.toString(UTF_8);
      assertThat(code).as(screen).isEqualTo(130);
      assertThat(screen).as("the prompt starts on a line of its own").endsWith("\n");
      List<String> rows = Files.readAllLines(file, UTF_8);
      assertThat(Files.readString(file, UTF_8)).endsWith("}\n");
      assertThat(rows).isNotEmpty().hasSizeLessThan(1_000)
          .allSatisfy(row -> assertThat(row).startsWith("{\"").contains("\"id\":\"").endsWith("}"));
    }
  }

  /**
   * A database that fails (nothing listening at a PostgreSQL URL; a SQLite file whose header is
   * SQLite's and the rest is not) ends {@code rally sync} with exit code 9, as documented, in one
   * line that shows no password. It exited 1, as for any other failure.
   */
  @Test
  void aDatabaseThatFailsEndsTheSyncWithExitCode9(@TempDir Path dir) throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path corrupt = dir.resolve("corrupt.db");
    byte[] bytes = new byte[8192];
    java.util.Arrays.fill(bytes, (byte) 0x5a);
    byte[] header = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, bytes, 0, header.length);
    Files.write(corrupt, bytes);
    try (RallySandbox sandbox = RallySandbox.builder().supporters(10).build().start()) {
      Map<String, String> env = env(sandbox);
      env.put("POSTGRES", "jdbc:postgresql://127.0.0.1:" + closedPort + "/rally?user=sync&password=hunter2"
          + "&connectTimeout=5");
      env.put("CORRUPT", "jdbc:sqlite:" + corrupt);

      Run postgres = bash("java -jar \"$RALLY_JAR\" sync --db \"$POSTGRES\"", env);
      Run sqlite = bash("java -jar \"$RALLY_JAR\" sync --db \"$CORRUPT\"", env);

      assertThat(postgres.code()).as(postgres.err()).isEqualTo(9);
      assertThat(postgres.err()).startsWith("rally: Could not connect to the database: SQLState 08001, ")
          .doesNotContain("hunter2").hasLineCount(1);
      assertThat(sqlite.code()).as(sqlite.err()).isEqualTo(9);
      assertThat(sqlite.err()).startsWith("rally: ").contains("[SQLITE_NOTADB]").hasLineCount(1);
      assertThat(Files.readAllBytes(corrupt)).as("the corrupt file, as it was").isEqualTo(bytes);
    }
  }

  /**
   * Ctrl-C in the middle of {@code rally sync}: exit code 130 as for any command, the bar's line
   * ended, the committed pages kept, and the next run resumes after them to the end.
   */
  @Test
  void ctrlCInTheMiddleOfASyncKeepsItsPagesAndTheNextRunResumes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rally.db");
    try (RallySandbox sandbox = RallySandbox.builder().latency(Duration.ofMillis(100)).build().start()) {
      Map<String, String> env = env(sandbox);
      env.put("DB", "jdbc:sqlite:" + file);
      Process process = onTerminal(
          "env --default-signal=INT java -jar \"$RALLY_JAR\" sync --pagesize 10 --db \"$DB\"", env);
      InputStream terminal = process.getInputStream();
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      // The bar has been drawn after a committed page ("[...]  1%  10/1,000 supporters  95/s"): press Ctrl-C.
      while (!seen.toString(UTF_8).contains("/s")) {
        int b = terminal.read();
        assertThat(b).as("terminal output so far: %s", seen).isNotNegative();
        seen.write(b);
      }
      process.getOutputStream().write(3);
      process.getOutputStream().flush();
      terminal.transferTo(seen);
      int code = process.waitFor();

      String screen = seen.toString(UTF_8);
      assertThat(code).as(screen).isEqualTo(130);
      assertThat(screen).as("the prompt starts on a line of its own").endsWith("\n");

      Run resumed = bash("java -jar \"$RALLY_JAR\" sync --pagesize 10 --db \"$DB\"", env);

      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(resumed.err()).startsWith("Synced 1,000 supporters into " + file + " (SQLite) (full run, resumed from"
          + " its last committed page after ").contains(": 1,000 inserted, 0 updated, 0 unchanged, 0 stale,");
    }
  }

  @Test
  void onOneTerminalNoBarIsGluedToTheRows() throws Exception {
    // 150 ms a page: the bar would be redrawn between pages.
    try (RallySandbox sandbox = RallySandbox.builder().latency(Duration.ofMillis(150)).build().start()) {
      Process process = onTerminal("java -jar \"$RALLY_JAR\" supporters --limit 12 --pagesize 3", env(sandbox));
      String screen = new String(process.getInputStream().readAllBytes(), UTF_8);
      int code = process.waitFor();

      assertThat(code).as(screen).isZero();
      List<String> lines = List.of(screen.split("\r\n"));
      assertThat(lines).hasSize(14);
      assertThat(lines.get(0)).startsWith("id        first_name");
      assertThat(lines.subList(1, 13)).allSatisfy(row -> assertThat(row).matches("\\d{7} .*Z"));
      assertThat(lines.get(13)).matches("12 supporters in \\d+\\.\\d s \\([\\d,]+/s\\)");
    }
  }

  /**
   * A folder this user may write to but not search (no x bit), and one behind a folder this user
   * may not open: the first passed the checks, and SQLite failed with "unable to open database
   * file" (exit 9, no file named); the second was said not to exist. Where permissions do not bind
   * the user (root, as in CI), rally runs as nobody ({@code setpriv}), for whom they do.
   */
  @Test
  void aFolderThisUserMayNotEnterIsAUsageErrorThatNamesIt(@TempDir Path dir) throws Exception {
    String asUser = "";
    if ("root".equals(System.getProperty("user.name"))) {
      assumeThat(Paths.get("/usr/bin/setpriv")).exists();
      asUser = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Run readable = bash(asUser + "test -r \"$RALLY_JAR\"", Map.of());
      assumeThat(readable.code()).as("nobody may read %s", JAR).isZero();
    }
    Path noSearch = Files.createDirectory(dir.resolve("no-search"));
    Path closed = Files.createDirectories(dir.resolve("closed/inside"));
    Files.setPosixFilePermissions(noSearch, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.setPosixFilePermissions(closed.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
    try {
      Map<String, String> env = Map.of("NO_SEARCH", "jdbc:sqlite:" + noSearch.resolve("r.db"),
          "CLOSED", "jdbc:sqlite:" + closed.resolve("r.db"));

      Run inNoSearch = bash("cd / && " + asUser + "java -jar \"$RALLY_JAR\" sync --db \"$NO_SEARCH\"", env);
      Run inClosed = bash("cd / && " + asUser + "java -jar \"$RALLY_JAR\" sync --db \"$CLOSED\"", env);

      assertThat(inNoSearch.code()).as(inNoSearch.err()).isEqualTo(2);
      assertThat(inNoSearch.err()).isEqualTo("rally: --db names a file in a folder that this user may not write to: "
          + noSearch + " (SQLite makes the file, and its -wal and -shm files beside it, there).\n"
          + "Try `rally sync --help`.\n");
      assertThat(inClosed.code()).as(inClosed.err()).isEqualTo(2);
      assertThat(inClosed.err()).isEqualTo("rally: --db names a file in a folder that this user may not open, or that"
          + " is not a folder: " + closed + ".\nTry `rally sync --help`.\n");
    } finally {
      Files.setPosixFilePermissions(noSearch, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(closed.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
