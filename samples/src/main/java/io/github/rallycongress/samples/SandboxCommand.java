package io.github.rallycongress.samples;

import io.github.rallycongress.sandbox.RallySandbox;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.Charset;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = {"Serves a sandbox of the API on 127.0.0.1 until stopped (Ctrl-C), and prints the export lines"
        + " that point rally at it (an app takes the base URL from RALLY_BASE_URL itself). With --detach it serves in the background and returns."},
    footerHeading = "%nExample:%n",
    footer = {"  eval \"$(rally sandbox --detach)\"", "  rally campaigns", "  kill \"$RALLY_SANDBOX_PID\""})
final class SandboxCommand implements Callable<Integer> {
  @ParentCommand
  Rally rally;

  @Option(names = "--port", paramLabel = "N", description = "The port; 0 (default) picks a free one.")
  int port;

  @Option(names = "--supporters", paramLabel = "N", defaultValue = "1000",
      description = "How many supporters it serves. Default: ${DEFAULT-VALUE}.")
  int supporters;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of the generated data. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--detach",
      description = "Start the sandbox in a process of its own, print the export lines (and RALLY_SANDBOX_PID),"
          + " and return at once.")
  boolean detach;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new Rally.UsageException("--port must be between 0 and 65535, but was " + port + ".");
    }
    if (supporters < 0) {
      throw new Rally.UsageException("--supporters must not be negative, but was " + supporters + ".");
    }
    return detach ? detach() : serve();
  }

  private int serve() throws InterruptedException {
    RallySandbox sandbox;
    try {
      sandbox = RallySandbox.builder().port(port).supporters(supporters).seed(seed).build().start();
    } catch (BindException e) {
      throw new IllegalStateException("Port " + port + " is in use: choose another with --port, or leave it out"
          + " to take a free one.", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the sandbox: " + e.getMessage(), e);
    }
    // Ctrl-C and SIGTERM run shutdown hooks: close the server cleanly (closing twice does nothing).
    Thread hook = new Thread(sandbox::close, "rally-sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      sandbox.shellExports().forEach(rally.io.out::println);
      rally.io.checkOut();
      rally.io.err.println("Serving " + supporters + " supporters at " + sandbox.baseUrl() + " until stopped (Ctrl-C).");
      rally.io.shutdown.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run.
      }
      sandbox.close();
    }
    return Rally.OK;
  }

  /**
   * A JVM cannot fork itself: starts this tool again as a child that serves, with its stdin on
   * /dev/null and its output on pipes read here until the export lines are out, then returns. The
   * child keeps no descriptor of this process's stdout, so {@code $(...)} ends when this one does.
   */
  private int detach() throws InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Rally.class.getName(), "sandbox",
        "--port", Integer.toString(port), "--supporters", Integer.toString(supporters), "--seed", Long.toString(seed)));
    Process child;
    try {
      child = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the sandbox's process: " + e.getMessage(), e);
    }
    ByteArrayOutputStream childErr = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> {
      try {
        child.getErrorStream().transferTo(childErr);
      } catch (IOException e) {
        // The child's stderr is only read to explain a failure to start.
      }
    }, "rally-sandbox-stderr");
    errReader.setDaemon(true);
    errReader.start();
    List<String> exports = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), Charset.defaultCharset()))) {
      String line;
      while (exports.size() < 3 && (line = out.readLine()) != null) {
        exports.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read from the sandbox's process: " + e.getMessage(), e);
    }
    if (exports.size() < 3) {
      int code = child.waitFor();
      errReader.join();
      rally.io.err.print(childErr.toString(Charset.defaultCharset()));
      return code;
    }
    exports.forEach(rally.io.out::println);
    rally.io.out.println("export RALLY_SANDBOX_PID=" + child.pid());
    try {
      rally.io.checkOut();
    } catch (Io.OutputException e) {
      // Nobody got the lines that point rally at the sandbox, or its PID to stop it: a sandbox left
      // serving would be a process no one knows to kill.
      child.destroy();
      child.waitFor();
      rally.io.err.println("The sandbox's process " + child.pid() + " was stopped: its export lines could not be"
          + " written.");
      throw e;
    }
    rally.io.err.println("A sandbox serves " + supporters + " supporters in process " + child.pid()
        + "; stop it with: kill " + child.pid());
    return Rally.OK;
  }
}
