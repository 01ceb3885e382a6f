package io.github.rallycongress.samples;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.Supporter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "supporters", mixinStandardHelpOptions = true,
    description = "Streams every supporter that matches the filters, page after page, as it arrives.")
final class SupportersCommand implements Callable<Integer> {
  @ParentCommand
  Rally rally;

  @Option(names = "--email") @Nullable String email;
  @Option(names = "--first-name") @Nullable String firstName;
  @Option(names = "--last-name") @Nullable String lastName;
  @Option(names = "--custom-id") @Nullable String customId;
  @Option(names = "--city") @Nullable String city;
  @Option(names = "--state", description = "Two capital letters, such as NY.") @Nullable String state;
  @Option(names = "--zip", description = "Five digits.") @Nullable String zip;
  @Option(names = "--district", description = "Such as NY21.") @Nullable String district;
  @Option(names = "--optin", description = "not_collected, no, yes, pending, unsubscribed or spam.")
  @Nullable EmailOptin optin;
  @Option(names = "--updated-since", paramLabel = "WHEN", description = "A day (2025-06-01) or an instant.")
  @Nullable OffsetDateTime updatedSince;
  @Option(names = "--join-date", paramLabel = "DAY[..DAY]", description = "A day, or a range 2020-01-01..2020-12-31.")
  @Nullable String joinDate;
  @Option(names = "--limit", paramLabel = "N", description = "Stop after N supporters.") @Nullable Long limit;
  @Option(names = "--pagesize", paramLabel = "N", description = "Supporters per request.") @Nullable Integer pageSize;

  @Override
  public Integer call() {
    SupporterQuery query = query();
    PageOptions.Builder options = PageOptions.builder();
    if (limit != null) {
      options.limit(limit);
    }
    if (pageSize != null) {
      options.pageSize(pageSize);
    }
    Listing<Supporter> listing = new Listing<>(rally.io.out, rally.format, Supporter.class, Listing.SUPPORTER_COLUMNS);
    // A bar only on a terminal: redirected stderr (a log file, CI) gets the summary line alone.
    ProgressBar bar = rally.io.errIsTerminal ? new ProgressBar(rally.io.err, "supporters", System::nanoTime) : null;
    long max = limit != null ? limit : Long.MAX_VALUE;
    AtomicLong count = new AtomicLong();
    long start = System.nanoTime();
    // Pages rather than supporters(): the first page's totalResults is the bar's end.
    rally.client().supporterPages(query, options.build())
        .doOnNext(page -> {
          if (bar != null && page.getTotalResults() != null) {
            bar.total(Math.min(page.getTotalResults(), max));
          }
        })
        // Prefetch 1: the next page is requested once this one's supporters are all written.
        .concatMapIterable(page -> page.getSupporters() != null ? page.getSupporters() : List.<Supporter>of(), 1)
        // The options' limit ends the pages with the one that reaches it; take() cuts that page.
        .take(max)
        .blockingForEach(supporter -> {
          listing.write(supporter);
          count.incrementAndGet();
          if (bar != null) {
            bar.step();
          }
        });
    rally.io.out.flush();
    String summary = progress(count.get(), start);
    if (bar != null) {
      bar.finish(summary);
    } else {
      rally.io.err.println(summary);
    }
    return Rally.OK;
  }

  static String progress(long count, long startNanos) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return String.format(Locale.ROOT, "%,d supporters in %.1f s (%,.0f/s)", count, seconds, count / seconds);
  }

  SupporterQuery query() {
    SupporterQuery.Builder query = SupporterQuery.builder();
    if (email != null) query.email(email);
    if (firstName != null) query.firstName(firstName);
    if (lastName != null) query.lastName(lastName);
    if (customId != null) query.customId(customId);
    if (city != null) query.city(city);
    if (state != null) query.state(state);
    if (zip != null) query.zipCode(zip);
    if (district != null) query.congressDistrict(district);
    if (optin != null) query.optinStatus(optin);
    if (updatedSince != null) query.updatedSince(updatedSince);
    if (joinDate != null) {
      int range = joinDate.indexOf("..");
      try {
        if (range < 0) {
          query.joinDate(LocalDate.parse(joinDate));
        } else {
          query.joinDateBetween(LocalDate.parse(joinDate.substring(0, range)),
              LocalDate.parse(joinDate.substring(range + 2)));
        }
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("--join-date must be a day (2020-01-31) or a range"
            + " (2020-01-01..2020-12-31), but was '" + joinDate + "'");
      }
    }
    return query.build();
  }
}
