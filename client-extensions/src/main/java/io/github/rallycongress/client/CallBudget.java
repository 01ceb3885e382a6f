package io.github.rallycongress.client;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleObserver;
import java.time.Duration;
import okhttp3.Request;

/**
 * The attempts and the deadline of one call, shared by every request made for it:
 * {@link RetryInterceptor}'s retries, and the calls {@link BodyRetry} makes again after a body was
 * cut. Each of those calls goes through the interceptor afresh; without a budget carried from the
 * first, each started its own count and its own deadline, so a GET whose body was cut could be
 * sent {@code maxAttempts} times per body retry, and run past its deadline.
 *
 * <p>Retrofit builds a call's OkHttp request on the thread that subscribes to the call's
 * {@code Single}, inside that subscription; {@link #subscribing} names the budget there, and the
 * client's call factory tags the request with it ({@link #tag}). The interceptor finds it as the
 * request's tag.
 */
final class CallBudget {
  /** The budget of the call being subscribed to on this thread; taken by the first request built. */
  private static final ThreadLocal<CallBudget> SUBSCRIBING = new ThreadLocal<>();

  final long startNanos;
  final long deadlineNanos;
  /** Requests sent for the call so far (redirects followed are not attempts). */
  private volatile int attempts;

  private CallBudget(long startNanos, Duration deadline) {
    this.startNanos = startNanos;
    this.deadlineNanos = startNanos + deadline.toNanos();
  }

  /** A budget whose deadline is {@code deadline} from now. */
  static CallBudget startingNow(Duration deadline) {
    return new CallBudget(System.nanoTime(), deadline);
  }

  /** The budget {@code request} carries, or a new one from now for a call that carries none. */
  static CallBudget of(Request request, Duration deadline) {
    CallBudget budget = request.tag(CallBudget.class);
    return budget != null ? budget : startingNow(deadline);
  }

  int attempts() {
    return attempts;
  }

  /** Records that attempt number {@code attempt} (1-based, over the whole call) is being made. */
  void attempting(int attempt) {
    attempts = attempt;
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

  /** {@code call}, whose request is built with this budget when it is subscribed to. */
  <T> Single<T> subscribing(Single<T> call) {
    CallBudget budget = this;
    return new Single<T>() {
      @Override
      protected void subscribeActual(SingleObserver<? super T> observer) {
        SUBSCRIBING.set(budget);
        try {
          call.subscribe(observer);
        } finally {
          SUBSCRIBING.remove();
        }
      }
    };
  }
}
