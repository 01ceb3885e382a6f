package io.github.rallycongress.samples;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a command may touch of the outside world: stdout for data, stderr for messages, the
 * environment, a prompter to ask questions with (absent when not interactive), whether stderr is a
 * terminal (for progress bars), and a way to wait until the process is asked to stop. Tests pass
 * their own.
 */
final class Io {
  /** Asks the user for one value; {@code null} at the end of the input (Ctrl-D). */
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

  /**
   * The real process: System.out/err and System.getenv; questions go to stderr and answers come
   * from stdin when both are terminals, so that stdout may be redirected; waits until killed.
   */
  static Io system() {
    boolean errIsTerminal = Terminal.isTerminal(Terminal.STDERR);
    PrintWriter err = new PrintWriter(System.err, true);
    Prompter prompter = errIsTerminal && Terminal.isTerminal(Terminal.STDIN)
        ? terminalPrompter(err, new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())))
        : null;
    return new Io(new PrintWriter(System.out, true), err, System::getenv, prompter, errIsTerminal,
        () -> new CountDownLatch(1).await());
  }

  static Prompter terminalPrompter(PrintWriter err, BufferedReader in) {
    return question -> {
      err.print(question + ": ");
      err.flush();
      String answer;
      try {
        answer = in.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (answer == null) {
        err.println(); // Ctrl-D left the cursor after the question: what follows starts a line of its own
      }
      return answer;
    };
  }

  @Nullable String env(String name) {
    String value = env.apply(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
