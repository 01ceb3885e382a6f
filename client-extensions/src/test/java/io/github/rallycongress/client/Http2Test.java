package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.observers.TestObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.internal.connection.RealConnection;
import okhttp3.internal.http2.ConnectionShutdownException;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.StreamResetException;
import okhttp3.logging.HttpLoggingInterceptor;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over HTTPS with HTTP/2 negotiated by ALPN, as the real API may serve it: a stream the server
 * refuses unprocessed ({@code REFUSED_STREAM}), or one that a connection shut down by a
 * {@code GOAWAY} never opened, is a request that never left, even for a POST.
 */
@Timeout(value = 20, unit = SECONDS)
class Http2Test {
  private static final HeldCertificate LOCALHOST =
      new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
  private static final ActionRequest LETTER = ActionRequest.builder("17465", ActionType.LETTER)
      .firstName("Ada").lastName("Lovelace").zipCode("12207").build();

  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private final List<RetryEvent> retries = new CopyOnWriteArrayList<>();
  private OkHttpClient trusting;

  @BeforeEach
  void start() throws IOException {
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(LOCALHOST).build().sslSocketFactory());
    server.setProtocols(Arrays.asList(Protocol.HTTP_2, Protocol.HTTP_1_1));
    server.start();
    HandshakeCertificates trust = new HandshakeCertificates.Builder()
        .addTrustedCertificate(LOCALHOST.certificate()).build();
    trusting = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RallyCongress.Builder rally() {
    return client(server).okHttpClient(trusting).retryListener(retries::add);
  }

  /** A stream refused with the given HTTP/2 error code as soon as the request arrives. */
  private static MockResponse resetOnArrival(ErrorCode code) {
    return new MockResponse.Builder().onRequestStart(new SocketEffect.CloseStream(code.getHttpCode())).build();
  }

  /** The requests the server read whole (a refused stream is recorded with its failure). */
  private List<RecordedRequest> posts() throws InterruptedException {
    List<RecordedRequest> posts = new ArrayList<>();
    for (RecordedRequest request; (request = server.takeRequest(100, MILLISECONDS)) != null; ) {
      assertThat(request.getVersion()).isEqualTo("HTTP/2");
      if (request.getMethod().equals("POST")) {
        posts.add(request);
      }
    }
    return posts;
  }

  @Test
  void aPostWhoseStreamIsRefusedUnprocessedIsSentAgainUnderTheRetryPolicy() throws Exception {
    server.enqueue(resetOnArrival(ErrorCode.REFUSED_STREAM));
    server.enqueue(json(200, "{\"id\":\"sub-1\"}"));

    ActionResult result = await(rally().build().submitAction(LETTER));

    assertThat(result.submission().getId()).isEqualTo("sub-1");
    assertThat(retries).hasSize(1);
    assertThat(retries.get(0).failure()).isInstanceOf(StreamResetException.class)
        .hasMessage("stream was reset: REFUSED_STREAM");
    assertThat(posts()).as("letters the server read").hasSize(1);
  }

  @Test
  void aPostWhoseStreamIsRefusedUnprocessedWithoutRetriesNeverLeft() throws Exception {
    server.enqueue(resetOnArrival(ErrorCode.REFUSED_STREAM));

    Throwable failure = failure(rally().retryPolicy(RetryPolicy.none()).build().submitAction(LETTER));

    assertThat(failure).isExactlyInstanceOf(StreamResetException.class).hasMessage("stream was reset: REFUSED_STREAM");
    assertThat(posts()).as("letters the server read").isEmpty();
  }

  @Test
  void aPostWhoseStreamIsResetOtherwiseHasAnUnknownOutcomeAndIsNeverSentAgain() throws Exception {
    server.enqueue(resetOnArrival(ErrorCode.INTERNAL_ERROR));
    server.enqueue(json(200, "{\"id\":\"sub-1\"}"));

    Throwable failure = failure(rally().build().submitAction(LETTER));

    assertThat(failure).isExactlyInstanceOf(OutcomeUnknownException.class).hasMessage("POST /v3/campaigns/17465/letter"
        + " was sent, but the connection was lost before the response arrived: the server may have acted on it;"
        + " check before sending again.");
    assertThat(failure.getCause()).hasMessage("stream was reset: INTERNAL_ERROR");
    assertThat(retries).isEmpty();
    // The server records a stream it resets only after sending the reset, so the client can see
    // the reset first: wait for the record, then count (a second send would have been answered).
    assertThat(server.takeRequest(5, SECONDS)).as("the reset stream's record").isNotNull();
    assertThat(server.getRequestCount()).as("requests that reached the server").isEqualTo(1);
  }

