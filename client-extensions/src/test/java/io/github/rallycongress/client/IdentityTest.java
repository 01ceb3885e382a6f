package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.ACCOUNT_ID;
import static io.github.rallycongress.client.TestClients.AUTH_TOKEN;
import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttp;
import okhttp3.logging.HttpLoggingInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client names itself in every request, and takes credentials from the URL as the published docs write it. */
@Timeout(value = 20, unit = SECONDS)
class IdentityTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private static final String LIBRARY = "rally-congress-java/" + System.getProperty("rally.expectedVersion")
      + " okhttp/" + OkHttp.VERSION;

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
  void everyRequestNamesTheLibraryAndItsVersionFromTheBuild() throws Exception {
    assertThat(System.getProperty("rally.expectedVersion")).as("set by the POM").matches("\\d+\\.\\d+\\.\\d+.*");
    server.enqueue(json(200, SUPPORTER_JSON));

    await(TestClients.client(server).build().supporter("900123"));

    assertThat(server.takeRequest(1, SECONDS).getHeaders().get("User-Agent")).isEqualTo(LIBRARY);
  }

  @Test
  void anAppsProductTokenComesFirst() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON));

    await(TestClients.client(server).userAgent("CrmSync/2.1").build().supporter("900123"));

    assertThat(server.takeRequest(1, SECONDS).getHeaders().get("User-Agent")).isEqualTo("CrmSync/2.1 " + LIBRARY);
  }

  @Test
  void aProductTokenThatIsNotOneIsRefused() {
    assertThatThrownBy(() -> RallyCongress.builder().userAgent("CrmSync/2.1\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userAgent must be product tokens such as MyApp/2.1 (visible ASCII, words separated by single"
            + " spaces), but was 'CrmSync/2.1\r\nX-Evil: 1'");
  }

  @Test
  void credentialsInTheBaseUrlAreUsedAndNeverShownOrLogged() throws Exception {
    String token = "t0k@n/with:specials";
    HttpUrl withCredentials = server.url("/v3/").newBuilder().username(ACCOUNT_ID).password(token).build();
    assertThat(withCredentials.toString()).contains("%40"); // percent-encoded, as a URL must carry it
    List<String> log = new CopyOnWriteArrayList<>();
    server.enqueue(json(200, SUPPORTER_JSON));

    RallyCongress rally = RallyCongress.builder().baseUrl(withCredentials.toString())
        .logLevel(HttpLoggingInterceptor.Level.HEADERS).logger(log::add).build();
    await(rally.supporter("900123"));

    RecordedRequest request = server.takeRequest(1, SECONDS);
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic(ACCOUNT_ID, token, StandardCharsets.UTF_8));
    assertThat(request.getUrl().username()).isEmpty();
    assertThat(rally.baseUrl()).isEqualTo(server.url("/v3/"));
    assertThat(rally.toString()).doesNotContain(token).doesNotContain("t0k");
    assertThat(String.join("\n", log)).contains("--> GET " + server.url("/v3/supporters/") + "{supporterId}")
        .doesNotContain("t0k").doesNotContain(ACCOUNT_ID + ":");
  }

  @Test
  void credentialsInTheBaseUrlThatAgreeWithExplicitOnesAreAccepted() {
    String url = "https://" + ACCOUNT_ID + ":" + AUTH_TOKEN + "@api.rallycongress.net/v3/";

    RallyCongress rally = RallyCongress.builder().credentials(ACCOUNT_ID, AUTH_TOKEN).baseUrl(url).build();

    assertThat(rally.baseUrl()).hasToString("https://api.rallycongress.net/v3/");
  }

  @Test
  void credentialsInTheBaseUrlThatDisagreeWithExplicitOnesAreRefusedWithoutShowingEither() {
    String url = "https://" + ACCOUNT_ID + ":other-token-77@api.rallycongress.net/v3/";

    assertThatThrownBy(() -> RallyCongress.builder().baseUrl(url).credentials(ACCOUNT_ID, AUTH_TOKEN).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The credentials in baseUrl differ from those given to credentials(accountId, authToken)"
            + " (the auth token differs): give them in one place.")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("other-token-77").doesNotContain(AUTH_TOKEN));
  }

  @Test
  void aBaseUrlWithAnAccountButNoTokenIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> RallyCongress.builder().baseUrl("https://AC9876@api.rallycongress.net/v3/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl https://api.rallycongress.net/v3/ carries an account ID but no auth token: give both"
            + " (https://AccountID:AuthToken@host/v3/), or neither and call credentials(accountId, authToken).");
  }

  /** A token may hold '/', '?', '#' or '@' unescaped: each would end a URL's user info early. */
  @ParameterizedTest
  @ValueSource(strings = {"xyz/Secret9", "xyz?Secret9", "xyz#Secret9", "xyz@Secret9", "xyz:Secret9"})
  void aBaseUrlWithATokenOfAnyCharactersIsQuotedWithoutIt(String token) {
    assertThatThrownBy(() -> RallyCongress.builder().baseUrl("ftp://AC9876:" + token + "@api.rallycongress.net/v3/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl is not an http(s) URL: 'ftp://***@api.rallycongress.net/v3/'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Secret9"));
  }

  @Test
  void anUnparsableBaseUrlIsQuotedWithoutItsCredentials() {
    assertThatThrownBy(() -> RallyCongress.builder().baseUrl("ftp://AC9876:" + AUTH_TOKEN + "@api.rallycongress.net/v3/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl is not an http(s) URL: 'ftp://***@api.rallycongress.net/v3/'");
  }
}
