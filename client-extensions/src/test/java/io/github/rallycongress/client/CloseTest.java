package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.observers.TestObserver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link RallyCongress#close()} releases what the client owns, and nothing of an app's client. */
@Timeout(value = 20, unit = SECONDS)
class CloseTest {
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
  void closeClosesTheConnectionsOfItsOwnPoolAndItsCache(@TempDir Path cacheDirectory) throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress rally = client(server).cacheDirectory(cacheDirectory.toFile(), 1024 * 1024).build();
    await(rally.supporter("900123"));
    OkHttpClient http = rally.httpClient();
    assertThat(http.connectionPool().connectionCount()).isEqualTo(1);

    rally.close();

    awaitClosed(http.cache()); // the call's task may still be returning from the delivery of its value
    assertThat(http.connectionPool().connectionCount()).isZero();
  }

  @Test
  void aCallUnderWayGoesOnToItsResultAndTheReleaseFollowsIt(@TempDir Path cacheDirectory) throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(500, MILLISECONDS).build());
    RallyCongress rally = client(server).cacheDirectory(cacheDirectory.toFile(), 1024 * 1024).build();
    TestObserver<Supporter> observer = rally.supporter("900123").test();
    assertThat(server.takeRequest(2, SECONDS)).isNotNull();

    rally.close();
    assertThat(rally.httpClient().cache().isClosed()).as("cache closed while its call is under way").isFalse();

    observer.await(5, SECONDS);
    observer.assertValue(supporter -> supporter.getId().equals("900123"));
    awaitClosed(rally.httpClient().cache());
    assertThat(rally.httpClient().connectionPool().connectionCount()).isZero();
  }

  @Test
  void aRetryOfACallUnderWayIsStillSentAfterClose() throws Exception {
    server.enqueue(TestClients.error(503, "Try again"));
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress rally = client(server)
        .retryPolicy(TestClients.FAST_RETRIES.newBuilder().initialBackoff(java.time.Duration.ofMillis(300))
            .maxBackoff(java.time.Duration.ofMillis(300)).build())
        .build();
    TestObserver<Supporter> observer = rally.supporter("900123").test();
    assertThat(server.takeRequest(2, SECONDS)).isNotNull();

    rally.close(); // while the call waits to try again

    observer.await(5, SECONDS);
    observer.assertValue(supporter -> supporter.getId().equals("900123"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStreamsNextPageAfterCloseFailsAndIsNotSent() throws Exception {
    PageServer pages = new PageServer(4, 2);
    server.setDispatcher(pages);
    RallyCongress rally = client(server).build();
    io.reactivex.rxjava3.subscribers.TestSubscriber<Supporter> subscriber =
        rally.supporters(SupporterQuery.all()).test(2L);
    subscriber.awaitCount(2);

    rally.close();
    subscriber.request(1);

    subscriber.await(5, SECONDS);
    subscriber.assertValueCount(2).assertError(InterruptedIOException.class);
    assertThat(pages.pageRequests()).isEqualTo(1);
  }

  @Test
  void aCallMadeAfterCloseFailsAndIsNotSent() throws Exception {
    RallyCongress rally = client(server).build();
    rally.close();
    rally.close(); // again: nothing more

    Throwable error = failure(rally.supporter("900123"));

    assertThat(error).isInstanceOf(InterruptedIOException.class).hasMessage("executor rejected");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void closeLeavesAnAppsOwnClientAndItsConnectionsAlone() throws Exception {
    OkHttpClient app = new OkHttpClient();
    server.enqueue(json(200, SUPPORTER_JSON));
    server.enqueue(json(200, "{}"));
    RallyCongress rally = client(server).okHttpClient(app).build();
    await(rally.supporter("900123"));

    rally.close();

    assertThat(app.connectionPool().connectionCount()).isEqualTo(1);
    try (Response own = app.newCall(new Request.Builder().url(server.url("/health")).build()).execute()) {
      assertThat(own.body().string()).isEqualTo("{}");
    }
    server.takeRequest();
    assertThat(server.takeRequest().getConnectionIndex()).as("the app's call, on the connection kept").isZero();
  }

  private static void awaitClosed(okhttp3.Cache cache) throws InterruptedException {
    long end = System.nanoTime() + SECONDS.toNanos(5);
    while (!cache.isClosed() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(cache.isClosed()).as("cache closed once its call ended").isTrue();
  }
}