  @Test
  void aGetWhoseStreamIsRefusedIsRetriedOnTheSameConnection() throws Exception {
    server.enqueue(resetOnArrival(ErrorCode.REFUSED_STREAM));
    server.enqueue(json(200, TestClients.SUPPORTER_JSON));

    assertThat(await(rally().build().supporter("900123")).getId()).isEqualTo("900123");

    assertThat(retries).hasSize(1);
    // The refused stream is recorded (without its target) after its reset is sent, so its record
    // and the retried stream's may be queued in either order.
    List<RecordedRequest> streams = Arrays.asList(server.takeRequest(5, SECONDS), server.takeRequest(5, SECONDS));
    assertThat(streams).doesNotContainNull()
        .filteredOn(request -> request.getTarget().equals("/v3/supporters/900123"))
        .singleElement().satisfies(retried -> assertThat(retried.getConnectionIndex()).isZero());
  }

  @Test
  void aPostWhoseConnectionShutsDownBeforeItsStreamOpensIsSentAgainOnAnother() throws Exception {
    // The GET's connection ends with a GOAWAY once its response is sent, and the GET is answered
    // once the POST has been given that connection (a fixed delay for it lost to a slow machine).
    // (A queue: over HTTP/2 MockWebServer takes a stream's socket effects from the peeked response.)
    CountDownLatch postGivenAConnection = new CountDownLatch(1);
    QueueDispatcher answers = new QueueDispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getMethod().equals("GET")) {
          postGivenAConnection.await(5, SECONDS);
        }
        return super.dispatch(request);
      }
    };
    answers.enqueue(json(200, TestClients.SUPPORTER_JSON).newBuilder()
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
    answers.enqueue(json(200, "{\"id\":\"sub-1\"}"));
    server.setDispatcher(answers);
    AtomicReference<Connection> getConnection = new AtomicReference<>();
    OkHttpClient watching = trusting.newBuilder().eventListener(new EventListener() {
      @Override
      public void connectionAcquired(Call call, Connection connection) {
        getConnection.compareAndSet(null, connection);
        if (call.request().method().equals("POST")) {
          postGivenAConnection.countDown();
        }
      }
    }).build();
    CountDownLatch getDone = new CountDownLatch(1);
    // The logger runs after NetworkAttempt and before the stream opens: it holds the POST there, on
    // the connection it was given while that was healthy, until the client has read the GOAWAY.
    RallyCongress rally = rally().okHttpClient(watching).logLevel(HttpLoggingInterceptor.Level.BASIC).logger(line -> {
      if (line.startsWith("--> POST")) {
        try {
          getDone.await(5, SECONDS);
          long deadline = System.nanoTime() + SECONDS.toNanos(5);
          while (((RealConnection) getConnection.get()).isHealthy(false) && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }).build();

    TestObserver<Supporter> get = rally.supporter("900123").test();
    // The GET's stream is open (the server has read it), so the POST shares its connection.
    assertThat(server.takeRequest(5, SECONDS)).as("the GET").isNotNull();
    TestObserver<ActionResult> post = rally.submitAction(LETTER).test();
    get.awaitDone(5, SECONDS).assertComplete();
    getDone.countDown();

    post.awaitDone(5, SECONDS).assertNoErrors();
    assertThat(post.values().get(0).submission().getId()).isEqualTo("sub-1");
    assertThat(getConnection.get()).as("the GET's connection").isNotNull();
    assertThat(((RealConnection) getConnection.get()).isHealthy(false)).as("the GET's connection after the GOAWAY").isFalse();
    assertThat(retries).hasSize(1);
    assertThat(retries.get(0).failure()).isExactlyInstanceOf(ConnectionShutdownException.class);
    List<RecordedRequest> posts = posts();
    assertThat(posts).as("letters the server read").hasSize(1);
    assertThat(posts.get(0).getConnectionIndex()).as("connection of the letter").isEqualTo(1);
  }
}
