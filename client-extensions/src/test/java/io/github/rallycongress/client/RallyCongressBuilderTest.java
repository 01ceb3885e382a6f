package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.ACCOUNT_ID;
import static io.github.rallycongress.client.TestClients.AUTH_TOKEN;
import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.rallycongress.generated.model.ActionType;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where credentials come from, what the builder refuses, and what {@code toString()} shows. */
@Timeout(value = 20, unit = SECONDS)
class RallyCongressBuilderTest {
  private static final String NO_CREDENTIALS = "No credentials: call credentials(accountId, authToken), or set the"
      + " environment variables RALLY_ACCOUNT_ID and RALLY_AUTH_TOKEN (control panel: Account Settings, API).";

  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RallyCongress.Builder withEnvironment(Map<String, String> environment) {
    return RallyCongress.builder().environment(environment::get).baseUrl(server.url("/v3/").toString());
  }

  @Test
  void credentialsComeFromTheEnvironmentWhenNotGiven() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("RALLY_ACCOUNT_ID", "AC-ENV-1");
    environment.put("RALLY_AUTH_TOKEN", "env-token-42");
    server.enqueue(json(200, SUPPORTER_JSON));

    await(withEnvironment(environment).build().supporter("900123"));

    assertThat(server.takeRequest(1, SECONDS).getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic("AC-ENV-1", "env-token-42"));
  }

  @Test
  void credentialsGivenToTheBuilderWinOverTheEnvironment() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("RALLY_ACCOUNT_ID", "AC-ENV-1");
    environment.put("RALLY_AUTH_TOKEN", "env-token-42");
    server.enqueue(json(200, SUPPORTER_JSON));

    await(withEnvironment(environment).credentials(ACCOUNT_ID, AUTH_TOKEN).build().supporter("900123"));

    assertThat(server.takeRequest(1, SECONDS).getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic(ACCOUNT_ID, AUTH_TOKEN));
  }

  @Test
  void withoutCredentialsAnywhereBuildFailsWithAnActionableMessage() {
    assertThatIllegalStateException().isThrownBy(() -> withEnvironment(new HashMap<>()).build())
        .withMessage(NO_CREDENTIALS);
  }

  @Test
  void anAccountWithoutATokenInTheEnvironmentIsNoCredentials() {
    Map<String, String> environment = new HashMap<>();
    environment.put("RALLY_ACCOUNT_ID", "AC-ENV-1");
    environment.put("RALLY_AUTH_TOKEN", "");

    assertThatIllegalStateException().isThrownBy(() -> withEnvironment(environment).build())
        .withMessage(NO_CREDENTIALS);
  }

  @Test
  void emptyCredentialsAreRefusedAtOnce() {
    assertThatIllegalArgumentException().isThrownBy(() -> RallyCongress.builder().credentials(ACCOUNT_ID, ""))
        .withMessage("accountId and authToken must not be empty");
  }

  /**
   * A blank credential, or one with a line break or a space at an end (read with it from a file,
   * pasted with it), was sent as it was: the server's 401 named no cause. Refused where it is
   * given, without quoting it.
   */
  @Test
  void blankCredentialsOrOnesWithWhitespaceAtAnEndAreRefusedWithoutBeingQuoted() {
    String trailing = " starts or ends with whitespace or a control character (a line break read with it from a"
        + " file?): give the value from the control panel (Account Settings, API) without it.";
    assertThatIllegalArgumentException().isThrownBy(() -> RallyCongress.builder().credentials("   ", AUTH_TOKEN))
        .withMessage("accountId is blank: give the value from the control panel (Account Settings, API).");
    assertThatIllegalArgumentException().isThrownBy(() -> RallyCongress.builder().credentials(ACCOUNT_ID, "\t"))
        .withMessage("authToken is blank: give the value from the control panel (Account Settings, API).");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RallyCongress.builder().credentials(ACCOUNT_ID, AUTH_TOKEN + "\n"))
        .withMessage("authToken" + trailing);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RallyCongress.builder().credentials(" " + ACCOUNT_ID, AUTH_TOKEN))
        .withMessage("accountId" + trailing);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RallyCongress.builder().baseUrl("https://" + ACCOUNT_ID + ":" + AUTH_TOKEN
            + "%0A@api.rallycongress.net/v3/"))
        .withMessage("The auth token in baseUrl" + trailing);
    Map<String, String> environment = new HashMap<>();
    environment.put("RALLY_ACCOUNT_ID", ACCOUNT_ID);
    environment.put("RALLY_AUTH_TOKEN", AUTH_TOKEN + "\r\n");
    assertThatIllegalStateException().isThrownBy(() -> withEnvironment(environment).build())
        .withMessage("RALLY_AUTH_TOKEN" + trailing);
    environment.put("RALLY_AUTH_TOKEN", "  ");
    assertThatIllegalStateException().isThrownBy(() -> withEnvironment(environment).build())
        .withMessage(NO_CREDENTIALS);
  }

  /**
   * OkHttp's range: under 1 ms would reach it as 0 ms, which it reads as no timeout at all; over
   * {@code Integer.MAX_VALUE} ms a deadline added up in nanoseconds could overflow.
   */
  @Test
  void timeoutsOutsideOneMillisecondToAbout25DaysAreRefusedAtOnce() {
    String range = " must be from 1 ms to 2147483647 ms (about 24.8 days), but was ";
    assertThatIllegalArgumentException().isThrownBy(() -> RallyCongress.builder().readTimeout(Duration.ofNanos(500_000)))
        .withMessage("readTimeout" + range + "PT0.0005S");
    assertThatIllegalArgumentException().isThrownBy(() -> RallyCongress.builder().connectTimeout(Duration.ofDays(30)))
        .withMessage("connectTimeout" + range + "PT720H");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RallyCongress.builder().callTimeout(Duration.ofMillis(Long.MAX_VALUE)))
        .withMessageStartingWith("callTimeout" + range);
    assertThatIllegalArgumentException().isThrownBy(() -> RallyCongress.builder().callTimeout(Duration.ZERO))
        .withMessage("callTimeout" + range + "PT0S");
  }

  /** A retry policy's waits have the same bound: a longer one overflowed where it was added to a time. */
  @Test
  void retryWaitsOutsideZeroToAbout25DaysAreRefusedAtOnce() {
    String range = " must be from 0 to 2147483647 ms (about 24.8 days), but was ";
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.builder().maxBackoff(Duration.ofDays(365L * 300)))
        .withMessage("maxBackoff" + range + "PT2628000H");
    assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)))
        .withMessage("initialBackoff" + range + "PT-0.001S");
    assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().maxElapsed(Duration.ofDays(25)))
        .withMessage("maxElapsed" + range + "PT600H");
    assertThat(RetryPolicy.builder().maxBackoff(Duration.ofMillis(Integer.MAX_VALUE)).build().maxBackoff())
        .isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
  }

  @Test
  void theLongestTimeoutsAreAcceptedAndACallStillEnds() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON));
    Duration longest = Duration.ofMillis(Integer.MAX_VALUE);
    RallyCongress rally = withEnvironment(Map.of()).credentials(ACCOUNT_ID, AUTH_TOKEN).connectTimeout(longest)
        .readTimeout(longest).callTimeout(longest).build();

    assertThat(await(rally.supporter("900123")).getId()).isEqualTo("900123");
  }

  /** RFC 7617: an HTTP Basic user id ends at its first ':', so the server would see another account. */
  @Test
  void anAccountIdWithAColonIsRefusedWhereverItIsGiven() {
    String colon = " contains ':', which HTTP Basic cannot carry in a user id (RFC 7617): the server would read the"
        + " account ID as ending at the ':'.";
    assertThatIllegalArgumentException().isThrownBy(() -> RallyCongress.builder().credentials("AC1:2", AUTH_TOKEN))
        .withMessage("accountId" + colon);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RallyCongress.builder().baseUrl("https://AC1%3A2:" + AUTH_TOKEN + "@api.rallycongress.net/v3/"))
        .withMessage("The account ID in baseUrl" + colon)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(AUTH_TOKEN));
    assertThatIllegalStateException()
        .isThrownBy(() -> withEnvironment(Map.of("RALLY_ACCOUNT_ID", "AC1:2", "RALLY_AUTH_TOKEN", AUTH_TOKEN)).build())
        .withMessage("RALLY_ACCOUNT_ID" + colon);
  }

  /** Retrofit resolves each path against the base URL, which drops a query or a fragment. */
  @Test
  void aBaseUrlWithAQueryOrAFragmentIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RallyCongress.builder().baseUrl("https://api.rallycongress.net/v3/?key=k3y"))
        .withMessage("baseUrl https://api.rallycongress.net/v3/ has a query, which no request would carry: give the"
            + " scheme, host and path only, such as https://api.rallycongress.net/v3/");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RallyCongress.builder().baseUrl("https://api.rallycongress.net/v3#top"))
        .withMessageContaining("has a fragment, which no request would carry");
  }

  @Test
  void clientToStringShowsBaseUrlButNeitherHalfOfTheCredentials() {
    RallyCongress rally = RallyCongress.builder().credentials(ACCOUNT_ID, AUTH_TOKEN)
        .baseUrl("https://api.rallycongress.net/v3/").build();

    assertThat(rally).hasToString("RallyCongress{baseUrl=https://api.rallycongress.net/v3/,"
        + " retryPolicy=RetryPolicy{maxAttempts=4, initialBackoff=PT0.5S, maxBackoff=PT20S, maxElapsed=PT1M,"
        + " jitter=0.2}, maxConcurrentRequests=4, callTimeout=PT30S}");
    assertThat(rally.toString()).doesNotContain(AUTH_TOKEN).doesNotContain(ACCOUNT_ID);
  }

  @Test
  void retryPolicyToStringListsItsSettings() {
    assertThat(RetryPolicy.none()).hasToString(
        "RetryPolicy{maxAttempts=1, initialBackoff=PT0.5S, maxBackoff=PT20S, maxElapsed=PT1M, jitter=0.2}");
  }

  @Test
  void supporterQueryToStringNamesTheFiltersButNotTheirValues() {
    SupporterQuery query = SupporterQuery.builder().email("ada@example.org").lastName("Lovelace")
        .updatedSince(OffsetDateTime.parse("2026-03-14T15:00:00Z")).zipCode("12207").build();

    assertThat(query).hasToString("SupporterQuery{email, lastName, updatedSince, zipCode}");
    assertThat(SupporterQuery.all()).hasToString("SupporterQuery{}");
  }

  @Test
  void actionRequestToStringNamesTheFieldsButNotTheirValues() {
    ActionRequest request = ActionRequest.builder("17465", ActionType.LETTER).firstName("Ada").lastName("Lovelace")
        .zipCode("12207").email("ada@example.org").message("Please protect the eagle.").build();

    assertThat(request).hasToString(
        "ActionRequest{campaignId=17465, actionType=letter, fields=[firstname, lastname, zipcode, email, message]}");
  }
}
