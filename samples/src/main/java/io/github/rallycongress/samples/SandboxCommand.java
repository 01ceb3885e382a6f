package io.github.rallycongress.samples;

import io.github.rallycongress.sandbox.RallySandbox;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = {"Serves a sandbox of the API on 127.0.0.1 until stopped (Ctrl-C).",
        "Prints the export lines that point rally and the library at it: eval \"$(rally sandbox &)\""})
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

  @Override
  public Integer call() throws InterruptedException {
    RallySandbox sandbox = rally.startSandbox(RallySandbox.builder().port(port).supporters(supporters).seed(seed));
    // Ctrl-C and SIGTERM run shutdown hooks: close the server cleanly (closing twice does nothing).
    Thread hook = new Thread(sandbox::close, "rally-sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      sandbox.shellExports().forEach(rally.io.out::println);
      rally.io.out.flush();
      rally.io.err.println("Serving " + supporters + " supporters at " + sandbox.baseUrl() + " until stopped (Ctrl-C).");
      rally.io.shutdown.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run.
      }
    }
    return Rally.OK;
  }
}
