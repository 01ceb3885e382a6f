package io.github.rallycongress.samples;

import static java.util.Objects.requireNonNull;

import java.io.Console;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a command may touch of the outside world: stdout for data, stderr for messages, the
 * environment, a console to ask questions on (absent when not interactive), and a way to wait
 * until the process is asked to stop. Tests pass their own.
 */
final class Io {
  /** Asks the user for one value; {@code null} when they gave nothing. */
  interface Prompter {
    @Nullable String ask(String question);
  }

  /** Blocks until the process should stop serving. */
  interface ShutdownSignal {
    void await() throws InterruptedException;
  }

  final PrintWriter out;
  final PrintWriter err;
  final Function<String, @Nullable String> env;
  final @Nullable Prompter prompter;
  final boolean errIsTerminal;
  final ShutdownSignal shutdown;

  Io(PrintWriter out, PrintWriter err, Function<String, @Nullable String> env, @Nullable Prompter prompter,
      boolean errIsTerminal, ShutdownSignal shutdown) {
    this.out = requireNonNull(out, "out == null");
    this.err = requireNonNull(err, "err == null");
    this.env = requireNonNull(env, "env == null");
    this.prompter = prompter;
    this.errIsTerminal = errIsTerminal;
    this.shutdown = requireNonNull(shutdown, "shutdown == null");
  }

  /** The real process: System.out/err, System.getenv, the console if any; waits until killed. */
  static Io system() {
    Console console = System.console();
    Prompter prompter = console == null ? null : question -> console.readLine("%s: ", question);
    return new Io(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System::getenv, prompter,
        console != null, () -> new CountDownLatch(1).await());
  }

  @Nullable String env(String name) {
    String value = env.apply(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
