package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.observers.TestObserver;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Supporter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Disposing cancels the HTTP call, and the cancellation's error reaches nobody (RxJavaPlugins included). */
@Timeout(value = 20, unit = SECONDS)
class DisposeTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void disposingAnInFlightCallCancelsItAndNothingIsDelivered() throws Exception {
    CountDownLatch canceled = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    OkHttpClient listening = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.countDown();
      }

      @Override
      public void callFailed(Call call, IOException ioe) {
        failed.countDown();
      }
    }).build();
    // An answer 30 s away, and a read timeout longer than that: the dispose comes first however
    // slow the test thread (a 2 s delay, with the 2 s read timeout, had it lose to the answer).
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(30, SECONDS).build());
    RallyCongress rally = client(server).okHttpClient(listening).readTimeout(Duration.ofSeconds(30)).build();

    TestObserver<Supporter> observer = rally.supporter("900123").test();
    assertThat(server.takeRequest(5, SECONDS)).isNotNull();
    observer.dispose();

    assertThat(canceled.await(5, SECONDS)).as("call canceled").isTrue();
    assertThat(failed.await(5, SECONDS)).as("call ended by the cancel").isTrue();
    observer.assertEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /**
   * What the class javadoc says of a blocking operator whose thread is interrupted: RxJava disposes
   * the call (cancelled) and throws a RuntimeException around the InterruptedException, the flag
   * cleared; a POST already sent may have been acted on, but no OutcomeUnknownException says so.
   */
  @Test
  void anInterruptedBlockingGetCancelsTheCallAndThrowsRxJavasWrappedInterruptedException() throws Exception {
    CountDownLatch canceled = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    OkHttpClient listening = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.countDown();
      }
    }).build();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        answer.await(10, SECONDS);
        return json(201, "{\"id\":\"sub-1\"}");
      }
    });
    RallyCongress rally = client(server).okHttpClient(listening).build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        rally.submitAction(ActionRequest.builder("17465", ActionType.LETTER).firstName("Ada").lastName("Lovelace")
            .zipCode("12207").email("ada@example.org").noDelivery().build()).blockingGet();
      } catch (Throwable t) {
        thrown.set(t);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    try {
      caller.start();
      assertThat(server.takeRequest(5, SECONDS)).as("the letter reached the server").isNotNull();
      caller.interrupt();
      caller.join(5_000);

      assertThat(thrown.get()).isExactlyInstanceOf(RuntimeException.class)
          .hasCauseExactlyInstanceOf(InterruptedException.class);
      assertThat(stillInterrupted).isFalse();
      assertThat(canceled.await(5, SECONDS)).as("call canceled").isTrue();
    } finally {
      answer.countDown();
    }
  }
}
