package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * How to read a paged list: the page size, a limit on the items, where to resume, and whether to
 * fetch pages in parallel. Immutable.
 */
public final class PageOptions {
  private static final PageOptions DEFAULTS = new Builder().build();

  private final @Nullable Integer pageSize;
  private final long limit;
  private final @Nullable String resumeFrom;
  private final int parallelism;

  private PageOptions(Builder builder) {
    this.pageSize = builder.pageSize;
    this.limit = builder.limit;
    this.resumeFrom = builder.resumeFrom;
    this.parallelism = builder.parallelism;
  }

  /** The server's page size, no limit, from the first page, one page at a time. */
  public static PageOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these options, to change some of them. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Items per page ({@code pagesize}, 1 to 1000); null leaves it to the server (50). The bounds and
   * the default are the spec's inference, not in the published docs.
   */
  public @Nullable Integer pageSize() {
    return pageSize;
  }

  /** The most items to emit; {@link Long#MAX_VALUE} for all. */
  public long limit() {
    return limit;
  }

  /** A page URI to start from instead of the first page (a {@code uri} or {@code nextpageuri} seen before). */
  public @Nullable String resumeFrom() {
    return resumeFrom;
  }

  /** Pages fetched at once; 1 follows {@code nextpageuri} one page at a time. */
  public int parallelism() {
    return parallelism;
  }

  @Override
  public String toString() {
    // Its path alone: a filter's value in its query (an email) is a supporter's personal data.
    return "PageOptions{pageSize=" + pageSize + ", limit=" + limit + ", resumeFrom="
        + (resumeFrom == null ? null : resumePath(resumeFrom)) + ", parallelism=" + parallelism + "}";
  }

  /** The path of a URI the builder accepted, and {@code ?...} for a query. */
  private static String resumePath(String uri) {
    HttpUrl url = HttpUrl.get("https://host.invalid/").resolve(uri);
    String path = url == null ? "(not a URI)" : MessagePath.withoutSupporterIds(url.encodedPath());
    return url != null && url.encodedQuery() != null ? path + "?..." : path;
  }

  /**
   * Builds {@link PageOptions}; each setter checks its value at once. Not thread-safe: fill it on one
   * thread (or guard it); the options it builds are immutable and may be shared.
   */
  public static final class Builder {
    private @Nullable Integer pageSize;
    private long limit = Long.MAX_VALUE;
    private @Nullable String resumeFrom;
    private int parallelism = 1;

    Builder() {
    }

    Builder(PageOptions options) {
      this.pageSize = options.pageSize;
      this.limit = options.limit;
      this.resumeFrom = options.resumeFrom;
      this.parallelism = options.parallelism;
    }

    /**
     * Items per page, 1 to 1000 (the spec's bounds, inferred: the published docs give none); the
     * server's default (50, inferred) when not set.
     *
     * @throws IllegalArgumentException if {@code pageSize} is below 1 or above 1000
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 1000) {
        throw new IllegalArgumentException("pageSize must be between 1 and 1000, but was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Stop after this many items ({@link Long#MAX_VALUE}, all of them, by default); pages beyond
     * them are never requested. 0 requests nothing and completes at once.
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public Builder limit(long limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative, but was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Start from this page URI (absolute, or relative to the API host), for example the
     * {@code nextpageuri} of the last page an earlier run read. It must be on the base URL's
     * origin: {@code supporters(…)} and {@code campaigns(…)} throw {@link IllegalArgumentException}
     * when called with one that is not (one that is no page of the list fails as its page is
     * decoded, with a {@code RallyDecodingException}).
     *
     * @throws IllegalArgumentException if {@code pageUri} is blank, or holds credentials (user
     *     info, {@code https://id:token@…}), which the client's own credentials replace and which
     *     must not be kept with the options
     */
    public Builder resumeFrom(String pageUri) {
      requireNonNull(pageUri, "pageUri == null");
      if (pageUri.trim().isEmpty()) {
        throw new IllegalArgumentException("resumeFrom must be a page URI, such as /v3/supporters?page=3, but was blank.");
      }
      HttpUrl resolved = HttpUrl.get("https://host.invalid/").resolve(pageUri);
      if (resolved == null) {
        throw new IllegalArgumentException("resumeFrom must be a page URI, such as /v3/supporters?page=3, but is not a"
            + " URI (a bad host, port or escape).");
      }
      if (!(resolved.username().isEmpty() && resolved.password().isEmpty())) {
        throw new IllegalArgumentException("resumeFrom must not hold credentials (user info before '@'): the client"
            + " sends its own. Give the page URI without them.");
      }
      this.resumeFrom = pageUri;
      return this;
    }

    /**
     * Fetch up to this many pages at once (opt-in; 1 by default). Once the first page gives
     * {@code totalResults} and {@code pagesize}, later pages are requested by page number, at most
     * {@code parallelism} at a time, and emitted in order.
     *
     * <p><b>Consistency:</b> pages are read at different moments, and the API pages by offset. If
     * supporters are added or removed while the list is read, an item can be missed or emitted
     * twice, in any mode: one added before the page being read pushes an item already emitted onto
     * the next page, one removed pulls an item not yet read onto the page already read. In this
     * mode, items beyond the first page's {@code totalResults} are not read either; the default
     * (1) follows {@code nextpageuri} and reads them. Where repeats matter, drop them by
     * {@code id} ({@code distinct(Supporter::getId)} keeps every id seen); where a missed item
     * matters, read again later (the {@code rally-congress-sync} module does, with
     * {@code updatedSince}).
     *
     * <p><b>Demand:</b> page requests run ahead of it. The first page is requested on subscription,
     * before any {@code request(n)}; once it arrives, up to {@code parallelism} more are requested,
     * and one more each time a page's last item is taken: at most {@code parallelism} + 1 pages
     * (items) are held.
     *
     * <p><b>Page numbers:</b> each page must say it is the page asked for; a server that ignores
     * {@code page}, or answers a page past the end with another, ends the stream with a
     * {@link RallyPagingException} rather than repeating items.
     *
     * @throws IllegalArgumentException if {@code parallelism} is below 1 or above 64
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1 || parallelism > 64) {
        throw new IllegalArgumentException("parallelism must be between 1 and 64, but was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalStateException if both {@code resumeFrom} and a parallelism above 1 are set
     */
    public PageOptions build() {
      if (resumeFrom != null && parallelism > 1) {
        throw new IllegalStateException("resumeFrom and parallelism > 1 cannot be combined: parallel reading "
            + "starts from the first page to learn totalResults. Use one or the other.");
      }
      return new PageOptions(this);
    }
  }
}
