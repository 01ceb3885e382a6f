package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.ActionType;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A POST that was sent and then got no readable answer has an unknown outcome, said plainly and
 * distinct from a connection never made; a POST the server answered 2xx was accepted, whatever
 * becomes of its body.
 */
@Timeout(value = 20, unit = SECONDS)
class UnknownOutcomeTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private static final ActionRequest LETTER = ActionRequest.builder("17465", ActionType.LETTER)
      .firstName("Ada").lastName("Lovelace").zipCode("12207").build();
  private static final String ADVICE = ": the server may have acted on it; check before sending again.";

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
  void postThatTimesOutAfterSendingHasAnUnknownOutcome() throws Exception {
    server.enqueue(json(200, "{\"id\":\"sub-1\"}").newBuilder().headersDelay(2, SECONDS).build());
    RallyCongress rally = client(server).readTimeout(Duration.ofMillis(200)).build();

    Throwable failure = failure(rally.submitAction(LETTER));

    assertThat(failure).isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
      assertThat(e.method()).isEqualTo("POST");
      assertThat(e.path()).isEqualTo("/v3/campaigns/17465/letter");
      assertThat(e).hasMessage("POST /v3/campaigns/17465/letter was sent, but no response arrived in time" + ADVICE)
          .hasCauseInstanceOf(SocketTimeoutException.class);
    });
    // The client gives up 200 ms after sending, whether or not the server has read the POST yet:
    // wait for its record, then count (a second send would have been answered, and recorded, first).
    assertThat(server.takeRequest(5, SECONDS)).as("the POST's record").isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void postWhoseConnectionIsLostAfterSendingHasAnUnknownOutcome() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

    Throwable failure = failure(client(server).build().submitAction(LETTER));

    assertThat(failure).isInstanceOf(OutcomeUnknownException.class).isInstanceOf(IOException.class)
        .hasMessage("POST /v3/campaigns/17465/letter was sent, but the connection was lost before the response"
            + " arrived" + ADVICE);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void postWhoseResponseCannotBeReadHasAnUnknownOutcome() throws Exception {
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 OK twice").build());

    Throwable failure = failure(client(server).build().submitAction(LETTER));

    assertThat(failure).isInstanceOf(OutcomeUnknownException.class)
        .hasMessage("POST /v3/campaigns/17465/letter was sent, but its response could not be read" + ADVICE)
        .hasCauseInstanceOf(ProtocolException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void postThatNeverConnectsIsAPlainNetworkFailureNotAnUnknownOutcome() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    okhttp3.HttpUrl closed = TestClients.loopbackIp(gone);
    gone.close();

    Throwable failure = failure(client(closed).build().submitAction(LETTER));

    assertThat(failure).isInstanceOf(java.net.ConnectException.class).isNotInstanceOf(OutcomeUnknownException.class);
  }

  @Test
  void anEmptyGzipBodyOnA202IsNotANetworkFailure() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).setHeader("Content-Type", "application/json")
        .setHeader("Content-Encoding", "gzip").body("").build());

    Throwable failure = failure(client(server).build().submitAction(LETTER));

    assertThat(failure).isInstanceOfSatisfying(RallyDecodingException.class, e -> {
      assertThat(e.operation()).isEqualTo("submitCampaignAction");
      assertThat(e).hasMessageStartingWith("The response of submitCampaignAction could not be decoded at $: HTTP 202"
          + " arrived (the server accepted the request), but its body could not be read");
    });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a2xxWhoseConnectionIsLostMidBodyWasStillAccepted() throws Exception {
    server.enqueue(json(201, "{\"id\":\"sub-1\",\"status\":\"queued\"}").newBuilder()
        .onResponseBody(new SocketEffect.CloseSocket()).build());

    Throwable failure = failure(client(server).build().submitAction(LETTER));

    assertThat(failure).isInstanceOf(RallyDecodingException.class)
        .hasMessageStartingWith("The response of submitCampaignAction could not be decoded at $: HTTP 201 arrived"
            + " (the server accepted the request), but its body could not be read");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
