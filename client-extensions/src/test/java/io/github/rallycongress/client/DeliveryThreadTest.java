package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The threads {@link RallyCongress}'s javadoc ("Threads") names: a result on a dispatcher thread,
 * a call refused before it is sent on the thread that subscribes.
 */
@Timeout(value = 20, unit = SECONDS)
class DeliveryThreadTest {
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
  void aResponseIsDeliveredOnADispatcherThread() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress rally = client(server).build();

    Thread delivered = deliveryThread(rally.supporter("900123"));

    assertThat(delivered).isNotSameAs(Thread.currentThread());
    assertThat(delivered.isDaemon()).isTrue();
  }

  @Test
  void aValueTheGeneratedApiCannotSendFailsOnTheSubscribingThread() throws Exception {
    RallyCongress rally = client(server).build();

    assertThat(deliveryThread(rally.supportersApi().getSupporter(" "))).isSameAs(Thread.currentThread());
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aCallAfterCloseFailsOnTheSubscribingThread() throws Exception {
    RallyCongress rally = client(server).build();
    rally.close();

    assertThat(deliveryThread(rally.supporter("900123"))).isSameAs(Thread.currentThread());
    assertThat(server.getRequestCount()).isZero();
  }

  /** The thread that delivers {@code single}'s value or error. */
  private static Thread deliveryThread(Single<?> single) throws InterruptedException {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    single.subscribe(value -> {
      thread.set(Thread.currentThread());
      done.countDown();
    }, error -> {
      thread.set(Thread.currentThread());
      done.countDown();
    });
    assertThat(done.await(10, SECONDS)).as("delivered").isTrue();
    return thread.get();
  }
}
