package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.samples.RallyCommandTest.Result;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stdout that fails: every command ends with a message and an exit code, or quietly for a closed pipe. */
class OutputTest {
  static RallySandbox sandbox;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = RallySandbox.builder().build().start();
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  static Map<String, String> env(RallySandbox sandbox) {
    return Map.of("RALLY_BASE_URL", sandbox.baseUrl(), "RALLY_ACCOUNT_ID", sandbox.accountId(),
        "RALLY_AUTH_TOKEN", sandbox.authToken());
  }

  /** Accepts {@code accepted} writes, then fails each one with {@code message}, as a file descriptor would. */
  static OutputStream failingAfter(int accepted, String message) {
    return new OutputStream() {
      int writes;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (writes++ >= accepted) {
          throw new IOException(message);
        }
      }
    };
  }

  private static Result run(OutputStream out, String... args) {
    return RallyCommandTest.run(out, env(sandbox), null, false, false, () -> { }, args);
  }

  /**
   * A slow reader (a pager, a slow pipe) that reads a header and two rows, then leaves: the export
   * has read one page ahead of what it wrote, not 128 supporters (blockingForEach's default
   * buffer), which with pages of 1 had been 129 requests.
   */
  @Test
  void aSlowReaderHasTheExportReadOnePageAheadNoMore() throws IOException {
    for (String command : new String[] {"supporters", "campaigns"}) {
      try (RallySandbox own = RallySandbox.builder().supporters(1_000).build().start()) {
        java.util.concurrent.atomic.AtomicInteger requestsWhenTheReaderLeft = new java.util.concurrent.atomic.AtomicInteger(-1);
        OutputStream slowThenClosed = new OutputStream() {
          int writes;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (writes++ >= 3) {
              requestsWhenTheReaderLeft.compareAndSet(-1, own.requestCount());
              throw new IOException("Broken pipe");
            }
            try {
              Thread.sleep(300);
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
          }
        };
        String[] args = command.equals("supporters") ? new String[] {"supporters", "--pagesize", "1"}
            : new String[] {"campaigns"};
        Result result = RallyCommandTest.run(slowThenClosed, env(own), null, false, false, () -> { }, args);

        assertThat(result.code()).as(command).isEqualTo(141);
        // Two rows written, the page of the next one buffered, one more read ahead, one in flight.
        assertThat(requestsWhenTheReaderLeft.get()).as(command).isLessThanOrEqualTo(5);
      }
    }
  }

  @Test
  void aFullDiskEndsTheExportWithOneLineAndExitCode7() {
    Result result = run(failingAfter(0, "No space left on device"), "supporters", "--limit", "500");

    assertThat(result.code()).isEqualTo(7);
    assertThat(result.err()).isEqualTo("rally: Could not write the output: No space left on device.\n");
  }

  /** A letter sent whose confirmation cannot be written: stderr still says it was sent, so that no one sends it again. */
  @Test
  void aSubmissionMadeIsReportedOnStderrWhenStdoutFails() {
    for (String message : new String[] {"No space left on device", "Broken pipe"}) {
      Result result = run(failingAfter(0, message), "send", "17465", "letter", "--firstname", "Ada", "--lastname",
          "Lovelace", "--zip", "12207", "--email", "ada@example.org", "--subject", "Clean water", "--message",
          "Please act.", "--no-delivery", "--field", "street=45 Eagle Street", "--field", "phone=518-555-0147",
          "--field", "topic=Environment");

      assertThat(result.code()).as(message).isEqualTo(message.equals("Broken pipe") ? 141 : 7);
      assertThat(result.err()).as(message).matches("(?s).*\nSubmitted letter to campaign 17465: submission [0-9a-f]+,"
          + " HTTP 200 \\(no delivery\\) \\(stdout could not be written; do not send it again\\)\n.*");
    }
  }

  @Test
  void everyCommandReportsAFailedWrite() {
    for (String[] args : new String[][] {{"campaigns"}, {"campaign", "17465"}, {"action", "17465", "letter"},
        {"campaigns", "--help"}, {"--version"}}) {
      Result result = run(failingAfter(0, "No space left on device"), args);

      assertThat(result.code()).as(String.join(" ", args)).isEqualTo(7);
      assertThat(result.err()).as(String.join(" ", args))
          .isEqualTo("rally: Could not write the output: No space left on device.\n");
    }
  }

  /**
   * A sandbox of its own: it counts requests, and a request that another test's stopped stream
   * cancelled may still reach a shared sandbox after this test has begun to count.
   */
  @Test
  void aClosedPipeStopsTheStreamAtOnceAndQuietly() throws IOException {
    try (RallySandbox own = RallySandbox.builder().build().start()) {
      // The header row goes through; the reader is gone before the first supporter.
      Result result = RallyCommandTest.run(failingAfter(1, "Broken pipe"), env(own), null, false, false, () -> { },
          "supporters", "--pagesize", "10");

      assertThat(result.code()).isEqualTo(141);
      assertThat(result.err()).isEmpty();
      // The page being written, and at most the one fetched ahead while it is (concatMapIterable's
      // prefetch), whose request is cancelled if still in flight: not the 98 after them.
      assertThat(own.requestCount()).as("pages requested of 100").isBetween(1, 2);
    }
  }

  /** The system's text for EPIPE is in the locale's language: on a pipe, any failed write means its reader left. */
  @Test
  void aClosedPipeIsQuietInEveryLanguage() {
    for (String message : new String[] {"Datenübergabe unterbrochen (broken pipe)", "Relais brisé (pipe)"}) {
      java.io.StringWriter err = new java.io.StringWriter();
      Io io = new Io(failingAfter(1, message), java.nio.charset.StandardCharsets.UTF_8,
          new java.io.PrintWriter(err, true), env(sandbox)::get, null, false, false, () -> { }).outToPipe();

      int code = Rally.execute(io, "supporters", "--pagesize", "10");

      assertThat(code).as(message).isEqualTo(141);
      assertThat(err.toString()).as(message).isEmpty();
    }
  }

  /** The same words anywhere but on a pipe (a file, a device) are a failure to report. */
  @Test
  void aFailedWriteElsewhereIsReportedWhateverItsWords() {
    Result result = run(failingAfter(1, "Datenübergabe unterbrochen (broken pipe)"), "supporters", "--pagesize", "10");

    assertThat(result.code()).isEqualTo(7);
    assertThat(result.err()).isEqualTo("rally: Could not write the output: Datenübergabe unterbrochen (broken pipe).\n");
  }

  @Test
  void withStdoutOnTheTerminalTooNoBarIsDrawnAmongTheRows() throws IOException {
    // 150 ms a page: without the rule, the bar would be drawn between pages.
    try (RallySandbox slow = RallySandbox.builder().latency(Duration.ofMillis(150)).build().start()) {
      Result result = RallyCommandTest.runOnTerminal(env(slow), "supporters", "--limit", "6", "--pagesize", "2");

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.lines()).hasSize(7);
      assertThat(result.err()).matches("6 supporters in \\d+\\.\\d s \\([\\d,]+/s\\)\n");
    }
  }

  /** A sandbox of its own, which counts requests (see {@link #aClosedPipeStopsTheStreamAtOnceAndQuietly}). */
  @Test
  void emptyIdsAreUsageErrorsAndNothingIsRequested() throws IOException {
    try (RallySandbox own = RallySandbox.builder().build().start()) {
      for (String[] args : new String[][] {{"campaign", ""}, {"campaign", " "}, {"action", "", "letter"},
          {"send", "", "letter", "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001"}}) {
        Result result = RallyCommandTest.run(new java.io.ByteArrayOutputStream(), env(own), null, false, false,
            () -> { }, args);

        assertThat(result.code()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(result.err()).as(String.join(" ", args)).isEqualTo("rally: ID must not be empty.\nTry `rally " + args[0] + " --help`.\n");
        assertThat(result.out()).isEmpty();
      }
      assertThat(own.requestCount()).isZero();
    }
  }
}
