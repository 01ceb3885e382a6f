package io.github.rallycongress.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;

/**
 * Shared setup of the MockWebServer tests: a client for a test server, canned responses, waiting.
 *
 * <p>When MockWebServer (5.x) records a request, for {@code getRequestCount()} and
 * {@code takeRequest}: once it has read it whole, before dispatching it. So a request that was
 * answered, even with an {@code onResponseStart}, {@code onResponseBody} or {@code onResponseEnd}
 * effect, is recorded before the client sees anything of its answer, as is one refused at accept
 * over HTTP/1 ({@code onRequestStart(CloseSocket)}). But a request the client gave up on (a read
 * timeout, a deadline, a cancel) may not have been read yet, and one refused on arrival over
 * HTTP/2 ({@code onRequestStart(CloseStream)}) or cut while its body is read ({@code onRequestBody})
 * is recorded only after the effect reached the client: take its record with
 * {@code takeRequest(5, SECONDS)} before counting.
 */
final class TestClients {
  static final String ACCOUNT_ID = "AC9876";
  static final String AUTH_TOKEN = "tok-Zq81-s3cr3t";

  /** Fast retries (10 to 50 ms, no jitter) so that retry tests take milliseconds. */
  static final RetryPolicy FAST_RETRIES = RetryPolicy.builder()
      .maxAttempts(3)
      .initialBackoff(Duration.ofMillis(10))
      .maxBackoff(Duration.ofMillis(50))
      .jitter(0)
      .build();

  static final String SUPPORTER_JSON = "{\"id\":\"900123\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
      + "\"email\":\"ada@example.org\",\"emailOptin\":\"yes\",\"joinDate\":\"2025-11-02\"}";

  private TestClients() {
  }

  /** A client of {@code server}'s {@code /v3/}, with test credentials, fast retries and short timeouts. */
  static RallyCongress.Builder client(MockWebServer server) {
    return client(server.url("/v3/"));
  }

  static RallyCongress.Builder client(HttpUrl baseUrl) {
    return RallyCongress.builder()
        .credentials(ACCOUNT_ID, AUTH_TOKEN)
        .baseUrl(baseUrl.toString())
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2))
        .retryPolicy(FAST_RETRIES);
  }

  /** {@code server}'s base URL with the literal host 127.0.0.1 instead of {@code localhost}. */
  static HttpUrl loopbackIp(MockWebServer server) {
    return server.url("/v3/").newBuilder().host("127.0.0.1").build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse error(int code, String... messages) {
    StringBuilder body = new StringBuilder("{\"response\":{\"errors\":[");
    for (int i = 0; i < messages.length; i++) {
      body.append(i == 0 ? "" : ",").append('"').append(messages[i]).append('"');
    }
    return json(code, body.append("]}}").toString());
  }

  /** Subscribes and waits up to 5 s for the value; fails the test on an error or a timeout. */
  static <T> T await(Single<T> single) throws InterruptedException {
    Outcome<T> outcome = outcome(single);
    assertThat(outcome.error).as("error").isNull();
    return outcome.value;
  }

  /** Subscribes and waits up to 5 s for the error; fails the test on a value or a timeout. */
  static Throwable failure(Single<?> single) throws InterruptedException {
    Outcome<?> outcome = outcome(single);
    assertThat(outcome.value).as("value").isNull();
    assertThat(outcome.error).as("error").isNotNull();
    return outcome.error;
  }

  /**
   * Waits up to 10 s until {@code rally}'s OkHttp dispatcher has no call running or queued; fails
   * the test if it does not. OkHttp counts a call from its enqueue (on the thread that subscribes)
   * until its result has been delivered, and a page stream asks for a page only inside
   * {@code request(n)} or inside the delivery of the page before, as a retry is made inside its
   * call: once the test calls {@code request(n)} no more, an idle dispatcher means that nothing
   * more will be sent, where a sleep could only hope so. (A BodyRetry wait, after a GET's body was
   * cut, holds no call: it is not covered.) Replaces the dispatcher's idle callback.
   */
  static void awaitIdle(RallyCongress rally) throws InterruptedException {
    okhttp3.Dispatcher dispatcher = rally.httpClient().dispatcher();
    CountDownLatch idle = new CountDownLatch(1);
    // Set before the counts are read: a call that ends after this finds it, one that ended before
    // is not in the counts.
    dispatcher.setIdleCallback(idle::countDown);
    if (dispatcher.runningCallsCount() + dispatcher.queuedCallsCount() == 0) {
      idle.countDown();
    }
    assertThat(idle.await(10, SECONDS)).as("the client's calls ended within 10 s").isTrue();
  }

  private static <T> Outcome<T> outcome(Single<T> single) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<T> value = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Disposable subscription = single.subscribe(v -> {
      value.set(v);
      done.countDown();
    }, e -> {
      error.set(e);
      done.countDown();
    });
    boolean finished = done.await(5, SECONDS);
    subscription.dispose();
    assertThat(finished).as("finished within 5 s").isTrue();
    return new Outcome<>(value.get(), error.get());
  }

  private static final class Outcome<T> {
    final T value;
    final Throwable error;

    Outcome(T value, Throwable error) {
      this.value = value;
      this.error = error;
    }
  }
}
