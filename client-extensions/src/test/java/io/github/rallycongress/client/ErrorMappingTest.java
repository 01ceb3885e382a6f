package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.error;
import static io.github.rallycongress.client.TestClients.failure;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Phone;
import io.github.rallycongress.generated.model.Supporter;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What reaches {@code onError} for each kind of failed response, read from real bytes on a socket. */
@Timeout(value = 20, unit = SECONDS)
class ErrorMappingTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private RallyCongress rally;

  @BeforeEach
  void start() throws IOException {
    server.start();
    rally = client(server).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void badRequestCarriesTheServersMessagesStatusMethodAndPath() throws Exception {
    server.enqueue(error(400, "The zipcode is not valid", "lastname is required"));
    ActionRequest request = ActionRequest.builder("17465", ActionType.LETTER)
        .firstName("Ada").lastName("Lovelace").zipCode("1220").build();

    Throwable failure = failure(rally.submitAction(request));

    assertThat(failure).isInstanceOfSatisfying(BadRequestException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.method()).isEqualTo("POST");
      assertThat(e.path()).isEqualTo("/v3/campaigns/17465/letter");
      assertThat(e.errors()).containsExactly("The zipcode is not valid", "lastname is required");
      assertThat(e.bodySnippet()).isNull();
      assertThat(e).hasMessage("POST /v3/campaigns/17465/letter failed with HTTP 400:"
          + " The zipcode is not valid; lastname is required");
    });
  }

  /**
   * The error body's shape is inferred, so it is read leniently: a null or non-text message is
   * skipped, other values are skipped unread (a repeated name, a number no double holds), a
   * repeated "errors" counts as its last, and the messages still reach the caller.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"response\":{\"errors\":[\"The zipcode is not valid\",null,42,\"lastname is required\"]}}",
      "{\"response\":{\"errors\":[\"The zipcode is not valid\",\"lastname is required\"]},\"meta\":{\"a\":1,\"a\":2}}",
      "{\"code\":1e400,\"response\":{\"errors\":[\"The zipcode is not valid\",\"lastname is required\"]}}",
      "{\"response\":{\"errors\":[\"old\"],\"errors\":[\"The zipcode is not valid\",\"lastname is required\"]}}",
      "{\"response\":{\"errors\":[\"The zipcode is not valid\",\"lastname is required\"]}} trailing"})
  void anErrorBodysMessagesSurviveWhateverElseItHolds(String body) throws Exception {
    server.enqueue(json(400, body));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(BadRequestException.class,
        e -> assertThat(e.errors()).containsExactly("The zipcode is not valid", "lastname is required"));
  }

  @Test
  void unauthorizedIsAnAuthenticationExceptionAndIsNotRetried() throws Exception {
    server.enqueue(error(401, "Invalid credentials"));
    RallyCongress retrying = client(server).build();

    Throwable failure = failure(retrying.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(AuthenticationException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.errors()).containsExactly("Invalid credentials");
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 401: Invalid credentials");
    });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** A supporter is looked up by email too: a message names the path parameter, never its value (personal data). */
  @Test
  void notFoundIsANotFoundExceptionWithMethodAndPathButNoQueryAndNoSupporterId() throws Exception {
    server.enqueue(error(404, "Supporter not found"));

    Throwable failure = failure(rally.supporter("ada@example.org"));

    assertThat(server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS).getTarget())
        .isEqualTo("/v3/supporters/ada@example.org");
    assertThat(failure).isInstanceOfSatisfying(NotFoundException.class, e -> {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.method()).isEqualTo("GET");
      assertThat(e.path()).isEqualTo("/v3/supporters/{supporterId}");
      assertThat(e.errors()).containsExactly("Supporter not found");
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 404: Supporter not found");
    });
  }

  /**
   * A followed redirect (here the common one that appends a slash, and one to another path) does
   * not change how a message names the request: the operation's path, the supporter's id named.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/v3/supporters/ada@example.org/", "/v3/people/ada@example.org",
      "/v3/supporters/ada@example.org/profile/"})
  void aRedirectedRequestIsStillNamedWithoutTheSupportersId(String location) throws Exception {
    server.enqueue(new MockResponse.Builder().code(301).setHeader("Location", location).build());
    server.enqueue(error(503, "Try again"));
    server.enqueue(error(404, "Supporter not found"));
    java.util.List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
    RallyCongress retrying = client(server).retryListener(event -> retries.add(event.path() + " | " + event)).build();

    Throwable failure = failure(retrying.supporter("ada@example.org"));

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(failure).isInstanceOfSatisfying(NotFoundException.class, e -> {
      assertThat(e.path()).isEqualTo("/v3/supporters/{supporterId}");
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 404: Supporter not found");
    });
    assertThat(retries).containsExactly("/v3/supporters/{supporterId} | retrying GET /v3/supporters/{supporterId}"
        + " (attempt 2 of 3) in 10 ms after HTTP 503");
  }

  @Test
  void methodsReturningResponseAlsoFailWithTheTypedException() throws Exception {
    server.enqueue(error(404, "Campaign not found"));

    Throwable failure = failure(rally.campaignsApi().getCampaign("nope"));

    assertThat(failure).isInstanceOfSatisfying(NotFoundException.class, e -> {
      assertThat(e.path()).isEqualTo("/v3/campaigns/nope");
      assertThat(e).hasMessage("GET /v3/campaigns/nope failed with HTTP 404: Campaign not found");
    });
  }

  @Test
  void methodNotAllowedIsAMethodNotAllowedException() throws Exception {
    server.enqueue(error(405, "Method not allowed"));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(MethodNotAllowedException.class, e -> {
      assertThat(e.status()).isEqualTo(405);
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 405: Method not allowed");
    });
  }

  @Test
  void rateLimitedCarriesRetryAfterGivenInSeconds() throws Exception {
    server.enqueue(error(429, "Too many requests").newBuilder().setHeader("Retry-After", "7").build());

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RateLimitedException.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 429: Too many requests");
    });
  }

  @Test
  void rateLimitedCarriesRetryAfterGivenAsAnHttpDate() throws Exception {
    Clock now = Clock.fixed(Instant.parse("2026-03-14T15:00:00Z"), ZoneOffset.UTC);
    RallyCongress atFixedTime = client(server).retryPolicy(RetryPolicy.none()).clock(now).build();
    server.enqueue(error(429, "Too many requests").newBuilder()
        .setHeader("Retry-After", "Sat, 14 Mar 2026 15:00:30 GMT").build());

    Throwable failure = failure(atFixedTime.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RateLimitedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
  }

  /**
   * A client whose clock is an hour off: the HTTP-date is read against the response's {@code Date},
   * the server's clock, so the wait is the 30 s the server meant, not none (clock ahead: every
   * retry at once, against a server that asked for calm) or an hour (clock behind: the error at
   * once, as past any deadline).
   */
  @ParameterizedTest
  @ValueSource(strings = {"2026-03-14T16:00:00Z", "2026-03-14T14:00:00Z"})
  void anHttpDateRetryAfterIsMeasuredByTheServersClock(String clientTime) throws Exception {
    Clock skewed = Clock.fixed(Instant.parse(clientTime), ZoneOffset.UTC);
    RallyCongress atSkewedTime = client(server).retryPolicy(RetryPolicy.none()).clock(skewed).build();
    server.enqueue(error(429, "Too many requests").newBuilder()
        .setHeader("Date", "Sat, 14 Mar 2026 15:00:00 GMT")
        .setHeader("Retry-After", "Sat, 14 Mar 2026 15:00:30 GMT").build());

    Throwable failure = failure(atSkewedTime.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RateLimitedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
  }

  /** RFC 9110, section 5.6.7: a recipient must accept the two obsolete forms of an HTTP date too. */
  @ParameterizedTest
  @ValueSource(strings = {"Saturday, 14-Mar-26 15:00:30 GMT", "Sat Mar 14 15:00:30 2026"})
  void rateLimitedCarriesRetryAfterGivenAsAnObsoleteHttpDate(String date) throws Exception {
    Clock now = Clock.fixed(Instant.parse("2026-03-14T15:00:00Z"), ZoneOffset.UTC);
    RallyCongress atFixedTime = client(server).retryPolicy(RetryPolicy.none()).clock(now).build();
    server.enqueue(error(429, "Too many requests").newBuilder().setHeader("Retry-After", date).build());

    Throwable failure = failure(atFixedTime.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RateLimitedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
  }

  @Test
  void rateLimitedWithoutRetryAfterHasNone() throws Exception {
    server.enqueue(error(429, "Too many requests"));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).isNull());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void serverErrorsAreServerErrorExceptions(int status) throws Exception {
    server.enqueue(error(status, "Internal error").newBuilder().setHeader("Retry-After", "120").build());

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.errors()).containsExactly("Internal error");
      assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(2));
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP " + status + ": Internal error");
    });
  }

  @Test
  void anUnlistedStatusIsTheBaseException() throws Exception {
    server.enqueue(error(409, "Conflict"));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isExactlyInstanceOf(RallyApiException.class)
        .hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 409: Conflict");
  }

  @Test
  void aNonJsonErrorBodyStillGivesTheTypedExceptionWithItsStart() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Content-Type", "text/html")
        .body("<html>\n<body>Service\tUnavailable</body>\n</html>\n").build());

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class, e -> {
      assertThat(e.errors()).isEmpty();
      assertThat(e.bodySnippet()).isEqualTo("<html><body>ServiceUnavailable</body></html>");
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 503 and a body that is not the"
          + " documented JSON error: <html><body>ServiceUnavailable</body></html>");
    });
  }

  @Test
  void jsonOfAnotherShapeIsKeptAsASnippet() throws Exception {
    server.enqueue(json(404, "{\"message\":\"gone\"}"));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(NotFoundException.class, e -> {
      assertThat(e.errors()).isEmpty();
      assertThat(e.bodySnippet()).isEqualTo("{\"message\":\"gone\"}");
    });
  }

  @Test
  void aLongErrorBodyIsCutTo200Characters() throws Exception {
    String body = "0123456789".repeat(1000);
    server.enqueue(new MockResponse.Builder().code(500).body(body).build());

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class, e -> {
      assertThat(e.bodySnippet()).isEqualTo(body.substring(0, 200));
      assertThat(e.getMessage()).hasSize("GET /v3/supporters/{supporterId} failed with HTTP 500 and a body that is not the documented JSON error: ".length() + 200);
    });
  }

  @Test
  void anErrorBodyThatIsNotUtf8StillGivesTheTypedExceptionWithReplacementCharacters() throws Exception {
    Buffer notUtf8 = new Buffer().write(new byte[] {(byte) 0xC3, '(', (byte) 0xFF, 'o', 'o', 'p', 's'});
    server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json").body(notUtf8).build());

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(BadRequestException.class, e -> {
      assertThat(e.errors()).isEmpty();
      assertThat(e.bodySnippet()).isEqualTo("\uFFFD(\uFFFDoops");
    });
  }

  @Test
  void aSuccessfulBodyOfTheWrongTypeIsADecodingErrorNamingOperationAndPath() throws Exception {
    server.enqueue(json(200, "{\"id\":\"900123\",\"addresses\":\"none\"}"));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RallyDecodingException.class, e -> {
      assertThat(e.operation()).isEqualTo("getSupporter");
      assertThat(e.jsonPath()).isEqualTo("$.addresses");
      assertThat(e).hasMessage("The response of getSupporter could not be decoded at $.addresses:"
          + " Expected BEGIN_ARRAY but was STRING at path $.addresses");
    });
  }

  /**
   * An exception's message goes to logs and terminals: the server's words in it (an error message,
   * which may echo what a supporter typed; a value that failed to decode) carry no line break or
   * escape sequence that would forge a log line or drive a terminal: they are shown escaped, as
   * {@code \r\n}, {@code \x1b}. errors() keeps them exact.
   */
  @Test
  void messagesCarryNoControlCharactersFromTheServer() throws Exception {
    String forged = "The zipcode 1220\r\n2026-01-01 INFO payment accepted\u001b[2J\u009b31m\u2028 is not valid";
    server.enqueue(json(400, "{\"response\":{\"errors\":[\"" + forged + "\"]}}"));
    server.enqueue(json(200, "{\"id\":\"900123\",\"joinDate\":\"2025\\n2026-01-01 INFO forged\"}"));

    Throwable badRequest = failure(rally.supporter("900123"));
    Throwable decoding = failure(rally.supporter("900123"));

    assertThat(((BadRequestException) badRequest).errors()).containsExactly(
        "The zipcode 1220\r\n2026-01-01 INFO payment accepted\u001b[2J\u009b31m\u2028 is not valid");
    assertThat(badRequest).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 400: The zipcode"
        + " 1220\\r\\n2026-01-01 INFO payment accepted\\x1b[2J\\x9b31m\\u2028 is not valid");
    assertThat(decoding).isInstanceOf(RallyDecodingException.class);
    assertThat(decoding.getMessage()).contains("2025\\n2026-01-01 INFO forged").doesNotContain("\n");
  }

  @Test
  void aSuccessfulBodyWithAnUnreadableDateIsADecodingErrorAtThatPath() throws Exception {
    server.enqueue(json(200, "{\"id\":\"900123\",\"joinDate\":\"02/11/2025\"}"));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RallyDecodingException.class, e -> {
      assertThat(e.operation()).isEqualTo("getSupporter");
      assertThat(e.jsonPath()).isEqualTo("$.joinDate");
    });
  }

  /**
   * What the document requires is checked where it is read: a missing or null required property,
   * or a null item in a list, is a decoding error naming its path, not a null for the application
   * to meet later (a getter of a required property promises non-null).
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "{}|$|Required value 'id' missing or null at path $",
      "{\"id\":null,\"firstName\":\"Ada\"}|$|Required value 'id' missing or null at path $",
      "{\"id\":\"1\",\"addresses\":[null]}|$.addresses[0]|Unexpected null item at path $.addresses[0]",
      "{\"id\":\"1\",\"phones\":[{\"telephone\":\"555\"},null]}|$.phones[1]|Unexpected null item at path $.phones[1]"})
  void aMissingRequiredValueOrANullItemIsADecodingErrorNamingItsPath(String body, String path, String detail)
      throws Exception {
    server.enqueue(json(200, body));

    Throwable failure = failure(rally.supporter("1"));

    assertThat(failure).isInstanceOfSatisfying(RallyDecodingException.class, e -> {
      assertThat(e.jsonPath()).isEqualTo(path);
      assertThat(e).hasMessage("The response of getSupporter could not be decoded at " + path + ": " + detail);
    });
  }

  /**
   * What the document does not require decodes when absent: a phone without a number (required
   * until version 4.0.0 of the document, by our reading only) is a phone whose number is null.
   */
  @Test
  void aPhoneWithoutANumberDecodes() throws Exception {
    server.enqueue(json(200, "{\"id\":\"1\",\"phones\":[{\"telephone\":\"555\"},{\"addressType\":\"Home\"},{}]}"));

    Supporter supporter = await(rally.supporter("1"));

    assertThat(supporter.getPhones()).extracting(Phone::getTelephone)
        .containsExactly("555", null, null);
  }

  @Test
  void aPageWithoutItsTotalOrItsItemsIsADecodingError() throws Exception {
    server.enqueue(json(200, "{\"uri\":\"/v3/supporters\",\"firstpageuri\":\"/v3/supporters\",\"page\":0,"
        + "\"pagesize\":50,\"supporters\":[]}"));
    server.enqueue(json(200, "{\"uri\":\"/v3/supporters\",\"firstpageuri\":\"/v3/supporters\",\"page\":0,"
        + "\"pagesize\":50,\"totalResults\":0,\"supporters\":[{\"id\":\"1\"},null]}"));

    Throwable withoutTotal = failure(rally.supporters(SupporterQuery.all()).toList());
    Throwable withANull = failure(rally.supporters(SupporterQuery.all()).toList());

    assertThat(withoutTotal).hasMessageEndingWith("Required value 'totalResults' missing or null at path $");
    assertThat(withANull).hasMessageEndingWith("Unexpected null item at path $.supporters[1]");
  }

  @Test
  void jsonThatEndsEarlyInACompleteBodyIsADecodingError() throws Exception {
    server.enqueue(json(200, "{\"id\":\"900123\",\"firstName\":\"Ada\","));

    Throwable failure = failure(rally.supporter("900123"));

    // Moshi's end-of-input error carries no path, so the root is named.
    assertThat(failure).isInstanceOfSatisfying(RallyDecodingException.class, e -> {
      assertThat(e.operation()).isEqualTo("getSupporter");
      assertThat(e.jsonPath()).isEqualTo("$");
      assertThat(e).hasMessage("The response of getSupporter could not be decoded at $: End of input");
    });
  }

  @Test
  void jsonThatEndsInsideAStringIsADecodingErrorAtThatPath() throws Exception {
    server.enqueue(json(200, "{\"id\":\"900123\",\"firstName\":\"Ad"));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RallyDecodingException.class, e -> {
      assertThat(e.operation()).isEqualTo("getSupporter");
      assertThat(e.jsonPath()).isEqualTo("$.firstName");
    });
  }

  @Test
  void aDisconnectMidBodyIsAnIOExceptionNotARallyException() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build());

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOf(IOException.class);
  }

  @Test
  void aBodySlowerThanTheReadTimeoutIsASocketTimeout() throws Exception {
    RallyCongress impatient = client(server).retryPolicy(RetryPolicy.none()).readTimeout(Duration.ofMillis(200)).build();
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().bodyDelay(3, SECONDS).build());

    Throwable failure = failure(impatient.supporter("900123"));

    assertThat(failure).isInstanceOf(SocketTimeoutException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uFEFF", " \r\n\t", "\uFEFF\n  "})
  void anErrorBodyAfterAByteOrderMarkOrWhitespaceKeepsTheServersMessages(String prefix) throws Exception {
    server.enqueue(json(404, prefix + "{\"response\":{\"errors\":[\"Supporter not found\"]}}"));

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(NotFoundException.class, e -> {
      assertThat(e.errors()).containsExactly("Supporter not found");
      assertThat(e.bodySnippet()).isNull();
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 404: Supporter not found");
    });
  }

  @Test
  void aSnippetNeverCarriesAByteOrderMark() throws Exception {
    server.enqueue(new MockResponse.Builder().code(502).body("\uFEFFBad gateway").build());

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(RallyApiException.class, e -> {
      assertThat(e.bodySnippet()).isEqualTo("Bad gateway");
      assertThat(e).hasMessage("GET /v3/supporters/{supporterId} failed with HTTP 502 and a body that is not the documented"
          + " JSON error: Bad gateway");
    });
  }
}
