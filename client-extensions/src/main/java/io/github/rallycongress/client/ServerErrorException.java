package io.github.rallycongress.client;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 500 or 503: the server failed. GETs reach the caller with it only after the
 * {@link RetryPolicy} gave up; a POST that got it is never retried, because the server may have
 * acted on it already (a retried letter is a second letter to a lawmaker).
 */
public final class ServerErrorException extends RallyApiException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  ServerErrorException(int status, String method, String path, List<String> errors, @Nullable String bodySnippet,
      @Nullable Duration retryAfter) {
    super(status, method, path, errors, bodySnippet);
    this.retryAfter = retryAfter;
  }

  /**
   * The server's {@code Retry-After} (on a 503 or a 500), from seconds or an HTTP-date, at most a
   * day (a date in the past is zero; a date is measured from the response's {@code Date}, the
   * server's clock, when it has one); null when absent or unreadable.
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
