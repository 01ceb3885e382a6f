package io.github.rallycongress.samples;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress bar redrawn in place on a terminal's stderr, such as
 * {@code [#########...........]  45%  9,000/20,000 supporters  3,200/s}, or, while the total is
 * unknown, {@code 9,000 supporters  3,200/s}. Only for a terminal: it writes carriage returns.
 *
 * <p>Redrawn at most ten times a second, however fast items arrive: a terminal redrawn per item
 * would slow the stream it reports on. Thread-safe: a paging thread sets the total while another
 * counts, and a shutdown hook may {@link #end} the bar while rows are still being counted.
 */
final class ProgressBar {
  static final int WIDTH = 20;
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final PrintWriter err;
  private final String unit;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private volatile long total = -1;
  private long done;
  /** Of {@link #done}, those done before this bar started, which its rate leaves out. */
  private long before;
  private long lastDrawNanos;
  private int drawnLength;
  private boolean ended;

  ProgressBar(PrintWriter err, String unit, LongSupplier nanoTime) {
    this.err = err;
    this.unit = unit;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.lastDrawNanos = startNanos;
  }

  /**
   * The number of items expected, once known. Only the first call counts: later pages may report
   * another total as data changes, and a bar whose end moves confuses more than it tells.
   */
  void total(long expected) {
    if (total < 0 && expected >= 0) {
      total = expected;
    }
  }

  /**
   * Items done before this bar started, such as the supporters that a resumed run's interrupted
   * attempt committed: counted, but left out of the rate, which is of the items done since.
   */
  synchronized void doneBefore(long items) {
    done += items;
    before += items;
  }

  /** One more item; redraws when the last drawing is at least 100 ms old. */
  void step() {
    advance(1);
  }

  /** {@code items} more (a page at once, say); redraws when the last drawing is at least 100 ms old. */
  synchronized void advance(long items) {
    done += items;
    if (ended) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      String line = render(done, total, perSecond(done - before, now - startNanos), WIDTH, unit);
      // Spaces cover the rest of a longer previous line (the rate can lose digits).
      err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
      err.flush();
      drawnLength = line.length();
    }
  }

  /**
   * Prints {@code line} where the bar is (a retry notice, an HTTP log line), on a line of its own,
   * and draws the bar again below it at the next step: a line written past the bar would run on
   * from it, and the bar's next drawing would overwrite the line's start.
   */
  synchronized void println(String line) {
    err.println("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
    err.flush();
    drawnLength = 0;
    lastDrawNanos = nanoTime.getAsLong() - REDRAW_NANOS;
  }

  /** Erases the bar, leaving the cursor at the start of its line. */
  synchronized void clear() {
    if (ended) {
      return;
    }
    ended = true;
    err.print("\r" + " ".repeat(drawnLength) + "\r");
    err.flush();
    drawnLength = 0;
  }

  /** Replaces the bar with {@code summary} and ends the line. */
  synchronized void finish(String summary) {
    ended = true;
    err.println("\r" + summary + " ".repeat(Math.max(0, drawnLength - summary.length())));
    err.flush();
  }

  /**
   * Leaves the bar as last drawn and ends its line (Ctrl-C: the shell's prompt, and the {@code ^C}
   * the terminal echoes, must not land on the bar). Later steps draw nothing.
   */
  synchronized void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (drawnLength > 0) {
      err.println();
      err.flush();
    }
  }

  /**
   * One drawing: a bar of {@code width} characters, the percentage (rounded down, so 100% means
   * done), the counts and the rate; only the count and the rate when {@code total} is negative
   * (unknown). Counts beyond the total fill the bar and show 100%.
   */
  static String render(long done, long total, double perSecond, int width, String unit) {
    String rate = String.format(Locale.ROOT, "%,.0f/s", perSecond);
    if (total < 0) {
      return String.format(Locale.ROOT, "%,d %s  %s", done, unit, rate);
    }
    long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
    int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
    return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d/%,d %s  %s",
        "#".repeat(filled), ".".repeat(width - filled), percent, done, total, unit, rate);
  }

  private static double perSecond(long count, long elapsedNanos) {
    return elapsedNanos <= 0 ? 0 : count * 1e9 / elapsedNanos;
  }
}
