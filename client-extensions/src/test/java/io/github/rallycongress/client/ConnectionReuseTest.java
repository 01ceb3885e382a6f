package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Authenticator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An app's {@code OkHttpClient} given to {@link RallyCongress.Builder#okHttpClient} shares its
 * connections: OkHttp reuses a pooled connection only for a request to an equal {@code Address}, so
 * whatever the client changes in a copy of the app's client must leave the address as it was.
 */
@Timeout(value = 20, unit = SECONDS)
class ConnectionReuseTest {
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
  void clientsBuiltOnOneAppClientShareItsConnections() throws Exception {
    OkHttpClient app = new OkHttpClient();
    server.enqueue(json(200, SUPPORTER_JSON));
    server.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress first = client(server).okHttpClient(app).build();
    RallyCongress second = client(server).okHttpClient(app).build();

    await(first.supporter("900123"));
    await(second.supporter("900123"));

    assertThat(connectionIndex(server.takeRequest(2, SECONDS))).isZero();
    assertThat(connectionIndex(server.takeRequest(2, SECONDS))).as("the second client's request").isZero();
    assertThat(app.connectionPool().connectionCount()).isEqualTo(1);
  }

  @Test
  void theAppsOwnCallsAndTheClientShareAConnection() throws Exception {
    OkHttpClient app = new OkHttpClient();
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, SUPPORTER_JSON));
    try (Response own = app.newCall(new Request.Builder().url(server.url("/health")).build()).execute()) {
      assertThat(own.body().string()).isEqualTo("{}");
    }

    await(client(server).okHttpClient(app).build().supporter("900123"));

    assertThat(connectionIndex(server.takeRequest(2, SECONDS))).isZero();
    assertThat(connectionIndex(server.takeRequest(2, SECONDS))).as("the client's request").isZero();
  }

  @Test
  void clientsOnAnAppClientWithAProxyAuthenticatorShareTheirConnections() throws Exception {
    Authenticator proxyAuth = (route, response) -> null;
    OkHttpClient app = new OkHttpClient.Builder().proxyAuthenticator(proxyAuth).build();
    server.enqueue(json(200, SUPPORTER_JSON));
    server.enqueue(json(200, SUPPORTER_JSON));

    await(client(server).okHttpClient(app).build().supporter("900123"));
    await(client(server).okHttpClient(app).build().supporter("900123"));

    assertThat(connectionIndex(server.takeRequest(2, SECONDS))).isZero();
    assertThat(connectionIndex(server.takeRequest(2, SECONDS))).as("the second client's request").isZero();
  }

  @Test
  void theAppsProxyAuthenticatorStillAnswersNoChallengeToTheRequestItself() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    OkHttpClient app = new OkHttpClient.Builder()
        .proxy(server.getProxyAddress())
        .proxyAuthenticator((route, response) -> {
          asked.incrementAndGet();
          return response.request().newBuilder().header("Proxy-Authorization", "Basic cHJveHk6cGFzcw==").build();
        })
        .build();
    server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"proxy\"").build());

    Throwable error = failure(client(server).okHttpClient(app).retryPolicy(RetryPolicy.none()).build().supporter("900123"));

    assertThat(error).isInstanceOf(RallyApiException.class);
    assertThat(((RallyApiException) error).status()).isEqualTo(407);
    assertThat(asked).hasValue(0);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  private static int connectionIndex(RecordedRequest request) {
    assertThat(request).as("request").isNotNull();
    return request.getConnectionIndex();
  }
}
