package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RallyCongress#close()} releases what the client owns, and nothing of an app's client;
 * every way a call can be made after it fails with the one documented {@link IllegalStateException},
 * delivered to {@code onError}, sending nothing.
 */
@Timeout(value = 20, unit = SECONDS)
class CloseTest {
  /**
   * What every call made after close reaches onError with: it was OkHttp's bare
   * InterruptedIOException("executor rejected"), which an app would take for a network failure.
   */
  private static final String CLOSED = "This RallyCongress was closed (RallyCongress#close): the call was not sent."
      + " Build another RallyCongress to make calls.";

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
    // The answer waits for the close: a fixed delay let a slow test thread close after the call ended.
    CountDownLatch closed = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        closed.await(5, SECONDS);
        return json(200, SUPPORTER_JSON);
      }
    });
    RallyCongress rally = client(server).cacheDirectory(cacheDirectory.toFile(), 1024 * 1024).build();
    TestObserver<Supporter> observer = rally.supporter("900123").test();
    assertThat(server.takeRequest(5, SECONDS)).isNotNull();

    rally.close();
    assertThat(rally.httpClient().cache().isClosed()).as("cache closed while its call is under way").isFalse();
    closed.countDown();

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
    assertThat(server.takeRequest(5, SECONDS)).isNotNull();

    rally.close(); // while the call waits to try again

    observer.await(5, SECONDS);
    observer.assertValue(supporter -> supporter.getId().equals("900123"));
    assertThat(server.getRequestCount()).isEqualTo(2);
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

  /** A call subscribed to before close that waits for one of the maxConcurrentRequests is under way too. */
  @Test
  void aCallWaitingForItsTurnWhenClosedIsStillSent() throws Exception {
    CountDownLatch firstArrived = new CountDownLatch(1);
    CountDownLatch answerFirst = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        firstArrived.countDown();
        assertThat(answerFirst.await(10, SECONDS)).isTrue();
        return json(200, SUPPORTER_JSON);
      }
    });
    RallyCongress rally = client(server).maxConcurrentRequests(1).build();
    TestObserver<Supporter> first = rally.supporter("900123").test();
    assertThat(firstArrived.await(5, SECONDS)).isTrue();
    TestObserver<Supporter> waiting = rally.supporter("900123").test();

    rally.close();
    answerFirst.countDown();

    first.await(5, SECONDS);
    waiting.await(5, SECONDS);
    first.assertValueCount(1);
    waiting.assertValueCount(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void eachMethodOfTheClientFailsWithTheClosedErrorAndSendsNothing() throws Exception {
    RallyCongress rally = client(server).build();
    Single<Supporter> madeBeforeClose = rally.supporter("900123");
    rally.close();

    assertClosed(failure(rally.supporter("900123")));
    assertClosed(failure(madeBeforeClose));
    assertClosed(failure(rally.campaign("17465")));
    assertClosed(failure(rally.actionForm("17465", ActionType.LETTER, null)));
    assertClosed(failure(rally.submitAction(ActionRequest.builder("17465", ActionType.LETTER)
        .firstName("Ada").lastName("Lovelace").zipCode("12207").email("ada@example.org").noDelivery().build())));
    assertClosed(failure(rally.createSupporter(SupporterForm.builder().email("ada@example.org").build())));
    assertClosed(failure(rally.updateSupporter("900123", SupporterForm.builder().firstName("Ada").build())));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theGeneratedApisItHandsOutFailWithTheClosedError() throws Exception {
    RallyCongress rally = client(server).build();
    rally.close();

    assertClosed(failure(rally.supportersApi().getSupporter("900123")));
    assertClosed(failure(rally.campaignsApi().listCampaigns(null, null)));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void blockingGetThrowsTheClosedError() {
    RallyCongress rally = client(server).build();
    rally.close();

    assertThatThrownBy(() -> rally.supporter("900123").blockingGet())
        .isExactlyInstanceOf(IllegalStateException.class).hasMessage(CLOSED);
  }

  @Test
  void aStreamsFirstPageFailsWithTheClosedError() throws Exception {
    server.setDispatcher(new PageServer(4, 2));
    RallyCongress rally = client(server).build();
    Flowable<Supporter> madeBeforeClose = rally.supporters(SupporterQuery.all());
    rally.close();

    for (Flowable<?> stream : java.util.Arrays.<Flowable<?>>asList(madeBeforeClose,
        rally.supporters(SupporterQuery.all()), rally.supporterPages(SupporterQuery.all(), PageOptions.defaults()),
        rally.campaigns(), rally.supporters(SupporterQuery.all(), PageOptions.builder().parallelism(3).build()))) {
      TestSubscriber<?> subscriber = stream.test();
      subscriber.await(5, SECONDS);
      subscriber.assertNoValues();
      subscriber.assertError(CloseTest::isClosed);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aStreamsNextPageFailsWithTheClosedError() throws Exception {
    PageServer pages = new PageServer(4, 2);
    server.setDispatcher(pages);
    RallyCongress rally = client(server).build();
    TestSubscriber<Supporter> subscriber = rally.supporters(SupporterQuery.all()).test(2L);
    subscriber.awaitCount(2);

    rally.close();
    subscriber.request(1);

    subscriber.await(5, SECONDS);
    subscriber.assertValueCount(2);
    subscriber.assertError(CloseTest::isClosed);
    assertThat(pages.pageRequests()).isEqualTo(1);
  }

  @Test
  void aParallelStreamsLaterPagesFailWithTheClosedError() throws Exception {
    PageServer pages = new PageServer(20, 2);
    server.setDispatcher(pages);
    RallyCongress rally = client(server).build();
    TestSubscriber<Supporter> subscriber = rally.supporters(SupporterQuery.all(),
        PageOptions.builder().parallelism(2).build()).test(1L);
    subscriber.awaitCount(1);

    rally.close();
    subscriber.request(Long.MAX_VALUE);

    subscriber.await(5, SECONDS);
    subscriber.assertError(CloseTest::isClosed);
    assertThat(subscriber.values().size()).isLessThan(20);
  }

  /** BodyRetry makes a new call for a GET whose body was cut: after close, that call is not sent. */
  @Test
  void aGetMadeAgainAfterItsBodyWasCutFailsWithTheClosedError() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress[] rally = new RallyCongress[1];
    rally[0] = client(server).retryListener(event -> rally[0].close()).build();

    assertClosed(failure(rally[0].supporter("900123")));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /**
   * A client built on an app's OkHttpClient has a dispatcher of its own: the app shutting its
   * client down (OkHttp's recipe: executor, connections, cache) does not stop it; closing it does.
   */
  @Test
  void aClientOnAnAppsOkHttpClientOutlivesTheAppsShutdownAndFailsWithTheClosedErrorOnceClosed() throws Exception {
    OkHttpClient app = new OkHttpClient();
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress rally = client(server).okHttpClient(app).build();

    app.dispatcher().executorService().shutdown();
    app.connectionPool().evictAll();

    assertThat(await(rally.supporter("900123")).getId()).isEqualTo("900123");
    rally.close();
    assertClosed(failure(rally.supporter("900123")));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  private static void awaitClosed(okhttp3.Cache cache) throws InterruptedException {
    long end = System.nanoTime() + SECONDS.toNanos(5);
    while (!cache.isClosed() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(cache.isClosed()).as("cache closed once its call ended").isTrue();
  }

  private static void assertClosed(Throwable error) {
    assertThat(error).isExactlyInstanceOf(IllegalStateException.class).hasMessage(CLOSED).hasNoCause();
  }

  private static boolean isClosed(Throwable error) {
    assertClosed(error);
    return true;
  }
}
