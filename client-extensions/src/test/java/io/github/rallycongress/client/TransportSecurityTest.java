package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.ACCOUNT_ID;
import static io.github.rallycongress.client.TestClients.AUTH_TOKEN;
import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.error;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static io.github.rallycongress.client.TestClients.loopbackIp;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Supporter;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.logging.HttpLoggingInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Credentials go only to the configured origin, never over plain http to a remote host, never to a log. */
@Timeout(value = 20, unit = SECONDS)
class TransportSecurityTest {
  private static final String BASIC = Credentials.basic(ACCOUNT_ID, AUTH_TOKEN);

  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  /** The API, addressed as 127.0.0.1. */
  private final MockWebServer api = new MockWebServer();
  /** Another host, addressed as localhost. */
  private final MockWebServer elsewhere = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    api.start();
    elsewhere.start();
  }

  @AfterEach
  void stop() {
    api.close();
    elsewhere.close();
  }

  private RallyCongress.Builder apiClient() {
    return client(loopbackIp(api));
  }

  @Test
  void everyRequestToTheApiCarriesPreemptiveBasicAuth() throws Exception {
    api.enqueue(error(503, "Try again"));
    api.enqueue(json(200, SUPPORTER_JSON));
    api.enqueue(json(200, "{\"id\":\"sub-1\"}"));
    RallyCongress rally = apiClient().build();

    await(rally.supporter("900123"));
    await(rally.submitAction(ActionRequest.builder("17465", ActionType.LETTER)
        .firstName("Ada").lastName("Lovelace").zipCode("12207").build()));

    for (int i = 0; i < 3; i++) {
      RecordedRequest request = api.takeRequest(1, SECONDS);
      assertThat(request.getHeaders().values("Authorization")).as(request.getRequestLine()).containsExactly(BASIC);
    }
  }

  @Test
  void anAuthorizationHeaderFromTheAppsOwnClientIsReplacedNotDoubled() throws Exception {
    api.enqueue(json(200, SUPPORTER_JSON));
    OkHttpClient appClient = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("Authorization", "Bearer other").build()))
        .build();

    await(apiClient().okHttpClient(appClient).build().supporter("900123"));

    assertThat(api.takeRequest(1, SECONDS).getHeaders().values("Authorization")).containsExactly(BASIC);
  }

  /**
   * The HTTP log names a supporter's id in a path ({@code /supporters/{supporterId}}: it can be an
   * email) and redacts the query parameters that name a person, at every level but BODY's body.
   */
  @Test
  void theHttpLogCarriesNoSupportersEmailOrName() throws Exception {
    api.enqueue(json(200, SUPPORTER_JSON));
    api.enqueue(json(200, "{\"uri\":\"/v3/supporters\",\"firstpageuri\":\"/v3/supporters\",\"page\":0,"
        + "\"pagesize\":50,\"totalResults\":0,\"supporters\":[]}"));
    List<String> log = new CopyOnWriteArrayList<>();
    RallyCongress rally = apiClient().logLevel(HttpLoggingInterceptor.Level.HEADERS).logger(log::add).build();

    await(rally.supporter("ada.lovelace@example.org"));
    rally.supporters(SupporterQuery.builder().email("ada.lovelace@example.org").firstName("Ada").state("NY").build())
        .test().awaitDone(5, SECONDS).assertComplete();

    assertThat(log).anyMatch(line -> line.startsWith("--> GET ") && line.contains("/v3/supporters/{supporterId}"));
    assertThat(log).anyMatch(line -> line.startsWith("--> GET ") && line.contains("state=NY"));
    assertThat(log).noneMatch(line -> line.contains("ada") || line.contains("Ada") || line.contains(AUTH_TOKEN));
  }

  /** What {@link RallyCongress.Builder#okHttpClient}'s javadoc says the app's own client sees. */
  @Test
  void theAppsNetworkInterceptorsRunBeforeTheCredentialsAreAddedButItsEventListenerSeesThem() throws Exception {
    api.enqueue(json(200, SUPPORTER_JSON));
    List<String> intercepted = new CopyOnWriteArrayList<>();
    List<String> listened = new CopyOnWriteArrayList<>();
    OkHttpClient appClient = new OkHttpClient.Builder()
        .addNetworkInterceptor(chain -> {
          intercepted.add(String.valueOf(chain.request().header("Authorization")));
          return chain.proceed(chain.request());
        })
        .eventListener(new okhttp3.EventListener() {
          @Override
          public void requestHeadersEnd(okhttp3.Call call, okhttp3.Request request) {
            listened.add(String.valueOf(request.header("Authorization")));
          }
        })
        .build();

    await(apiClient().okHttpClient(appClient).build().supporter("900123"));

    assertThat(intercepted).containsExactly("null");
    assertThat(listened).containsExactly(BASIC);
  }

  @Test
  void aRedirectToAnotherHostIsNotFollowed() throws Exception {
    String location = elsewhere.url("/v3/supporters/900123").toString();
    api.enqueue(new MockResponse.Builder().code(302).setHeader("Location", location).build());
    elsewhere.enqueue(json(200, SUPPORTER_JSON));

    Throwable failure = failure(apiClient().build().supporter("900123"));

    assertThat(failure).isExactlyInstanceOf(RallyApiException.class)
        .hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 302: The server redirected to "
            + location.replace("900123", "{supporterId}")
            + ", which the client does not follow: only a GET to the API's own scheme, host and port is followed.");
    assertThat(api.takeRequest(1, SECONDS).getHeaders().get("Authorization")).isEqualTo(BASIC);
    assertThat(elsewhere.getRequestCount()).as("requests that reached the other host").isZero();
  }

  /**
   * A {@code Location} is the server's text, and may repeat what the request carried (a supporter's
   * email in the path or a filter) or a URL with credentials in it (the published docs' form): the
   * exception names its target as it names the request's own path, without user info or query.
   */
  @Test
  void aRedirectNotFollowedIsNamedWithoutCredentialsQueryOrSupporterId() throws Exception {
    String location = elsewhere.url("/v3/supporters/ada@example.org?email=ada@example.org").newBuilder()
        .username(ACCOUNT_ID).password(AUTH_TOKEN).build().toString();
    api.enqueue(new MockResponse.Builder().code(302).setHeader("Location", location).build());

    Throwable failure = failure(apiClient().build().supporter("ada@example.org"));

    assertThat(failure).isExactlyInstanceOf(RallyApiException.class)
        .hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 302: The server redirected to "
            + elsewhere.url("/v3/supporters/{supporterId}").toString().replace("%7B", "{").replace("%7D", "}")
            + ", which the client does not follow: only a GET to the API's own scheme, host and port is followed.");
    assertThat(((RallyApiException) failure).errors()).noneMatch(e -> e.contains("ada") || e.contains(AUTH_TOKEN));
    assertThat(elsewhere.getRequestCount()).as("requests that reached the other host").isZero();
  }

  @Test
  void aLocationThatIsNoUrlIsNotQuoted() throws Exception {
    api.enqueue(new MockResponse.Builder().code(302)
        .setHeader("Location", "https://" + ACCOUNT_ID + ":" + AUTH_TOKEN + "@exa mple.org/v3/supporters/ada@example.org")
        .build());

    Throwable failure = failure(apiClient().build().supporter("ada@example.org"));

    assertThat(failure).isExactlyInstanceOf(RallyApiException.class)
        .hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 302: The server redirected to a Location that"
            + " is not a URL, which the client does not follow: only a GET to the API's own scheme, host and port is"
            + " followed.");
  }

  /** The log of a followed redirect, and of one not followed: the Location line too names no supporter. */
  @ParameterizedTest
  @EnumSource(value = HttpLoggingInterceptor.Level.class, names = {"HEADERS", "BODY"})
  void theHttpLogNamesNoSupporterAndNoCredentialsInALocation(HttpLoggingInterceptor.Level level) throws Exception {
    api.enqueue(new MockResponse.Builder().code(301)
        .setHeader("Location", "/v3/supporters/ada@example.org/?email=ada@example.org&state=NY").build());
    // The body is BODY's to log as it is: this one names someone else.
    api.enqueue(json(200, SUPPORTER_JSON.replace("ada@example.org", "grace@example.org").replace("Ada", "Grace")
        .replace("Lovelace", "Hopper")));
    String elsewhereLocation = elsewhere.url("/v3/supporters/ada@example.org").newBuilder()
        .username(ACCOUNT_ID).password(AUTH_TOKEN).addQueryParameter("firstName", "Ada").build().toString();
    api.enqueue(new MockResponse.Builder().code(302).setHeader("Content-Location", elsewhereLocation)
        .setHeader("Location", elsewhereLocation).build());
    List<String> log = new CopyOnWriteArrayList<>();
    RallyCongress rally = apiClient().logLevel(level).logger(log::add).build();

    await(rally.supporter("ada@example.org"));
    failure(rally.supporter("ada@example.org"));

    String other = elsewhere.url("/").toString();
    assertThat(log).contains("Location: /v3/supporters/{supporterId}/?email=██&state=NY",
        "Location: " + other + "v3/supporters/{supporterId}?firstName=██",
        "Content-Location: " + other + "v3/supporters/{supporterId}?firstName=██");
    assertThat(log).noneMatch(line -> line.contains("ada") || line.contains("Ada") || line.contains(AUTH_TOKEN));
  }

  @Test
  void aRedirectToPlainHttpOnARemoteHostIsNeverSent() throws Exception {
    // api.example.org resolves to the second server, so a request sent would arrive there.
    OkHttpClient resolving = new OkHttpClient.Builder()
        .dns(host -> host.equals("api.example.org")
            ? Collections.singletonList(InetAddress.getLoopbackAddress())
            : okhttp3.Dns.SYSTEM.lookup(host))
        .build();
    String remote = "http://api.example.org:" + elsewhere.getPort() + "/v3/supporters/900123?email=ada%40example.org";
    api.enqueue(new MockResponse.Builder().code(302).setHeader("Location", remote).build());
    elsewhere.enqueue(json(200, SUPPORTER_JSON));

    // The retry policy allows 3 attempts: a refusal must not use them (it would be refused again).
    Throwable failure = failure(apiClient().okHttpClient(resolving).build().supporter("900123"));

    assertThat(api.getRequestCount()).as("the redirect is not retried").isEqualTo(1);
    assertThat(failure).isExactlyInstanceOf(RallyApiException.class)
        .satisfies(e -> assertThat(((RallyApiException) e).status()).isEqualTo(302));
    assertThat(elsewhere.getRequestCount()).isZero();
  }

  @Test
  void aPlainHttpBaseUrlIsRefusedWithoutItsQuery() {
    assertThatIllegalArgument(() -> RallyCongress.builder().baseUrl("http://example.org/v3/?key=k3y"),
        "baseUrl http://example.org/v3/ is plain http: the Rally Congress API is HTTPS only (http is accepted for"
            + " loopback hosts such as 127.0.0.1, for sandboxes and tests).");
  }

  /** Names that look like loopback addresses resolve wherever their owner likes. */
  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1.example.com/v3/", "http://127.evil.example/v3/"})
  void plainHttpIsRefusedForNamesThatOnlyLookLikeLoopback(String baseUrl) {
    assertThatThrownBy(() -> RallyCongress.builder().baseUrl(baseUrl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is plain http: the Rally Congress API is HTTPS only");
  }

  @Test
  void plainHttpIsAcceptedForLoopbackHosts() {
    RallyCongress.Builder builder = RallyCongress.builder().credentials(ACCOUNT_ID, AUTH_TOKEN);

    assertThat(builder.baseUrl("http://127.0.0.1:8080/v3").build().baseUrl()).hasToString("http://127.0.0.1:8080/v3/");
    assertThat(builder.baseUrl("http://localhost:8080/v3/").build().baseUrl()).hasToString("http://localhost:8080/v3/");
    assertThat(builder.baseUrl("https://sandbox.example.org/v3/").build().baseUrl())
        .hasToString("https://sandbox.example.org/v3/");
  }

  @ParameterizedTest
  @EnumSource(HttpLoggingInterceptor.Level.class)
  void noLogLevelWritesTheTokenInAnyForm(HttpLoggingInterceptor.Level level) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    api.enqueue(error(429, "Too many requests").newBuilder().setHeader("Retry-After", "0").build());
    api.enqueue(json(200, SUPPORTER_JSON));
    api.enqueue(error(400, "The zipcode is not valid"));
    RallyCongress rally = apiClient().logLevel(level).logger(lines::add).build();

    await(rally.supporter("900123"));
    failure(rally.submitAction(ActionRequest.builder("17465", ActionType.LETTER)
        .firstName("Ada").lastName("Lovelace").zipCode("1220").build()));

    String basicBase64 = BASIC.substring("Basic ".length());
    String tokenBase64 = Base64.getEncoder().encodeToString(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8));
    assertThat(lines).noneMatch(line -> line.contains(AUTH_TOKEN))
        .noneMatch(line -> line.contains(basicBase64))
        .noneMatch(line -> line.contains(tokenBase64));
    switch (level) {
      case NONE:
        assertThat(lines).isEmpty();
        break;
      case BASIC:
        assertThat(lines).anyMatch(line -> line.startsWith("--> GET " + loopbackIp(api) + "supporters/{supporterId}"));
        break;
      case HEADERS:
      case BODY:
        // One line per request written: the 429, its retry, and the POST.
        assertThat(lines).filteredOn(line -> line.startsWith("Authorization:")).containsExactly(
            "Authorization: ██", "Authorization: ██", "Authorization: ██");
        break;
      default:
        throw new AssertionError(level);
    }
  }

  private static void assertThatIllegalArgument(Runnable call, String message) {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(call::run).withMessage(message);
  }
}
