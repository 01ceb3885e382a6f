package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A redirect from https to plain http is refused, even on loopback where http is otherwise allowed. */
@ExtendWith(UndeliverableErrors.class)
class HttpsDowngradeTest {
  private final MockWebServer api = new MockWebServer();
  private final MockWebServer plain = new MockWebServer();
  private OkHttpClient trusting;

  @BeforeEach
  void start() throws IOException {
    HeldCertificate localhost = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    HandshakeCertificates serverCertificates = new HandshakeCertificates.Builder().heldCertificate(localhost).build();
    HandshakeCertificates clientCertificates = new HandshakeCertificates.Builder()
        .addTrustedCertificate(localhost.certificate()).build();
    api.useHttps(serverCertificates.sslSocketFactory());
    api.start();
    plain.start();
    trusting = new OkHttpClient.Builder()
        .sslSocketFactory(clientCertificates.sslSocketFactory(), clientCertificates.trustManager())
        .build();
  }

  @AfterEach
  void stop() {
    api.close();
    plain.close();
  }

  @Test
  void redirectFromHttpsToHttpIsNotFollowed() throws Exception {
    String downgrade = plain.url("/v3/supporters/900123").toString();
    api.enqueue(new MockResponse.Builder().code(302).setHeader("Location", downgrade).build());
    plain.enqueue(json(200, SUPPORTER_JSON));
    RallyCongress rally = RallyCongress.builder()
        .credentials("AC123", "secret-token")
        .baseUrl(api.url("/v3/").toString())
        .okHttpClient(trusting)
        .build();

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(api.url("/").isHttps()).isTrue();
    assertThat(failure).isExactlyInstanceOf(RallyApiException.class);
    assertThat(((RallyApiException) failure).status()).isEqualTo(302);
    assertThat(failure).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 302: The server redirected to "
        + downgrade.replace("900123", "{supporterId}") + ", which the client does not follow: only a GET to the API's own scheme, host and port is"
        + " followed.");
    assertThat(plain.getRequestCount()).as("requests that reached the plain-http server").isZero();
  }
}
