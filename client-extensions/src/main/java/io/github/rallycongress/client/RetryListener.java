package io.github.rallycongress.client;

/**
 * Told about every retry before its wait begins, so that an app or a tool can show it (the
 * {@code rally} tool prints "retrying (2 of 4) after a timeout"). Set with
 * {@link RallyCongress.Builder#retryListener}.
 *
 * <p>Called on the thread that made the failed attempt (an OkHttp dispatcher thread); keep it
 * short and never block in it. Calls under way at once tell it of their retries from several
 * threads at once: it must be thread-safe. A {@link RuntimeException} it throws is ignored, so a
 * faulty listener cannot change what is sent.
 */
@FunctionalInterface
public interface RetryListener {
  /** A listener that does nothing; the default. */
  RetryListener NONE = retry -> { };

  /** Called once per retry, before its wait of {@link RetryEvent#delay()} begins. */
  void onRetry(RetryEvent retry);
}
