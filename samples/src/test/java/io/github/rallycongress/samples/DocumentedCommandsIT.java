package io.github.rallycongress.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell command the README gives, and every example that {@code rally} itself prints (the
 * {@code --help} examples, the demo's next steps), run exactly as written by bash from the
 * repository root, after {@code package} built {@code samples/target/rally.jar} and its launcher.
 *
 * <p>Two substitutions, both outside the commands: {@code mvn} is a stub that records its
 * arguments (this test runs inside that very build, so the README's build command has already
 * run), and a trap remembers {@code RALLY_SANDBOX_PID} so that a detached sandbox is stopped even
 * when a command fails.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DocumentedCommandsIT {
  static final Path ROOT = Paths.get(System.getProperty("rally.root", "..")).toAbsolutePath().normalize();
  static final Path TARGET = ROOT.resolve("samples/target");

  record Run(int code, String out, String err, String mvnArguments) {
  }

  @BeforeAll
  static void builtJar() {
    assumeThat(System.getProperty("rally.jar")).as("run by the rally-jar-tests execution").isNotNull();
  }

  /** The ```sh blocks of a Markdown file, in order. */
  static List<String> shellBlocks(Path markdown) throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("(?m)^```sh\\n(.*?)^```$", Pattern.DOTALL).matcher(Files.readString(markdown, UTF_8));
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /** The lines indented by two spaces after the line {@code heading} in {@code text}. */
  static String example(String text, String heading) {
    List<String> lines = text.lines().toList();
    int start = lines.indexOf(heading);
    assertThat(start).as("'%s' in:%n%s", heading, text).isNotNegative();
    StringBuilder script = new StringBuilder();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (!line.startsWith("  ")) {
        break;
      }
      script.append(line.substring(2)).append('\n');
    }
    assertThat(script).as("commands after '%s'", heading).isNotEmpty();
    return script.toString();
  }

  /** Runs {@code commands} with bash -e from the repository root. */
  static Run bash(String commands, Path dir, String path) throws Exception {
    Path stubs = Files.createDirectories(dir.resolve("stubs"));
    Path mvnArguments = dir.resolve("mvn-arguments");
    Path mvn = Files.writeString(stubs.resolve("mvn"), "#!/bin/sh\necho \"mvn $*\" >> \"" + mvnArguments + "\"\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path pidFile = dir.resolve("sandbox-pid");
    String script = "trap 'echo \"${RALLY_SANDBOX_PID:-}\" > \"" + pidFile + "\"' EXIT\n" + commands;
    ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-c", script).directory(ROOT.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("RALLY_"));
    env.put("PATH", stubs + ":" + path + env.get("PATH"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> {
      try {
        process.getErrorStream().transferTo(err);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    errReader.start();
    try {
      String out = new String(process.getInputStream().readAllBytes(), UTF_8);
      int code = process.waitFor();
      errReader.join();
      return new Run(code, out, err.toString(UTF_8),
          Files.exists(mvnArguments) ? Files.readString(mvnArguments, UTF_8) : "");
    } finally {
      stopSandbox(pidFile);
    }
  }

  private static void stopSandbox(Path pidFile) throws IOException {
    String pid = Files.exists(pidFile) ? Files.readString(pidFile, UTF_8).strip() : "";
    if (!pid.isEmpty()) {
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void theReadmesFirstCommandsBuildAndRunTheDemo(@TempDir Path dir) throws Exception {
    List<String> blocks = shellBlocks(ROOT.resolve("README.md"));
    String first = blocks.get(0);

    Run run = bash(first, dir, "");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.mvnArguments()).isEqualTo("mvn -B -q install -DskipTests\nmvn -B verify\n");
    assertThat(run.out()).startsWith("A sandbox of the Rally Congress API v3 is serving at http://127.0.0.1:")
        .contains("5. What an error looks like");
  }

  @Test
  void theReadmesToolSessionRunsAsWritten(@TempDir Path dir) throws Exception {
    String session = shellBlocks(ROOT.resolve("README.md")).stream()
        .filter(block -> block.contains("rally sandbox --detach")).findFirst().orElseThrow();

    Run run = bash(session, dir, "");

    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).startsWith("A sandbox of the Rally Congress API v3 is serving at");
    // After the demo, the detached sandbox's supporters: a header and five rows in NY.
    List<String> rows = lines.subList(lines.size() - 6, lines.size());
    assertThat(rows.get(0)).startsWith("id        first_name");
    assertThat(rows.subList(1, 6)).allSatisfy(row -> assertThat(row).contains(" NY "));
  }

  @Test
  void theReadmesAppSampleCommandsRun(@TempDir Path dir) throws Exception {
    String samples = shellBlocks(ROOT.resolve("README.md")).stream()
        .filter(block -> block.contains("io.github.rallycongress.samples.SubmitLetter")).findFirst().orElseThrow();

    Run run = bash(samples, dir, "");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.mvnArguments()).isEqualTo("mvn -B -q install -DskipTests\n");
  }

  @Test
  void theSandboxHelpExampleReturnsAndServes(@TempDir Path dir) throws Exception {
    Run help = bash("samples/target/rally sandbox --help", dir, "");
    String example = example(help.out(), "Example:");
    assertThat(example).contains("eval \"$(rally sandbox --detach)\"");

    Run run = bash(example, dir, TARGET + ":");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).hasSize(7).first().asString().startsWith("id      title");
  }

  @Test
  void theDemosNextStepsRunAsPrinted(@TempDir Path dir) throws Exception {
    Run demo = bash("samples/target/rally demo", dir, "");
    String next = example(demo.out(), demo.out().lines().filter(line -> line.startsWith("Done.")).findFirst()
        .orElseThrow());

    Run run = bash(next, dir, TARGET + ":");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).hasSize(6);
  }
}
