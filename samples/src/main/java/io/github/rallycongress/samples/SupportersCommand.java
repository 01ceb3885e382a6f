package io.github.rallycongress.samples;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.Supporter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "supporters", mixinStandardHelpOptions = true,
    description = "Streams every supporter that matches the filters, page after page, as it arrives.")
final class SupportersCommand implements Callable<Integer> {
  /** The API's page size when none is asked for (spec: {@code pagesize}, default 50). */
  static final int API_DEFAULT_PAGE_SIZE = 50;

  /** The supporters of one page of {@code options}: a blocking loop's buffer, so that it reads one page ahead, no more. */
  static int pageSize(PageOptions options) {
    return options.pageSize() != null ? options.pageSize() : API_DEFAULT_PAGE_SIZE;
  }

  @ParentCommand
  Rally rally;

  @Option(names = "--email") @Nullable String email;
  @Option(names = "--first-name") @Nullable String firstName;
  @Option(names = "--last-name") @Nullable String lastName;
  @Option(names = "--custom-id") @Nullable String customId;
  @Option(names = "--city") @Nullable String city;
  @Option(names = "--state", description = "Two letters, such as NY.") @Nullable String state;
  @Option(names = "--zip", description = "Five digits.") @Nullable String zip;
  @Option(names = "--district", description = "Such as NY21.") @Nullable String district;
  @Option(names = "--optin", description = "not_collected, no, yes, pending, unsubscribed or spam.")
  @Nullable EmailOptin optin;
  @Option(names = "--updated-since", paramLabel = "WHEN", description = "A day (2025-06-01, from midnight UTC) or an instant"
      + " (2025-06-01T12:00:00Z).")
  @Nullable OffsetDateTime updatedSince;
  @Option(names = "--join-date", paramLabel = "DAY[..DAY]", description = "A day, or a range 2020-01-01..2020-12-31.")
  @Nullable String joinDate;
  @Option(names = "--limit", paramLabel = "N", description = "Stop after N supporters.") @Nullable Long limit;
  @Option(names = "--pagesize", paramLabel = "N",
      description = "Supporters per request, 1 to 1000 (default: the API's, 50, or the limit when smaller).")
  @Nullable Integer pageSize;

  @Override
  public Integer call() throws Exception {
    SupporterQuery query = query();
    PageOptions options = options();
    Listing<Supporter> listing = rally.listing(Supporter.class, Listing.supporterColumns(shownAddress()));
    RallyCongress client = rally.client(); // may start a sandbox: not part of the rate below
    // A bar only where it cannot land among the rows: stderr on a terminal, stdout elsewhere.
    ProgressBar bar = rally.io.errIsTerminal && !rally.io.outIsTerminal
        ? new ProgressBar(rally.io.err, "supporters", rally.io.nanoTime) : null;
    long max = options.limit();
    AtomicLong count = new AtomicLong();
    long start = rally.io.nanoTime.getAsLong();
    // Ctrl-C: rows are whole (each is flushed at once).
    rally.withProgress(bar, () -> {
      // Pages rather than supporters(): the first page's totalResults is the bar's end.
      client.supporterPages(query, options)
          .doOnNext(page -> {
            if (bar != null && page.getTotalResults() != null) {
              bar.total(Math.min(page.getTotalResults(), max));
            }
          })
          // Prefetch 1: the next page is requested once this one's supporters are all written.
          .concatMapIterable(page -> page.getSupporters() != null ? page.getSupporters() : List.<Supporter>of(), 1)
          // The options' limit ends the pages with the one that reaches it; take() cuts that page.
          .take(max)
          // A write that fails (a closed pipe, a full disk) throws here: blockingForEach cancels the
          // stream, which cancels the request in flight, and rethrows. Its buffer is one page: by
          // default it would hold 128 supporters, and a slow reader (a pager, head) would have
          // pages of 1 requested 128 ahead of what it has read.
          .blockingForEach(supporter -> {
            listing.write(supporter);
            count.incrementAndGet();
            if (bar != null) {
              bar.step();
            }
          }, pageSize(options));
      return null;
    });
    listing.end();
    String summary = summary(count.get(), rally.io.nanoTime.getAsLong() - start);
    if (bar != null) {
      bar.finish(summary);
    } else {
      rally.io.err.println(summary);
    }
    return Rally.OK;
  }

