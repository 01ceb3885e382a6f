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
}
