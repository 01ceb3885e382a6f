package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One retry about to happen: which request, which attempt comes next, why, and after how long a
 * wait. Carries the method and path, never the query, the form or the credentials. Immutable.
 */
public final class RetryEvent {
  private final String method;
  private final String path;
  private final int nextAttempt;
  private final int maxAttempts;
  private final Duration delay;
  private final @Nullable Integer status;
  private final @Nullable Throwable failure;

  RetryEvent(String method, String path, int nextAttempt, int maxAttempts, Duration delay, @Nullable Integer status,
      @Nullable Throwable failure) {
    this.method = requireNonNull(method, "method == null");
    this.path = requireNonNull(path, "path == null");
    this.nextAttempt = nextAttempt;
    this.maxAttempts = maxAttempts;
    this.delay = requireNonNull(delay, "delay == null");
    this.status = status;
    this.failure = failure;
  }

  /** The request method, such as {@code GET}. */
  public String method() {
    return method;
  }

  /**
   * The request's path without its query, such as {@code /v3/supporters}; a supporter's id is
   * named rather than given ({@code /v3/supporters/{supporterId}}): it can be an email.
   */
  public String path() {
    return path;
  }

  /** The attempt about to be made, from 2 up to {@link #maxAttempts()}. */
  public int nextAttempt() {
    return nextAttempt;
  }

  /** The policy's {@link RetryPolicy#maxAttempts()}. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the next attempt (a server's {@code Retry-After}, or the policy's backoff). */
  public Duration delay() {
    return delay;
  }

  /** The HTTP status that is retried (429, 500, 503), or null after a network failure. */
  public @Nullable Integer status() {
    return status;
  }

  /** The network failure that is retried, or null after an HTTP status. */
  public @Nullable Throwable failure() {
    return failure;
  }

  /**
   * Why, in a few words for a person: "HTTP 503", "a timeout", "a failure to connect" or "a lost
   * connection".
   */
  public String reason() {
    if (status != null) {
      return "HTTP " + status;
    }
    if (failure instanceof java.io.InterruptedIOException) {
      return "a timeout";
    }
    if (failure instanceof java.net.ConnectException || failure instanceof java.net.UnknownHostException
        || failure instanceof java.net.NoRouteToHostException) {
      return "a failure to connect";
    }
    return "a lost connection";
  }

  /** Such as {@code retrying GET /v3/supporters (attempt 2 of 4) in 500 ms after a timeout}. */
  @Override
  public String toString() {
    return "retrying " + method + " " + path + " (attempt " + nextAttempt + " of " + maxAttempts + ") in "
        + delay.toMillis() + " ms after " + reason();
  }
}