  /** {@code 1 supporter in 0.2 s (5/s)}, {@code 1,000 supporters in 1.3 s (768/s)}. */
  static String summary(long count, long elapsedNanos) {
    Duration elapsed = Duration.ofNanos(elapsedNanos);
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return String.format(Locale.ROOT, "%,d %s in %.1f s (%,.0f/s)", count, count == 1 ? "supporter" : "supporters",
        seconds, count / seconds);
  }

  /**
   * The limit, and a page size no larger than needed: {@code --limit 1} asks for one supporter, not
   * for the API's default page of 50.
   */
  PageOptions options() {
    PageOptions.Builder options = PageOptions.builder();
    if (limit != null) {
      if (limit < 1) {
        throw new Rally.UsageException("--limit must be at least 1, but was " + limit + ".");
      }
      options.limit(limit);
    }
    if (pageSize != null) {
      if (pageSize < 1 || pageSize > 1000) {
        throw new Rally.UsageException("--pagesize must be between 1 and 1000, but was " + pageSize + ".");
      }
      options.pageSize(pageSize);
    } else if (limit != null && limit < API_DEFAULT_PAGE_SIZE) {
      options.pageSize(limit.intValue());
    }
    return options.build();
  }

  /** The address a row shows: the first that matches the address filters given. */
  Predicate<Address> shownAddress() {
    return address -> (state == null || state.equalsIgnoreCase(address.getState()))
        && (city == null || city.equalsIgnoreCase(address.getCity()))
        && (zip == null || zip.equals(address.getZipcode()))
        && (district == null || district.equalsIgnoreCase(address.getCongressDistrict()));
  }

  /** The filters, checked here so that a mistake is told in the options' names. */
  SupporterQuery query() {
    SupporterQuery.Builder query = SupporterQuery.builder();
    if (email != null) query.email(nonBlank("--email", email));
    if (firstName != null) query.firstName(nonBlank("--first-name", firstName));
    if (lastName != null) query.lastName(nonBlank("--last-name", lastName));
    if (customId != null) query.customId(nonBlank("--custom-id", customId));
    if (city != null) query.city(nonBlank("--city", city));
    if (state != null) {
      query.state(matching("--state", state.toUpperCase(Locale.ROOT), "[A-Z]{2}", "two letters such as NY"));
    }
    if (zip != null) query.zipCode(matching("--zip", zip, "[0-9]{5}", "five digits such as 12207"));
    if (district != null) {
      query.congressDistrict(matching("--district", district.toUpperCase(Locale.ROOT), "[A-Z]{2}[0-9A-Z]{2}",
          "a state and a number such as NY21 (or AL for at-large, such as WYAL)"));
    }
    if (optin != null) query.optinStatus(optin);
    if (updatedSince != null) query.updatedSince(updatedSince);
    if (joinDate != null) {
      int range = joinDate.indexOf("..");
      LocalDate first;
      LocalDate last;
      try {
        first = LocalDate.parse(range < 0 ? joinDate : joinDate.substring(0, range));
        last = range < 0 ? null : LocalDate.parse(joinDate.substring(range + 2));
      } catch (java.time.format.DateTimeParseException e) {
        throw new Rally.UsageException("--join-date must be a day (2020-01-31) or a range"
            + " (2020-01-01..2020-12-31), but was '" + joinDate + "'.");
      }
      if (last == null) {
        query.joinDate(first);
      } else if (last.isBefore(first)) {
        throw new Rally.UsageException("--join-date " + joinDate + " ends before it starts: give the earlier day first.");
      } else {
        query.joinDateBetween(first, last);
      }
    }
    return query.build();
  }

  static String nonBlank(String option, String value) {
    if (value.isBlank()) {
      throw new Rally.UsageException(option + " must not be empty.");
    }
    return value;
  }

  static String matching(String option, String value, String regex, String what) {
    if (!value.matches(regex)) {
      throw new Rally.UsageException(option + " must be " + what + ", but was '" + value + "'.");
    }
    return value;
  }
}
