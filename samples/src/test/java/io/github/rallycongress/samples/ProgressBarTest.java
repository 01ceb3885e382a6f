package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void rendersTheBarPercentCountsAndRateWithThousandsSeparators() {
    assertThat(ProgressBar.render(9_000, 20_000, 3_200.4, 20, "supporters"))
        .isEqualTo("[#########...........]  45%  9,000/20,000 supporters  3,200/s");
  }

  @Test
  void theBarIsExactlyAsWideAsAsked() {
    assertThat(ProgressBar.render(1, 3, 1, 10, "x")).isEqualTo("[###.......]  33%  1/3 x  1/s");
    assertThat(ProgressBar.render(0, 1_000_000, 0, 30, "x"))
        .isEqualTo("[..............................]   0%  0/1,000,000 x  0/s");
  }

  @Test
  void percentIsRoundedDownSoThatOnlyTheEndShows100() {
    assertThat(ProgressBar.render(19_999, 20_000, 10, 20, "x")).startsWith("[###################.]  99%  19,999/20,000");
    assertThat(ProgressBar.render(20_000, 20_000, 10, 20, "x")).startsWith("[####################] 100%  20,000/20,000");
  }

  @Test
  void moreItemsThanTheTotalFillTheBarAt100() {
    assertThat(ProgressBar.render(25, 20, 5, 4, "x")).isEqualTo("[####] 100%  25/20 x  5/s");
    assertThat(ProgressBar.render(0, 0, 0, 4, "x")).isEqualTo("[####] 100%  0/0 x  0/s");
  }

  @Test
  void anUnknownTotalShowsTheCountAndTheRate() {
    assertThat(ProgressBar.render(1_234_567, -1, 12_345.6, 20, "supporters"))
        .isEqualTo("1,234,567 supporters  12,346/s");
  }

  @Test
  void redrawsAtMostEvery100MillisecondsAndOnlyTheFirstTotalCounts() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), "items", nanos::get);
    bar.total(4);
    bar.total(400); // a later page's total is ignored

    nanos.addAndGet(50_000_000L);
    bar.step(); // 50 ms: too soon
    nanos.addAndGet(50_000_000L);
    bar.step(); // 100 ms: drawn
    nanos.addAndGet(99_000_000L);
    bar.step(); // 199 ms: too soon
    nanos.addAndGet(101_000_000L);
    bar.step(); // 300 ms: drawn
    bar.finish("4 items in 0.3 s (13/s)");

    String last = "[####################] 100%  4/4 items  13/s";
    String summary = "4 items in 0.3 s (13/s)";
    // The summary's trailing spaces cover the end of the longer bar.
    assertThat(err.toString()).isEqualTo("\r[##########..........]  50%  2/4 items  20/s" + "\r" + last
        + "\r" + summary + " ".repeat(last.length() - summary.length()) + System.lineSeparator());
  }

  /** A sync commits a page at once: the bar shows the whole page, not its first item. */
  @Test
  void aPageCountedAtOnceIsDrawnWhole() {
    AtomicLong nanos = new AtomicLong();
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), "supporters", nanos::get);
    bar.total(2_000);

    nanos.addAndGet(1_000_000_000L);
    bar.advance(1_000);

    assertThat(err.toString()).isEqualTo("\r[##########..........]  50%  1,000/2,000 supporters  1,000/s");
  }

  @Test
  void aLinePrintedMeanwhileTakesTheBarsPlaceAndTheBarIsDrawnAgainBelowIt() {
    AtomicLong nanos = new AtomicLong();
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), "items", nanos::get);
    nanos.addAndGet(1_000_000_000L);
    bar.step(); // drawn

    bar.println("rally: retrying (2 of 4) after HTTP 503");
    nanos.addAndGet(1_000_000L);
    bar.step(); // 1 ms later, but the line took the bar's place: drawn again at once

    assertThat(err.toString()).isEqualTo("\r1 items  1/s" + "\rrally: retrying (2 of 4) after HTTP 503"
        + System.lineSeparator() + "\r2 items  2/s");
  }

  @Test
  void clearErasesWhatWasDrawn() {
    AtomicLong nanos = new AtomicLong();
    StringWriter err = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), "items", nanos::get);
    nanos.addAndGet(1_000_000_000L);
    bar.step();

    bar.clear();

    assertThat(err.toString()).isEqualTo("\r1 items  1/s" + "\r" + " ".repeat(12) + "\r");
  }
}
