package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.FAST_RETRIES;
import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.error;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GETs are retried on network failures, 429, 500 and 503; POSTs only where the server certainly did
 * not act (429, a failure to connect). {@link TestClients#FAST_RETRIES} allows 3 attempts.
 */
@Timeout(value = 20, unit = SECONDS)
class RetryTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();

  private static final ActionRequest LETTER = ActionRequest.builder("17465", ActionType.LETTER)
      .firstName("Ada").lastName("Lovelace").zipCode("12207").build();
  private static final String LETTER_FORM = "firstname=Ada&lastname=Lovelace&zipcode=12207";
  private static final String DELIVERED = "{\"id\":\"sub-1\"}";

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 503})
  void getThatFailsWithARetryableStatusIsRetriedThenSucceeds(int status) throws Exception {
    server.enqueue(error(status, "Try again"));
    server.enqueue(json(200, SUPPORTER_JSON));

    Supporter supporter = await(client(server).build().supporter("900123"));

    assertThat(supporter.getId()).isEqualTo("900123");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRetryReusesTheConnectionBecauseTheFailedResponseWasClosed() throws Exception {
    server.enqueue(error(503, "Try again"));
    server.enqueue(json(200, SUPPORTER_JSON));

    await(client(server).build().supporter("900123"));

    RecordedRequest first = server.takeRequest(1, SECONDS);
    RecordedRequest second = server.takeRequest(1, SECONDS);
    assertThat(second.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
    assertThat(second.getExchangeIndex()).isEqualTo(first.getExchangeIndex() + 1);
  }

  @Test
  void getThatIsRateLimitedWaitsForRetryAfter() throws Exception {
    server.enqueue(error(429, "Too many requests").newBuilder().setHeader("Retry-After", "1").build());
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress rally = client(server).build();

    long start = System.nanoTime();
    Supporter supporter = await(rally.supporter("900123"));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(supporter.getId()).isEqualTo("900123");
    assertThat(elapsedMillis).isBetween(900L, 4_000L);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /**
   * RFC 9110, section 10.2.3: Retry-After is delay-seconds or an HTTP-date (in any of the three
   * forms a recipient must read); the retry waits for either, the date read on the client's clock
   * when the response has no {@code Date}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"1", "Sat, 14 Mar 2026 15:00:01 GMT", "Saturday, 14-Mar-26 15:00:01 GMT",
      "Sat Mar 14 15:00:01 2026"})
  void aRetryWaitsForRetryAfterGivenInSecondsOrAsAnHttpDate(String retryAfter) throws Exception {
    server.enqueue(error(429, "Too many requests").newBuilder().setHeader("Retry-After", retryAfter).build());
    server.enqueue(json(200, SUPPORTER_JSON));
    List<RetryEvent> retries = new CopyOnWriteArrayList<>();
    RallyCongress rally = client(server).clock(Clock.fixed(Instant.parse("2026-03-14T15:00:00Z"), ZoneOffset.UTC))
        .retryListener(retries::add).build();

    Supporter supporter = await(rally.supporter("900123"));

    assertThat(supporter.getId()).isEqualTo("900123");
    assertThat(retries).extracting(RetryEvent::reason, RetryEvent::delay)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("HTTP 429", Duration.ofSeconds(1)));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /**
   * The retry itself waits as the server meant when the client's clock runs an hour ahead of it:
   * the HTTP-date is read against the response's {@code Date}, so the wait is 1 s, not none.
   */
  @Test
  void aRetryWaitsForAnHttpDateByTheServersClock() throws Exception {
    server.enqueue(error(429, "Too many requests").newBuilder().setHeader("Date", "Sat, 14 Mar 2026 15:00:00 GMT")
        .setHeader("Retry-After", "Sat, 14 Mar 2026 15:00:01 GMT").build());
    server.enqueue(json(200, SUPPORTER_JSON));
    List<RetryEvent> retries = new CopyOnWriteArrayList<>();
    RallyCongress rally = client(server).clock(Clock.fixed(Instant.parse("2026-03-14T16:00:00Z"), ZoneOffset.UTC))
        .retryListener(retries::add).build();

    long start = System.nanoTime();
    Supporter supporter = await(rally.supporter("900123"));

    assertThat(supporter.getId()).isEqualTo("900123");
    assertThat(retries).extracting(RetryEvent::reason, RetryEvent::delay)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("HTTP 429", Duration.ofSeconds(1)));
    assertThat((System.nanoTime() - start) / 1_000_000).as("waited").isGreaterThanOrEqualTo(900L);
  }

  @Test
  void getThatLosesItsConnectionBeforeAnyResponseIsRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, SUPPORTER_JSON));

    Supporter supporter = await(client(server).build().supporter("900123"));

    assertThat(supporter.getId()).isEqualTo("900123");
  }

  @Test
  void getThatTimesOutWaitingForTheResponseIsRetried() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(2, SECONDS).build());
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress rally = client(server).readTimeout(Duration.ofMillis(200)).build();

    Supporter supporter = await(rally.supporter("900123"));

    assertThat(supporter.getId()).isEqualTo("900123");
    // The first attempt timed out 200 ms after it was sent, whether or not the server had read it:
    // its record may come after the answered retry's.
    assertThat(server.takeRequest(5, SECONDS)).as("a record").isNotNull();
    assertThat(server.takeRequest(5, SECONDS)).as("the other record").isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void getStopsAfterMaxAttemptsAndTheLastFailureArrives() throws Exception {
    for (int i = 1; i <= 5; i++) {
      server.enqueue(error(503, "Attempt " + i));
    }

    Throwable failure = failure(client(server).build().supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class,
        e -> assertThat(e.errors()).containsExactly("Attempt 3"));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void noRetryStartsWhoseWaitWouldEndPastMaxElapsed() throws Exception {
    server.enqueue(error(503, "Down for maintenance").newBuilder().setHeader("Retry-After", "5").build());
    server.enqueue(json(200, SUPPORTER_JSON));
    RetryPolicy policy = FAST_RETRIES.newBuilder().maxElapsed(Duration.ofSeconds(1)).build();

    long start = System.nanoTime();
    Throwable failure = failure(client(server).retryPolicy(policy).build().supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
    assertThat((System.nanoTime() - start) / 1_000_000).as("no 5 s wait").isLessThan(4_000L);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** A wait past any deadline, up to more than a long holds: the error arrives, at once. */
  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807", "99999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"})
  void aRetryAfterOfAnyLengthEndsWithTheErrorAtOnce(String retryAfter) throws Exception {
    server.enqueue(error(429, "Slow down").newBuilder().setHeader("Retry-After", retryAfter).build());
    server.enqueue(json(200, SUPPORTER_JSON));

    long start = System.nanoTime();
    Throwable failure = failure(client(server).build().supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RateLimitedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(RetryAfter.MAX));
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000L);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void unauthorizedIsNotRetried() throws Exception {
    server.enqueue(error(401, "Invalid credentials"));
    server.enqueue(json(200, SUPPORTER_JSON));

    assertThat(failure(client(server).build().supporter("900123"))).isInstanceOf(AuthenticationException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void postThatGetsAServerErrorIsNotRetried(int status) throws Exception {
    server.enqueue(error(status, "Internal error"));
    server.enqueue(json(200, DELIVERED));

    Throwable failure = failure(client(server).build().submitAction(LETTER));

    assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.method()).isEqualTo("POST");
    });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void postThatIsRateLimitedIsRetriedWithTheSameForm() throws Exception {
    server.enqueue(error(429, "Too many requests").newBuilder().setHeader("Retry-After", "0").build());
    server.enqueue(json(200, DELIVERED));

    ActionResult result = await(client(server).build().submitAction(LETTER));

    assertThat(result.isComplete()).isTrue();
    assertThat(result.id()).isEqualTo("sub-1");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(server.takeRequest(1, SECONDS).getBody().utf8()).isEqualTo(LETTER_FORM);
    assertThat(server.takeRequest(1, SECONDS).getBody().utf8()).isEqualTo(LETTER_FORM);
  }

  @Test
  void postWhoseConnectionDropsAfterSendingIsNotRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, DELIVERED));

    Throwable failure = failure(client(server).build().submitAction(LETTER));

    assertThat(failure).isInstanceOf(IOException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(server.takeRequest(1, SECONDS).getBody().utf8()).isEqualTo(LETTER_FORM);
  }

  @Test
  void postThatTimesOutWaitingForTheResponseIsNotRetried() throws Exception {
    server.enqueue(json(200, DELIVERED).newBuilder().headersDelay(2, SECONDS).build());
    server.enqueue(json(200, DELIVERED));
    RallyCongress rally = client(server).readTimeout(Duration.ofMillis(200)).build();

    Throwable failure = failure(rally.submitAction(LETTER));

    assertThat(failure).isInstanceOf(OutcomeUnknownException.class).hasCauseInstanceOf(SocketTimeoutException.class);
    // The client gave up 200 ms after sending, whether or not the server had read the POST: wait for
    // its record, then count (a second send would be recorded before this failure arrived).
    assertThat(server.takeRequest(5, SECONDS)).as("the POST's record").isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void postThatCannotConnectIsRetriedUpToMaxAttempts() throws Exception {
    HttpUrl closed = closedPort();
    AtomicInteger connects = new AtomicInteger();
    OkHttpClient counting = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        connects.incrementAndGet();
      }
    }).build();

    Throwable failure = failure(client(closed).okHttpClient(counting).build().submitAction(LETTER));

    assertThat(failure).isInstanceOf(ConnectException.class);
    assertThat(connects).hasValue(3);
  }

  @Test
  void disposingWhileWaitingToRetryStopsRetrying() throws Exception {
    // Retry-After: 3 gives the test thread 3 s to dispose once the wait has begun, which a loaded
    // machine does not take from it (with 1 s, a thread woken late would see the retry go out).
    server.enqueue(error(503, "Try again").newBuilder().setHeader("Retry-After", "3").build());
    server.enqueue(json(200, SUPPORTER_JSON));

    java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
    Disposable subscription = client(server).retryListener(retry -> waiting.countDown()).build()
        .supporter("900123").subscribe(s -> { }, e -> { });
    assertThat(server.takeRequest(5, SECONDS)).isNotNull();
    // The listener is told just before the wait begins: the 503 has been read.
    assertThat(waiting.await(5, SECONDS)).as("the 503 was read and the wait for Retry-After began").isTrue();
    subscription.dispose();

    // The retry would go out about 3 s after the event; wait beyond that for it.
    assertThat(server.takeRequest(4, SECONDS)).as("a request after dispose").isNull();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** A loopback URL on which nothing listens: a server's port, once that server is closed. */
  @Test
  void getWhoseConnectionDropsMidBodyIsRetriedAndSucceeds() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, SUPPORTER_JSON));

    Supporter supporter = await(client(server).build().supporter("900123"));

    assertThat(supporter.getId()).isEqualTo("900123");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void getWhoseBodyIsCutOnEveryAttemptEndsWithTheNetworksOwnError() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(200, SUPPORTER_JSON).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build());
    }

    Throwable failure = failure(client(server).retryPolicy(FAST_RETRIES.newBuilder().maxAttempts(3).build()).build()
        .supporter("900123"));

    assertThat(failure).isInstanceOf(IOException.class)
        .isNotInstanceOf(BodyRetry.BodyReadException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  /**
   * A GET made again after its body was cut goes on with the attempts its first request used:
   * each shape below is sent maxAttempts (3) times in all, however the cut bodies and the
   * retryable statuses follow each other. Each call made again used to count from 1 again.
   */
  @ParameterizedTest
  @ValueSource(strings = {"cut 503 503 503 503 503", "503 cut cut cut cut cut", "cut cut 503 503 503 503",
      "503 cut 503 cut 503 cut"})
  void aGetIsSentAtMostMaxAttemptsTimesHoweverCutBodiesAndStatusesMix(String answers) throws Exception {
    for (String answer : answers.split(" ")) {
      server.enqueue(answer.equals("cut")
          ? json(200, SUPPORTER_JSON).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build()
          : error(503, "Down"));
    }
    java.util.List<Integer> retryNumbers = new java.util.concurrent.CopyOnWriteArrayList<>();

    Throwable failure = failure(client(server).retryListener(event -> retryNumbers.add(event.nextAttempt())).build()
        .supporter("900123"));

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(retryNumbers).containsExactly(2, 3);
    if (answers.split(" ")[2].equals("cut")) {
      assertThat(failure).isInstanceOf(IOException.class).isNotInstanceOf(BodyRetry.BodyReadException.class);
    } else {
      assertThat(failure).isInstanceOf(ServerErrorException.class);
    }
  }

  /**
   * The deadline runs from the call's first request: a call made again after a cut body has only
   * what is left of it. With a deadline of its own, the second attempt here would succeed 2.2 s
   * into it; with the first's, it cannot answer before 3.2 s, past the 3 s deadline, however slow
   * the machine (a server's delays only grow). The 2 s between the first answer and the deadline
   * are the room a loaded machine has to send the second attempt (it had 0.7 s).
   */
  @Test
  void aGetMadeAgainAfterACutBodyKeepsTheFirstRequestsDeadline() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(1000, MILLISECONDS)
        .onResponseBody(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(2200, MILLISECONDS).build());

    Throwable failure = failure(client(server).readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(3))
        .build().supporter("900123"));

    assertThat(failure).isInstanceOf(java.io.InterruptedIOException.class)
        .hasMessageContaining("did not complete within its deadline of 3 s (2 attempts");
    // The second attempt may be cut before the server has read it: wait for both records.
    assertThat(server.takeRequest(5, SECONDS)).as("the first attempt's record").isNotNull();
    assertThat(server.takeRequest(5, SECONDS)).as("the second attempt's record").isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /**
   * A GET's deadline starts with its first request, not when it is subscribed: waiting for the
   * one network slot of {@code maxConcurrentRequests(1)} behind a slow call does not use it up.
   * Counted from subscription, the second call's 3 s would end before its answer, which cannot
   * come before 3.2 s however slow the machine; each call has 1.4 s of room beyond its own 1.6 s
   * (it had 0.8 s), and a read timeout longer than the answer's delay.
   */
  @Test
  void aGetWaitingForANetworkSlotHasNotStartedItsDeadline() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(1600, MILLISECONDS).build());
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(1600, MILLISECONDS).build());
    RallyCongress rally = client(server).maxConcurrentRequests(1).readTimeout(Duration.ofSeconds(5))
        .callTimeout(Duration.ofSeconds(3)).build();

    io.reactivex.rxjava3.core.Single<Supporter> first = rally.supporter("900123");
    io.reactivex.rxjava3.core.Single<Supporter> second = rally.supporter("900124");
    java.util.List<Supporter> both = io.reactivex.rxjava3.core.Single.merge(first, second).toList().blockingGet();

    assertThat(both).hasSize(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /**
   * A call subscribed from inside another's {@code onSubscribe} is built while the outer one is
   * being subscribed to; it must not take the outer call's budget (the outer GET would then count
   * its attempts from 1 again after its cut body, and the inner call count on the outer's).
   */
  @Test
  void aCallSubscribedInsideAnothersOnSubscribeDoesNotTakeItsBudget() throws Exception {
    java.util.Map<String, java.util.Deque<MockResponse>> byPath = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Deque<MockResponse> outer = new java.util.concurrent.ConcurrentLinkedDeque<>();
    outer.add(json(200, SUPPORTER_JSON).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build());
    for (int i = 0; i < 5; i++) {
      outer.add(error(503, "Down"));
    }
    java.util.Deque<MockResponse> inner = new java.util.concurrent.ConcurrentLinkedDeque<>();
    inner.add(json(200, SUPPORTER_JSON));
    byPath.put("/v3/supporters/1", outer);
    byPath.put("/v3/supporters/2", inner);
    AtomicInteger outerRequests = new AtomicInteger();
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/v3/supporters/1")) {
          outerRequests.incrementAndGet();
        }
        MockResponse next = byPath.get(path).poll();
        return next != null ? next : error(500, "Nothing more queued for " + path);
      }
    });
    RallyCongress rally = client(server).build();
    java.util.concurrent.CompletableFuture<Supporter> innerResult = new java.util.concurrent.CompletableFuture<>();

    Throwable failure = failure(rally.supporter("1").doOnSubscribe(d ->
        rally.supporter("2").subscribe(innerResult::complete, innerResult::completeExceptionally)));

    assertThat(failure).isInstanceOf(ServerErrorException.class);
    assertThat(outerRequests).as("the outer GET's requests, cut body included").hasValue(3);
    assertThat(innerResult.get(10, SECONDS).getId()).isEqualTo("900123");
  }

  /**
   * An app's interceptor that builds a new request drops the call's budget tag: the cut body is
   * still made again (counting from there), not refused as past a deadline that never started.
   */
  @Test
  void aCutBodyIsMadeAgainEvenWhenAnAppInterceptorDropsTheRequestsTags() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, SUPPORTER_JSON));
    OkHttpClient app = new OkHttpClient.Builder().addInterceptor(chain -> {
      okhttp3.Request original = chain.request();
      return chain.proceed(new okhttp3.Request.Builder().url(original.url()).headers(original.headers())
          .method(original.method(), original.body()).build());
    }).build();

    Supporter supporter = await(client(server).okHttpClient(app).build().supporter("900123"));

    assertThat(supporter.getId()).isEqualTo("900123");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void postWhoseBodyIsCutIsNotSentAgain() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, SUPPORTER_JSON));

    Throwable failure = failure(client(server).build().submitAction(LETTER));

    // The 200 arrived: the server accepted the POST; only its body is lost (see UnknownOutcomeTest).
    assertThat(failure).isInstanceOf(RallyDecodingException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  private static HttpUrl closedPort() throws IOException {
    MockWebServer gone = new MockWebServer();
    gone.start();
    HttpUrl url = TestClients.loopbackIp(gone);
    gone.close();
    return url;
  }
}
