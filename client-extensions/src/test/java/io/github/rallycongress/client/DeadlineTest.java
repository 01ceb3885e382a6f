package io.github.rallycongress.client;

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
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
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

  @AfterEach
  void stop() {
    server.close();
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
        .hasMessage("GET /v3/supporters/900123 did not complete within its deadline of 1 s (1 attempt;"
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
        "GET /v3/supporters/900123 did not complete within its deadline of 1 s \\([234] attempts;"
            + " RallyCongress\\.Builder#callTimeout sets it\\)\\.");
    int attempts = Integer.parseInt(failure.getMessage().replaceAll(".*\\((\\d) attempts.*", "$1"));
    assertThat(server.getRequestCount()).isEqualTo(attempts);
    assertThat(retries).extracting(RetryEvent::toString).containsExactlyElementsOf(java.util.Arrays.asList(
        "retrying GET /v3/supporters/900123 (attempt 2 of 4) in 10 ms after a timeout",
        "retrying GET /v3/supporters/900123 (attempt 3 of 4) in 20 ms after a timeout",
        "retrying GET /v3/supporters/900123 (attempt 4 of 4) in 40 ms after a timeout").subList(0, attempts - 1));
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
        .hasMessageStartingWith("GET /v3/supporters/900123 did not complete within its deadline of 1 s");
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
