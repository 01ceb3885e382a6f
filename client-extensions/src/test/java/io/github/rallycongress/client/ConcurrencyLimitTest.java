package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code maxConcurrentRequests} bounds what the server sees at once, however many calls are subscribed. */
@Timeout(value = 20, unit = SECONDS)
class ConcurrencyLimitTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          MILLISECONDS.sleep(250);
        } finally {
          inFlight.decrementAndGet();
        }
        return json(200, SUPPORTER_JSON);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sixParallelCallsReachTheServerAtMostTwoAtATime() throws Exception {
    RallyCongress rally = client(server).maxConcurrentRequests(2).build();
    List<Single<Supporter>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(rally.supporter("900123"));
    }

    TestSubscriber<Supporter> subscriber = Single.merge(calls).test();

    assertThat(subscriber.await(10, SECONDS)).as("finished in time").isTrue();
    subscriber.assertNoErrors().assertValueCount(6);
    assertThat(server.getRequestCount()).isEqualTo(6);
    assertThat(mostInFlight).hasValue(2);
  }

  /**
   * A call waiting out a 429's Retry-After keeps its place among the maxConcurrentRequests: the
   * server asked the client to slow down, so another call queued behind it is not sent into the
   * same limit meanwhile (RallyCongress.Builder#maxConcurrentRequests says so).
   */
  @Test
  void aCallWaitingOutRetryAfterKeepsItsPlace() throws Exception {
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch firstAnswered = new java.util.concurrent.CountDownLatch(1);
    MockWebServer limited = firstAnsweredWith(new MockResponse.Builder().code(429).setHeader("Retry-After", "1")
        .build(), order, firstAnswered);
    try {
      RallyCongress rally = client(limited).maxConcurrentRequests(1).build();
      TestSubscriber<Supporter> first = rally.supporter("111").toFlowable().test();
      assertThat(firstAnswered.await(10, SECONDS)).isTrue();
      TestSubscriber<Supporter> second = rally.supporter("222").toFlowable().test();

      assertThat(first.await(10, SECONDS)).isTrue();
      assertThat(second.await(10, SECONDS)).isTrue();
      first.assertNoErrors().assertValueCount(1);
      second.assertNoErrors().assertValueCount(1);
      assertThat(order).containsExactly("111", "111", "222");
    } finally {
      limited.close();
    }
  }

  /**
   * A call whose body was cut waits for its next attempt without a place (the cut fails the
   * attempt, which gives the place back; the whole call is made again after the backoff): a call
   * queued behind it is sent meanwhile. Only the waits of a request that got no usable response
   * (a 429's Retry-After, a 503, a failure before the body) keep the place.
   */
  @Test
  void aCallWhoseBodyWasCutWaitsForItsNextAttemptWithoutAPlace() throws Exception {
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch firstAnswered = new java.util.concurrent.CountDownLatch(1);
    MockWebServer limited = firstAnsweredWith(json(200, SUPPORTER_JSON).newBuilder()
        .onResponseBody(new mockwebserver3.SocketEffect.CloseSocket()).build(), order, firstAnswered);
    try {
      // The first call's next attempt comes 30 s after the cut: long after the second call's 10 s.
      RallyCongress rally = client(limited).maxConcurrentRequests(1).callTimeout(java.time.Duration.ofSeconds(60))
          .retryPolicy(RetryPolicy.builder().initialBackoff(java.time.Duration.ofSeconds(30))
              .maxBackoff(java.time.Duration.ofSeconds(30)).jitter(0).build())
          .build();
      TestSubscriber<Supporter> first = rally.supporter("111").toFlowable().test();
      assertThat(firstAnswered.await(10, SECONDS)).isTrue();
      TestSubscriber<Supporter> second = rally.supporter("222").toFlowable().test();

      assertThat(second.await(10, SECONDS)).as("the second call, sent while the first waits").isTrue();
      second.assertNoErrors().assertValueCount(1);
      assertThat(order).containsExactly("111", "222");
      first.assertNotComplete().assertNoErrors();
      first.cancel();
    } finally {
      limited.close();
    }
  }

  /**
   * A started server that answers the first request with {@code first} and the others with a
   * supporter, adding each request's last path segment (the supporter id) to {@code order}.
   */
  private static MockWebServer firstAnsweredWith(MockResponse first, List<String> order,
      java.util.concurrent.CountDownLatch firstAnswered) throws IOException {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        order.add(path.substring(path.lastIndexOf('/') + 1));
        if (order.size() == 1) {
          firstAnswered.countDown();
          return first;
        }
        return json(200, SUPPORTER_JSON);
      }
    });
    server.start();
    return server;
  }
}
