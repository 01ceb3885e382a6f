package io.github.rallycongress.client;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 429: too many simultaneous requests (the published docs' reason). It reaches the caller only once the client's
 * {@link RetryPolicy} gave up; lower {@link RallyCongress.Builder#maxConcurrentRequests}.
 */
public final class RateLimitedException extends RallyApiException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  RateLimitedException(int status, String method, String path, List<String> errors, @Nullable String bodySnippet,
      @Nullable Duration retryAfter) {
    super(status, method, path, errors, bodySnippet);
    this.retryAfter = retryAfter;
  }

  /**
   * The server's {@code Retry-After}, from seconds or an HTTP-date, at most a day (a date in the
   * past is zero; a date is measured from the response's {@code Date}, the server's clock, when it
   * has one); null when absent or unreadable.
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
