package io.github.rallycongress.samples;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a command may touch of the outside world: stdout for data, stderr for messages, the
 * environment, a prompter to ask questions with (absent when not interactive), which standard
 * streams are terminals (for progress bars and escaping), and a way to wait until the process is
 * asked to stop. Tests pass their own.
 *
 * <p>Writing stdout is checked: a {@link PrintWriter} hides write errors, so stdout sits on a stream
 * that remembers the first one, and {@link #checkOut()} turns it into an {@link OutputException}.
 * Nothing the tool prints is silently lost to a full disk or a closed pipe.
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
  final boolean outIsTerminal;
  final boolean errIsTerminal;
  final ShutdownSignal shutdown;
  /** The clock of progress bars and rates, in ns; tests move it. */
  final LongSupplier nanoTime;
  private final FailureRecordingStream stdout;
  /** Whether stdout is a pipe, where a failed write means that its reader went away; set by {@link #system()}. */
  private boolean outIsPipe;

  /**
   * @param stdout where data goes; its write errors end the command (see {@link #checkOut()})
   * @param outIsTerminal whether {@code stdout} is a terminal: table cells are always escaped, csv
   *     cells too when this is true; and no progress bar is drawn among the rows
   * @param errIsTerminal whether {@code err} is a terminal, where a progress bar may be drawn
   */
  Io(OutputStream stdout, Charset charset, PrintWriter err, Function<String, @Nullable String> env,
      @Nullable Prompter prompter, boolean outIsTerminal, boolean errIsTerminal, ShutdownSignal shutdown) {
    this(stdout, charset, err, env, prompter, outIsTerminal, errIsTerminal, shutdown, System::nanoTime);
  }

  Io(OutputStream stdout, Charset charset, PrintWriter err, Function<String, @Nullable String> env,
      @Nullable Prompter prompter, boolean outIsTerminal, boolean errIsTerminal, ShutdownSignal shutdown,
      LongSupplier nanoTime) {
    this.stdout = new FailureRecordingStream(requireNonNull(stdout, "stdout == null"));
    this.out = new PrintWriter(new OutputStreamWriter(this.stdout, requireNonNull(charset, "charset == null")), true);
    this.err = requireNonNull(err, "err == null");
    this.env = requireNonNull(env, "env == null");
    this.prompter = prompter;
    this.outIsTerminal = outIsTerminal;
    this.errIsTerminal = errIsTerminal;
    this.shutdown = requireNonNull(shutdown, "shutdown == null");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime == null");
  }

  /**
   * The real process: file descriptors 1 and 2 and System.getenv; questions go to stderr and
   * answers come from stdin when both are terminals, so that stdout may be redirected; waits until
   * killed.
   */
  static Io system() {
    boolean errIsTerminal = Terminal.isTerminal(Terminal.STDERR);
    PrintWriter err = new PrintWriter(System.err, true);
    // UTF-8 whatever the locale: under LANG=C, Java 17's default charset is ASCII, which wrote
    // "Zoë" as "Zo?" into json and csv, and read a typed answer's "ë" as U+FFFD.
    Prompter prompter = errIsTerminal && Terminal.isTerminal(Terminal.STDIN)
        ? terminalPrompter(err, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        : null;
    // The descriptor itself, not System.out: a PrintStream swallows the write error we must report.
    Io io = new Io(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8, err, System::getenv, prompter,
        Terminal.isTerminal(Terminal.STDOUT), errIsTerminal, () -> new CountDownLatch(1).await());
    return Terminal.isPipe(Terminal.STDOUT) ? io.outToPipe() : io;
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

  /** Marks stdout as a pipe: a failed write then means that its reader went away. */
  Io outToPipe() {
    outIsPipe = true;
    return this;
  }

  @Nullable String env(String name) {
    String value = env.apply(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * Flushes stdout and throws when anything written to it so far failed.
   *
   * @throws OutputException with the first write error as its cause
   */
  void checkOut() {
    if (out.checkError()) {
      IOException failure = stdout.failure;
      throw new OutputException(failure != null ? failure : new IOException("the output stream failed"), outIsPipe);
    }
  }

  /** Stdout could not be written: the disk is full, the pipe's reader is gone... */
  static final class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean toPipe;

    OutputException(IOException cause) {
      this(cause, false);
    }

    OutputException(IOException cause, boolean toPipe) {
      super("Could not write the output: " + cause.getMessage() + ".", cause);
      this.toPipe = toPipe;
    }

    /**
     * Whether the reader went away ({@code rally supporters | head -1}): not a failure to report but
     * the signal to stop, as {@code SIGPIPE} stops a C program. The JVM ignores the signal and
     * reports the write as an {@code IOException} whose message is the system's text for EPIPE, in
     * the locale's language ("Datenübergabe unterbrochen" in German): a write to a pipe can fail no
     * other way, so stdout being a pipe decides, and the English text where that is unknown.
     */
    boolean closedPipe() {
      String message = getCause().getMessage();
      return toPipe || message != null && message.contains("Broken pipe");
    }
  }

  /** Passes writes through and remembers the first one that failed. */
  private static final class FailureRecordingStream extends FilterOutputStream {
    volatile @Nullable IOException failure;

    FailureRecordingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw record(e);
      }
    }

    private IOException record(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }
  }
}
