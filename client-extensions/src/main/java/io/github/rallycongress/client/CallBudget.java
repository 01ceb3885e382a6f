package io.github.rallycongress.client;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleObserver;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The attempts and the deadline of one call, shared by every request made for it:
 * {@link RetryInterceptor}'s retries, and the calls {@link BodyRetry} makes again after a body was
 * cut. Each of those calls goes through the interceptor afresh; without a budget carried from the
 * first, each started its own count and its own deadline, so a GET whose body was cut could be
 * sent {@code maxAttempts} times per body retry, and run past its deadline.
 *
 * <p>The deadline runs from the first attempt's start ({@link #start}), not from the
 * subscription: a call waiting for one of the {@code maxConcurrentRequests} has not started.
 *
 * <p>Retrofit builds a call's OkHttp request on the thread that subscribes to the call's
 * {@code Single}, inside that subscription; {@link #subscribing} names the budget there (and not
 * while the subscriber's own callbacks run), and the client's call factory tags the request with
 * it ({@link #tag}). The interceptor finds it as the request's tag.
 */
final class CallBudget {
  /** The budget of the call being subscribed to on this thread; taken by the first request built. */
  private static final ThreadLocal<CallBudget> SUBSCRIBING = new ThreadLocal<>();

  private final Duration deadline;
  /** Written by the attempt under way (one at a time), read by the next one and by BodyRetry. */
  private volatile long startNanos;
  private volatile long deadlineNanos;
  private volatile boolean started;
  /** Requests sent for the call so far (redirects followed are not attempts). */
  private volatile int attempts;

  private CallBudget(Duration deadline) {
    this.deadline = deadline;
  }

  /** A budget whose deadline of {@code deadline} starts with the call's first attempt. */
  static CallBudget unstarted(Duration deadline) {
    return new CallBudget(deadline);
  }

  /** The budget {@code request} carries, or a new one for a call that carries none; started. */
  static CallBudget of(Request request, Duration deadline) {
    CallBudget budget = request.tag(CallBudget.class);
    if (budget == null) {
      budget = new CallBudget(deadline);
    }
    budget.start();
    return budget;
  }

  /**
   * For BodyRetry after a request: a budget no request carried (an app's interceptor built a new
   * request without its tags) starts now, as if one attempt had been made, so the body is still
   * made again within the policy rather than refused as past a deadline that never started.
   */
  void ensureStarted() {
    if (!started) {
      start();
      if (attempts == 0) {
        attempts = 1;
      }
    }
  }

  /** Starts the deadline now, unless an earlier attempt started it. */
  private void start() {
    if (!started) {
      long now = System.nanoTime();
      startNanos = now;
      deadlineNanos = now + deadline.toNanos();
      started = true;
    }
  }

  long startNanos() {
    return startNanos;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  Duration deadline() {
    return deadline;
  }

  int attempts() {
    return attempts;
  }

  /** Records that attempt number {@code attempt} (1-based, over the whole call) is being made. */
  void attempting(int attempt) {
    attempts = attempt;
  }

  /** The error of a call that reached its deadline, after the attempts made so far. */
  InterruptedIOException pastDeadline(Request request, IOException cause) {
    int made = Math.max(1, attempts);
    InterruptedIOException timeout = new InterruptedIOException(request.method() + " " + MessagePath.of(request)
        + " did not complete within its deadline of " + seconds(deadline) + " (" + made
        + (made == 1 ? " attempt" : " attempts") + "; RallyCongress.Builder#callTimeout sets it).");
    timeout.initCause(cause);
    return timeout;
  }

  static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
  }

  /**
   * {@code request} tagged with the budget of the call being subscribed to on this thread, if
   * any. The budget is taken: a request built later on this thread, for another call, gets none.
   */
  static Request tag(Request request) {
    CallBudget budget = SUBSCRIBING.get();
    if (budget == null) {
      return request;
    }
    SUBSCRIBING.remove();
    return request.newBuilder().tag(CallBudget.class, budget).build();
  }

  /**
   * {@code call}, whose request is built with this budget when it is subscribed to. The budget is
   * named only while Retrofit subscribes: the subscriber's callbacks, which may subscribe to other
   * calls, run without it.
   */
  <T> Single<T> subscribing(Single<T> call) {
    CallBudget budget = this;
    return new Single<T>() {
      @Override
      protected void subscribeActual(SingleObserver<? super T> observer) {
        @Nullable CallBudget outer = SUBSCRIBING.get();
        SUBSCRIBING.set(budget);
        try {
          call.subscribe(new WithoutBudget<>(observer));
        } finally {
          restore(outer);
        }
      }
    };
  }

  private static void restore(@Nullable CallBudget budget) {
    if (budget == null) {
      SUBSCRIBING.remove();
    } else {
      SUBSCRIBING.set(budget);
    }
  }

  /** Calls {@code downstream} with no budget named on the thread, then names again the one there was. */
  private static final class WithoutBudget<T> implements SingleObserver<T> {
    private final SingleObserver<? super T> downstream;

    WithoutBudget(SingleObserver<? super T> downstream) {
      this.downstream = downstream;
    }

    @Override
    public void onSubscribe(Disposable d) {
      withoutBudget(() -> downstream.onSubscribe(d));
    }

    @Override
    public void onSuccess(T value) {
      withoutBudget(() -> downstream.onSuccess(value));
    }

    @Override
    public void onError(Throwable e) {
      withoutBudget(() -> downstream.onError(e));
    }

    private static void withoutBudget(Runnable callback) {
      @Nullable CallBudget named = SUBSCRIBING.get();
      SUBSCRIBING.remove();
      try {
        callback.run();
      } finally {
        restore(named);
      }
    }
  }
}
