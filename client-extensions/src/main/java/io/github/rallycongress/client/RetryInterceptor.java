package io.github.rallycongress.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Retries under a {@link RetryPolicy}. A successful GET's body is left to stream into the decoder,
 * marked so that a connection lost mid-body makes the call again ({@link BodyRetry}). An
 * application interceptor, so every attempt goes through
 * the network interceptors again (auth, HTTPS guard, logging) and a retry is a fresh exchange.
 * Whether a failed POST was written is told by {@link SendMarker}, the network interceptor that
 * runs only once a connection exists, right before the request is written.
 */
final class RetryInterceptor implements Interceptor {
  private static final long CANCEL_CHECK_MILLIS = 50;

  private final RetryPolicy policy;
  private final Clock clock;

  RetryInterceptor(RetryPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    boolean idempotent = request.method().equals("GET") || request.method().equals("HEAD");
    long startNanos = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      SendMarker.State sent = new SendMarker.State();
      Request attemptRequest = request.newBuilder().tag(SendMarker.State.class, sent).build();
      Response response = null;
      IOException failure = null;
      try {
        response = chain.proceed(attemptRequest);
        if (idempotent && response.isSuccessful()) {
          // Too late to retry here once the body streams into the decoder; BodyRetry does it.
          response = response.newBuilder().body(BodyRetry.mark(response.body(), chain.call())).build();
        }
      } catch (IOException e) {
        failure = e;
      }
      if (chain.call().isCanceled()) {
        return rethrowOrReturn(failure, response);
      }
      boolean retryable;
      Duration retryAfter = null;
      if (failure instanceof RefusedRequestException) {
        retryable = false; // a policy refusal: the same request would be refused again
      } else if (failure != null) {
        retryable = idempotent || !sent.written();
      } else {
        int code = response.code();
        retryable = code == 429 || (idempotent && (code == 500 || code == 503));
        retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
      }
      if (!retryable || attempt >= policy.maxAttempts()) {
        return rethrowOrReturn(failure, response);
      }
      Duration delay = policy.delayAfter(attempt, retryAfter, ThreadLocalRandom.current().nextDouble());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      if (elapsed.plus(delay).compareTo(policy.maxElapsed()) > 0) {
        return rethrowOrReturn(failure, response);
      }
      if (response != null) {
        response.close();
      }
      sleep(delay, chain.call());
    }
  }

  private static Response rethrowOrReturn(@Nullable IOException failure, @Nullable Response response) throws IOException {
    if (failure != null) {
      throw failure;
    }
    return response;
  }

  /** Waits, ending early with an {@link InterruptedIOException} when the call is canceled (a dispose). */
  private static void sleep(Duration delay, Call call) throws IOException {
    long deadline = System.nanoTime() + delay.toNanos();
    try {
      for (long left = delay.toNanos(); left > 0; left = deadline - System.nanoTime()) {
        if (call.isCanceled()) {
          throw new InterruptedIOException("Canceled while waiting to retry");
        }
        Thread.sleep(Math.min(CANCEL_CHECK_MILLIS, Math.max(1, left / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to retry");
    }
    if (call.isCanceled()) {
      throw new InterruptedIOException("Canceled while waiting to retry");
    }
  }
}
