package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.awaitIdle;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.error;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.ActionType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.ConnectionPool;
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

/** One deadline per call, over every attempt, wait and body read; and retries a user can watch. */
@Timeout(value = 30, unit = SECONDS)
class DeadlineTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private final List<RetryEvent> retries = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  /** A server on a bare socket, for what MockWebServer cannot do: send headers slowly, read slowly. */
  private ServerSocket slowServer;
  private final AtomicInteger slowServerRequests = new AtomicInteger();
  /** Connections the client opened, counted as it opens them: each attempt opens one here. */
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private final EventListener countingConnections = new EventListener() {
    @Override
    public void connectStart(Call call, InetSocketAddress address, java.net.Proxy proxy) {
      connectionsOpened.incrementAndGet();
    }
  };

  @AfterEach
  void stop() throws IOException {
    server.close();
    if (slowServer != null) {
      slowServer.close();
    }
  }

  private static final ActionRequest LETTER = ActionRequest.builder("17465", ActionType.LETTER)
      .firstName("Ada").lastName("Lovelace").zipCode("12207").build();

  private interface Exchange {
    void serve(Socket socket) throws Exception;
  }

  /**
   * A server that counts each connection (each attempt: nothing here is kept alive) and serves it
   * on a thread of its own; {@code receiveBuffer} is its sockets' receive buffer, or 0 for the default.
   */
  private HttpUrl slowServer(int receiveBuffer, Exchange exchange) throws IOException {
    slowServer = new ServerSocket();
    if (receiveBuffer > 0) {
      slowServer.setReceiveBufferSize(receiveBuffer); // before bind, so the window offered is small
    }
    slowServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    ServerSocket listening = slowServer;
    Thread acceptor = new Thread(() -> {
      while (!listening.isClosed()) {
        try {
          Socket socket = listening.accept();
          slowServerRequests.incrementAndGet();
          Thread serving = new Thread(() -> {
            try (Socket closing = socket) {
              exchange.serve(closing);
            } catch (Exception clientGone) {
              // the client hung up: the deadline under test
            }
          });
          serving.setDaemon(true);
          serving.start();
        } catch (IOException closed) {
          // the test is over
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    return HttpUrl.get("http://127.0.0.1:" + slowServer.getLocalPort() + "/v3/");
  }

  /** Reads a request's line and headers; its body, if any, is left unread. */
  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    for (int b; matched < 4 && (b = in.read()) != -1; ) {
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
    }
  }

  /** A server that reads each request's head, then writes {@code response} one byte every 50 ms. */
  private HttpUrl headersDrip(String response) throws IOException {
    return slowServer(0, socket -> {
      readHead(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (byte b : response.getBytes(StandardCharsets.US_ASCII)) {
        out.write(b);
        out.flush();
        Thread.sleep(50);
      }
    });
  }

  /** A status line and headers that take about 9 s at a byte every 50 ms, then {@code body}. */
  private static String slowHeaders(String status, String body) {
    return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nX-Padding: " + "a".repeat(100)
        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  /** A server that accepts every request and never answers. */
  private void silent(int requests) {
    for (int i = 0; i < requests; i++) {
      server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(60, SECONDS).build());
    }
  }

  @Test
  void aGetToAServerThatNeverAnswersEndsAtTheDeadlineNotAfterEveryAttempt() throws Exception {
    silent(4);
    RallyCongress rally = client(server).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(1))
        .retryPolicy(RetryPolicy.defaults().newBuilder().initialBackoff(Duration.ofMillis(10)).build())
        .retryListener(retries::add).build();

    long start = System.nanoTime();
    Throwable failure = failure(rally.supporter("900123"));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    // Without the deadline: 4 attempts of 2 s. The deadline cannot end it early, and ends it at 1 s
    // (the upper bound leaves room for a loaded machine, far below the 8 s it would take).
    assertThat(elapsedMillis).isBetween(1_000L, 5_000L);
    assertThat(failure).isInstanceOf(InterruptedIOException.class)
        .hasMessage("GET /v3/supporters/{supporterId} did not complete within its deadline of 1 s (1 attempt;"
            + " RallyCongress.Builder#callTimeout sets it).");
    assertThat(retries).isEmpty();
  }

  @Test
  void retriesStopAtTheDeadlineAndEachIsReported() throws Exception {
    silent(4);
    RallyCongress rally = client(server).readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(1))
        .retryPolicy(RetryPolicy.defaults().newBuilder().initialBackoff(Duration.ofMillis(10)).jitter(0).build())
        .retryListener(retries::add).build();

    Throwable failure = failure(rally.supporter("900123"));

    // How many attempts fit before the deadline depends on the machine's timing; every one is reported.
    assertThat(failure).isInstanceOf(InterruptedIOException.class).hasMessageMatching(
        "GET /v3/supporters/\\{supporterId\\} did not complete within its deadline of 1 s \\([234] attempts;"
            + " RallyCongress\\.Builder#callTimeout sets it\\)\\.");
    int attempts = Integer.parseInt(failure.getMessage().replaceAll(".*\\((\\d) attempts.*", "$1"));
    // Each attempt before the last was sent whole and given up 300 ms later, whether or not the
    // server had read it by then: wait for their records. The last attempt may start with only
    // milliseconds left; the deadline can then cut its connection before its request reaches the
    // server (on a loaded machine it does).
    for (int attempt = 1; attempt < attempts; attempt++) {
      assertThat(server.takeRequest(5, SECONDS)).as("the record of attempt %s", attempt).isNotNull();
    }
    assertThat(server.getRequestCount()).isBetween(attempts - 1, attempts);
    assertThat(retries).extracting(RetryEvent::toString).containsExactlyElementsOf(java.util.Arrays.asList(
        "retrying GET /v3/supporters/{supporterId} (attempt 2 of 4) in 10 ms after a timeout",
        "retrying GET /v3/supporters/{supporterId} (attempt 3 of 4) in 20 ms after a timeout",
        "retrying GET /v3/supporters/{supporterId} (attempt 4 of 4) in 40 ms after a timeout").subList(0, attempts - 1));
  }

  @Test
  void aBodyThatDripsPastTheDeadlineIsCutThere() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().throttleBody(1, 100, MILLISECONDS).build());
    RallyCongress rally = client(server).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(1))
        .build();

    long start = System.nanoTime();
    Throwable failure = failure(rally.supporter("900123"));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(elapsedMillis).as("the body alone would take %s ms", SUPPORTER_JSON.length() * 100)
        .isBetween(1_000L, 5_000L);
    assertThat(failure).isInstanceOf(InterruptedIOException.class)
        .hasMessageStartingWith("GET /v3/supporters/{supporterId} did not complete within its deadline of 1 s");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /**
   * Each byte resets the read timeout, so only the deadline bounds an error body sent a byte at a
   * time; the status arrived, so the typed error comes at the deadline with what was read.
   */
  @ParameterizedTest
  @ValueSource(ints = {400, 503})
  void anErrorBodyThatDripsPastTheDeadlineIsCutThere(int status) throws Exception {
    server.enqueue(error(status, "x".repeat(200)).newBuilder().throttleBody(1, 50, MILLISECONDS).build());
    RallyCongress rally = client(server).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(1))
        .build();

    long start = System.nanoTime();
    Throwable failure = failure(rally.supporter("900123"));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(elapsedMillis).as("the body alone would take 11 s").isBetween(900L, 4_000L);
    assertThat(failure).isInstanceOfSatisfying(RallyApiException.class,
        e -> assertThat(e.status()).isEqualTo(status));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /**
   * Each header byte restarts the read timeout, so only the deadline bounds headers sent a byte at
   * a time: the connection is closed at it, with no attempt after it, and not kept for another call.
   */
  @Test
  void headersThatDripPastTheDeadlineAreCutThere() throws Exception {
    HttpUrl baseUrl = headersDrip(slowHeaders("200 OK", SUPPORTER_JSON));
    ConnectionPool pool = new ConnectionPool();
    RallyCongress rally = client(baseUrl)
        .okHttpClient(new OkHttpClient.Builder().connectionPool(pool).eventListener(countingConnections).build())
        .readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(1)).retryListener(retries::add).build();

    long start = System.nanoTime();
    Throwable failure = failure(rally.supporter("900123"));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    // Up to 4.5 s, for a loaded machine; without the watchdog the checks below fail too.
    assertThat(elapsedMillis).as("the headers alone would take about 9 s").isBetween(1_000L, 4_500L);
    assertThat(failure).isInstanceOf(InterruptedIOException.class)
        .hasMessage("GET /v3/supporters/{supporterId} did not complete within its deadline of 1 s (1 attempt;"
            + " RallyCongress.Builder#callTimeout sets it).");
    // An attempt after the deadline would be made before the call ends; the server may accept its
    // connection later, the client counts it as it opens it.
    awaitIdle(rally);
    assertThat(connectionsOpened).as("connections opened").hasValue(1);
    assertThat(slowServerRequests).hasValue(1);
    assertThat(retries).isEmpty();
    assertThat(pool.connectionCount()).as("connections pooled").isZero();
  }

  /** A POST whose answer's headers drip: sent, so never sent again, and unknown at the deadline. */
  @Test
  void aPostWhoseHeadersDripPastTheDeadlineHasAnUnknownOutcomeThere() throws Exception {
    HttpUrl baseUrl = headersDrip(slowHeaders("201 Created", "{\"id\":\"sub-1\"}"));
    RallyCongress rally = client(baseUrl).okHttpClient(new OkHttpClient.Builder().eventListener(countingConnections)
        .build()).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(1)).build();

    long start = System.nanoTime();
    Throwable failure = failure(rally.submitAction(LETTER));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(elapsedMillis).as("the headers alone would take about 9 s").isBetween(1_000L, 4_500L);
    assertThat(failure).isInstanceOf(OutcomeUnknownException.class)
        .hasMessage("POST /v3/campaigns/17465/letter was sent, but the call's deadline of 1 s passed before its"
            + " response arrived: the server may have acted on it; check before sending again.");
    awaitIdle(rally); // a second POST would be sent before the call ends
    assertThat(connectionsOpened).as("connections opened").hasValue(1);
    assertThat(slowServerRequests).hasValue(1);
  }

  /**
   * A server that takes a request body slowly (a few KB every 20 ms, through small socket buffers)
   * restarts the write timeout with each write it lets through: only the deadline bounds it. The
   * POST was being sent, so its outcome is unknown.
   */
  @Test
  void aRequestBodyTakenSlowlyPastTheDeadlineIsCutThere() throws Exception {
    HttpUrl baseUrl = slowServer(8 * 1024, socket -> {
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[8 * 1024];
      while (in.read(chunk) != -1) {
        Thread.sleep(20);
      }
    });
    RallyCongress rally = client(baseUrl)
        .okHttpClient(new OkHttpClient.Builder().socketFactory(new SmallSendBuffers()).build())
        .callTimeout(Duration.ofSeconds(1)).build();
    ActionRequest longLetter = LETTER.newBuilder().message("x".repeat(4 * 1024 * 1024)).build();

    long start = System.nanoTime();
    Throwable failure = failure(rally.submitAction(longLetter));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(elapsedMillis).as("the body alone would take about 10 s").isBetween(1_000L, 4_500L);
    assertThat(failure).isInstanceOf(OutcomeUnknownException.class)
        .hasMessage("POST /v3/campaigns/17465/letter was sent, but the call's deadline of 1 s passed before its"
            + " response arrived: the server may have acted on it; check before sending again.");
    assertThat(slowServerRequests).hasValue(1);
  }

  /** Client sockets with an 8 KB send buffer, so a slow reader holds back the writer at once. */
  private static final class SmallSendBuffers extends SocketFactory {
    @Override
    public Socket createSocket() throws IOException {
      Socket socket = new Socket();
      socket.setSendBufferSize(8 * 1024);
      return socket;
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
      throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }
  }

  @Test
  void aPostSentAndUnansweredAtTheDeadlineHasAnUnknownOutcome() throws Exception {
    silent(1);
    RallyCongress rally = client(server).readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofMillis(500))
        .build();

    Throwable failure = failure(rally.submitAction(ActionRequest.builder("17465", ActionType.LETTER)
        .firstName("Ada").lastName("Lovelace").zipCode("12207").build()));

    assertThat(failure).isInstanceOf(OutcomeUnknownException.class)
        .hasMessage("POST /v3/campaigns/17465/letter was sent, but the call's deadline of 500 ms passed before its"
            + " response arrived: the server may have acted on it; check before sending again.");
  }

  @Test
  void aRetryAfterThatWouldEndPastTheDeadlineIsNotWaitedFor() throws Exception {
    server.enqueue(error(503, "Down for maintenance").newBuilder().setHeader("Retry-After", "5").build());
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress rally = client(server).callTimeout(Duration.ofSeconds(2)).retryListener(retries::add).build();

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(retries).isEmpty();
  }

  @Test
  void eachRetryIsReportedWithItsStatusBeforeItsWait() throws Exception {
    server.enqueue(error(503, "Try again").newBuilder().setHeader("Retry-After", "0").build());
    server.enqueue(error(429, "Slow down").newBuilder().setHeader("Retry-After", "0").build());
    server.enqueue(json(200, SUPPORTER_JSON));

    await(client(server).retryListener(retries::add).build().supporter("900123"));

    assertThat(retries).extracting(RetryEvent::nextAttempt, RetryEvent::maxAttempts, RetryEvent::reason,
        RetryEvent::delay).containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, 3, "HTTP 503", Duration.ZERO),
            org.assertj.core.groups.Tuple.tuple(3, 3, "HTTP 429", Duration.ZERO));
  }

  @Test
  void aListenerThatThrowsChangesNothing() throws Exception {
    server.enqueue(error(503, "Try again").newBuilder().setHeader("Retry-After", "0").build());
    server.enqueue(json(200, SUPPORTER_JSON));

    await(client(server).retryListener(retry -> {
      throw new IllegalStateException("a faulty listener");
    }).build().supporter("900123"));

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theDefaultDeadlineIsThirtySeconds() {
    assertThat(RallyCongress.DEFAULT_CALL_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    assertThat(RallyCongress.builder().credentials("AC1", "t").build().toString()).contains("callTimeout=PT30S");
  }
}
