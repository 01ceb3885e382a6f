package io.github.rallycongress.sync;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.api.SupportersApi.ListSupportersRequest;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import io.reactivex.rxjava3.core.Flowable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import retrofit2.Response;

/**
 * Where the sync reads supporters: the client's calls, and the one place besides
 * {@link SupporterRow} that names the generated API, so a change of its signatures is adapted here.
 */
final class SupporterSource {
  /** The first page of a run and the server's time when it answered. */
  record FirstPage(SupporterPage page, OffsetDateTime serverDate) {
  }

  private final RallyCongress rally;
  private final int pageSize;
  /** This machine's clock: stands in for a missing {@code Date} header, and bounds a later one. */
  private final Clock clock;
  /** With the clock, the latest {@code updatedAt} trusted over a copy read after it (see {@link #rows}). */
  private final Duration overlap;

  SupporterSource(RallyCongress rally, int pageSize, Clock clock, Duration overlap) {
    this.rally = rally;
    this.pageSize = pageSize;
    this.clock = clock;
    this.overlap = overlap;
  }

  /**
   * Page 0 of the supporters updated since {@code updatedSince} (all when null), with the time the
   * run starts at: the server's {@code Date} header, or this machine's clock if that is earlier.
   * HTTP requires the header of every server with a clock; without one, this machine's clock stands
   * in. The earlier of the two, because a watermark late by a clock's error skips the changes in
   * between for good, while one early by it only reads some supporters again: a server answering
   * once with a date years ahead would otherwise hold the next run's filter there.
   */
  FirstPage first(@Nullable OffsetDateTime updatedSince) {
    ListSupportersRequest.Builder query = ListSupportersRequest.builder().page(0).pagesize(pageSize);
    if (updatedSince != null) {
      query.updatedSince(updatedSince);
    }
    Response<SupporterPage> response = rally.supportersApi().listSupporters(query.build()).blockingGet();
    SupporterPage page = response.body();
    if (page == null) {
      throw new IllegalStateException("GET " + response.raw().request().url().encodedPath()
          + " answered HTTP " + response.code() + " without a body.");
    }
    Date date = response.headers().getDate("Date");
    // Whole seconds, as HTTP dates are; cut down, so never later than the clock read.
    Instant local = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant start = date != null && date.toInstant().isBefore(local) ? date.toInstant() : local;
    return new FirstPage(page, start.atOffset(ZoneOffset.UTC));
  }

  /** The pages from {@code pageUri} (a page's {@code nextpageuri}) to the last, read on demand. */
  Flowable<SupporterPage> from(String pageUri) {
    return rally.supporterPages(SupporterQuery.all(),
        PageOptions.builder().pageSize(pageSize).resumeFrom(pageUri).build());
  }

  /** A page as the database stores it: its supporters' rows and the next page's URI. */
  record Rows(List<SupporterRow> rows, @Nullable String next) {
  }

  /** {@code page} as the database stores it. */
  Rows rowsOf(SupporterPage page) {
    return new Rows(rows(page), next(page));
  }

  /**
   * The page's supporters as rows, one per id. A page may list a supporter twice (items shift
   * while a list is read): the newest copy counts, at the place of the first, as across pages; and,
   * as across pages, a copy stamped later than this machine's clock plus the overlap (by a server
   * clock that ran ahead) is not trusted over one read after it. Done here, on the client's
   * thread, to leave the database's thread only the writing.
   */
  List<SupporterRow> rows(SupporterPage page) {
    List<Supporter> supporters = page.getSupporters();
    if (supporters == null) {
      return List.of();
    }
    Map<String, SupporterRow> byId = new LinkedHashMap<>(supporters.size() * 4 / 3 + 1);
    Instant untrustedAfter = clock.instant().plus(overlap);
    SupporterRow.Hasher hasher = new SupporterRow.Hasher();
    for (int i = 0; i < supporters.size(); i++) {
      Supporter supporter = supporters.get(i);
      // Rows are keyed by id: without one a supporter cannot be stored, nor told from the others.
      // Failing names the page; skipping would lose the supporter without a word.
      if (supporter == null || supporter.getId() == null || supporter.getId().isEmpty()) {
        throw new IllegalStateException("The supporter list's page " + quoted(page.getUri()) + " has "
            + (supporter == null ? "null" : "a supporter without an id") + " at $.supporters[" + i + "]: the API"
            + " gives every supporter an id, and the sync stores supporters by it. Nothing of this page was written.");
      }
      int bytes = utf8Length(supporter.getId());
      if (bytes > MAX_ID_BYTES) {
        // PostgreSQL's primary key index takes at most 2,704 bytes a key: such a page would fail
        // at its commit, every run, with the database's error rather than this one.
        throw new IllegalStateException("The supporter list's page " + quoted(page.getUri()) + " has a supporter whose id is "
            + bytes + " bytes long at $.supporters[" + i + "]: the sync stores ids of at most " + MAX_ID_BYTES
            + " bytes (UTF-8). Nothing of this page was written.");
      }
      SupporterRow row = SupporterRow.from(supporter, hasher);
      SupporterRow earlier = byId.get(row.id());
      if (earlier == null || !SupporterRow.olderThan(row.updatedAt(), earlier.updatedAt())
          || earlier.updatedAt() != null && earlier.updatedAt().toInstant().isAfter(untrustedAfter)) {
        byId.put(row.id(), row);
      }
    }
    return new ArrayList<>(byId.values());
  }

  /**
   * The next page's URI; null on the last page, which the spec marks with a null, absent or empty
   * value, and on an empty page at or past the end its own {@code totalResults} gives, whatever its
   * link says: the client's page stream ends there too (a server whose empty pages keep linking
   * to a next one would otherwise be read forever).
   */
  static @Nullable String next(SupporterPage page) {
    String next = page.getNextpageuri();
    if (next == null || next.trim().isEmpty()) {
      return null;
    }
    List<Supporter> supporters = page.getSupporters();
    boolean empty = supporters == null || supporters.isEmpty();
    Integer number = page.getPage();
    Integer size = page.getPagesize();
    Integer total = page.getTotalResults();
    boolean pastTheEnd = number != null && size != null && total != null && (long) number * size >= total;
    return empty && pastTheEnd ? null : next;
  }

  /** The longest id the sync stores: within PostgreSQL's limit for an index key, in both databases alike. */
  static final int MAX_ID_BYTES = 1000;

  /**
   * A link as the server wrote it, for a message: each control character (a line break, ESC) and
   * line or paragraph separator shown as a backslash, {@code u} and four hex digits, since
   * messages go to logs and terminals, where they would forge a line or drive the terminal.
   */
  static String quoted(@Nullable String link) {
    if (link == null) {
      return "null";
    }
    StringBuilder quoted = new StringBuilder(link.length());
    for (int i = 0; i < link.length(); i++) {
      char c = link.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        quoted.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.toString();
  }

  private static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  static @Nullable Long total(SupporterPage page) {
    return page.getTotalResults() == null ? null : page.getTotalResults().longValue();
  }
}
