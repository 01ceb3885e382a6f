package io.github.rallycongress.client;

import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Retries a GET whose connection was lost while its body was being decoded. The body streams
 * into the decoder as it arrives (reading it whole first would cost the overlap of transfer and
 * decoding, and a page's worth of memory), so such a failure surfaces only after
 * {@link RetryInterceptor} has returned; it marks a lost connection with a
 * {@link BodyReadException}, and {@link #retrying} makes the whole call again, under the same
 * {@link RetryPolicy}, with the attempts and the deadline the first call left ({@link CallBudget}).
 */
final class BodyRetry {
  private BodyRetry() {
  }

  /** A failure while reading a GET's body: the call may be made again. */
  static final class BodyReadException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyReadException(IOException cause) {
      super("The connection failed while the response body was read: " + cause.getMessage(), cause);
    }

    IOException original() {
      return (IOException) getCause();
    }
  }

  /**
   * {@code call}, made again after a {@link BodyReadException} while the policy allows; the error
   * that ends it is the network's own {@link IOException}. Every request made for it, retries
   * within an attempt included, counts against one {@link CallBudget}: {@code maxAttempts}
   * requests at most, and one deadline from the first.
   */
  static <T> Single<T> retrying(Single<T> call, RetryPolicy policy, Duration deadline, RetryListener listener,
      retrofit2.Call<?> request) {
    return Single.defer(() -> attempt(call, CallBudget.unstarted(deadline), policy, listener, request));
  }

  private static <T> Single<T> attempt(Single<T> call, CallBudget budget, RetryPolicy policy, RetryListener listener,
      retrofit2.Call<?> request) {
    return budget.subscribing(call).onErrorResumeNext(error -> {
      if (!(error instanceof BodyReadException)) {
        return Single.error(error);
      }
      IOException original = ((BodyReadException) error).original();
      budget.ensureStarted();
      int attempts = budget.attempts();
      if (attempts >= policy.maxAttempts()) {
        return Single.error(original);
      }
      Duration delay = policy.delayAfter(attempts, null, ThreadLocalRandom.current().nextDouble());
      long now = System.nanoTime();
      Duration elapsed = Duration.ofNanos(now - budget.startNanos());
      if (elapsed.plus(delay).compareTo(policy.maxElapsed()) > 0) {
        return Single.error(original); // the policy ends it: the network's own error, as RetryInterceptor gives
      }
      if (now + delay.toNanos() - budget.deadlineNanos() >= 0) {
        return Single.error(budget.pastDeadline(request.request(), original)); // the deadline ends it
      }
      try {
        listener.onRetry(new RetryEvent(request.request().method(), MessagePath.of(request.request()),
            attempts + 1, policy.maxAttempts(), delay, null, original));
      } catch (RuntimeException ignored) {
        // A listener only watches: its failure must not change what is sent.
      }
      return Single.timer(delay.toNanos(), TimeUnit.NANOSECONDS)
          .flatMap(tick -> attempt(call, budget, policy, listener, request));
    });
  }
}
