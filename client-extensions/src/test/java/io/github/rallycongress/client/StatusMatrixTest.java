package io.github.rallycongress.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.sandbox.NoDelayServerSockets;
import io.github.rallycongress.generated.model.ActionType;
import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The specification of what is sent again: for every status from 300 to 599, for a GET and a POST,
 * under the default policy and under {@link RetryPolicy#none()}, how many requests the server
 * receives and what reaches the caller. Every response carries {@code Retry-After: 0} (which OkHttp
 * alone would act on for a 503), a {@code WWW-Authenticate} challenge and, for a 3xx, a
 * {@code Location} on the same origin, so any follow-up the HTTP stack made by itself would show
 * in the counts.
 */
@Timeout(value = 120, unit = SECONDS)
class StatusMatrixTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  /** The default policy's decisions (4 attempts) with waits of a millisecond, so the table runs in seconds. */
  private static final RetryPolicy DEFAULTS = RetryPolicy.defaults().newBuilder()
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build();

  /**
   * The table. Columns: the statuses; then, for GET with the default policy, GET with none(), POST
   * with the default policy and POST with none(): the requests the server received and what
   * reached the caller ("ok": the value; "error": the exception named by {@link #exceptionFor},
   * with that status). Statuses not listed: one request and the error. A redirect is followed only
   * for a GET to the same origin ("1+1 moved": one request for the path, one for the new location).
   */
  private static final Row[] TABLE = {
      //          statuses                        GET, defaults        GET, none()          POST, defaults       POST, none()
      row(codes(301, 302, 303, 307, 308),       "1+1 moved ok",      "1+1 moved ok",      "1 error",           "1 error"),
      row(codes(429),                           "4 error",           "1 error",           "4 error",           "1 error"),
      row(codes(500, 503),                      "4 error",           "1 error",           "1 error",           "1 error"),
  };

  private final MockWebServer server = new MockWebServer();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (path.endsWith("/moved")) {
          return TestClients.json(200, "{\"id\":\"moved\",\"firstName\":\"Ada\"}");
        }
        int status = Integer.parseInt(path.replaceAll("^/v3/(supporters/s|campaigns/c)(\\d+).*$", "$2"));
        MockResponse.Builder response = new MockResponse.Builder().code(status)
            .setHeader("Content-Type", "application/json")
            .setHeader("Retry-After", "0")
            .setHeader("WWW-Authenticate", "Basic realm=\"api\"")
            .body("{\"response\":{\"errors\":[\"status " + status + "\"]}}");
        if (status >= 300 && status < 400) {
          response.setHeader("Location", path.startsWith("/v3/supporters/") ? "/v3/supporters/moved" : "/v3/campaigns/moved");
        }
        return response.build();
      }
    });
    server.setServerSocketFactory(new NoDelayServerSockets()); // no Nagle delay per call
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyStatusFrom300To599IsSentExactlyAsTheTableSays() throws Exception {
    RallyCongress retrying = TestClients.client(server).retryPolicy(DEFAULTS).build();
    RallyCongress once = TestClients.client(server).retryPolicy(RetryPolicy.none()).build();
    List<String> mismatches = new ArrayList<>();
    for (int status = 300; status <= 599; status++) {
      Map<String, String> expected = expected(status);
      Map<String, String> actual = new LinkedHashMap<>();
      actual.put("GET, defaults", get(retrying, status));
      actual.put("GET, none()", get(once, status));
      actual.put("POST, defaults", post(retrying, status));
      actual.put("POST, none()", post(once, status));
      if (!actual.equals(expected)) {
        mismatches.add(status + ": expected " + expected + " but was " + actual);
      }
    }
    assertThat(mismatches).as("statuses that differ from the table").isEmpty();
  }

  private String get(RallyCongress rally, int status) throws InterruptedException {
    String path = "/v3/supporters/s" + status;
    return outcome(path, status, rally.supporter("s" + status).map(s -> s.getId()));
  }

  private String post(RallyCongress rally, int status) throws InterruptedException {
    String path = "/v3/campaigns/c" + status + "/letter";
    ActionRequest letter = ActionRequest.builder("c" + status, ActionType.LETTER)
        .firstName("Ada").lastName("Lovelace").zipCode("12207").build();
    return outcome(path, status, rally.submitAction(letter).map(ActionResult::id));
  }

  /**
   * "n ok" or "n error" (after checking the error's type and status), where n is the number of
   * requests for the path, followed by "+m moved" when a redirect was followed.
   */
  private String outcome(String path, int status, Single<String> call) throws InterruptedException {
    requests.clear();
    Object result;
    try {
      result = call.timeout(20, SECONDS).blockingGet();
    } catch (RuntimeException e) {
      result = e;
    }
    int sent = count(path);
    int moved = count("/v3/supporters/moved") + count("/v3/campaigns/moved");
    String counts = sent + (moved > 0 ? "+" + moved + " moved" : "");
    if (result instanceof String) {
      return counts + " " + ("moved".equals(result) ? "ok" : "value " + result);
    }
    Throwable error = (Throwable) result;
    Class<? extends RallyApiException> type = exceptionFor(status);
    if (error.getClass() != type || ((RallyApiException) error).status() != status) {
      return counts + " " + error;
    }
    return counts + " error";
  }

  private int count(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  private static Map<String, String> expected(int status) {
    String[] cells = {"1 error", "1 error", "1 error", "1 error"};
    for (Row row : TABLE) {
      if (row.statuses.contains(status)) {
        cells = row.cells;
      }
    }
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("GET, defaults", cells[0]);
    expected.put("GET, none()", cells[1]);
    expected.put("POST, defaults", cells[2]);
    expected.put("POST, none()", cells[3]);
    return expected;
  }

  static Class<? extends RallyApiException> exceptionFor(int status) {
    switch (status) {
      case 400: return BadRequestException.class;
      case 401: return AuthenticationException.class;
      case 404: return NotFoundException.class;
      case 405: return MethodNotAllowedException.class;
      case 429: return RateLimitedException.class;
      case 500:
      case 503: return ServerErrorException.class;
      default: return RallyApiException.class;
    }
  }

  private static List<Integer> codes(int... statuses) {
    List<Integer> list = new ArrayList<>();
    for (int status : statuses) {
      list.add(status);
    }
    return list;
  }

  private static Row row(List<Integer> statuses, String getDefaults, String getNone, String postDefaults, String postNone) {
    return new Row(statuses, new String[] {getDefaults, getNone, postDefaults, postNone});
  }

  private static final class Row {
    final List<Integer> statuses;
    final String[] cells;

    Row(List<Integer> statuses, String[] cells) {
      this.statuses = statuses;
      this.cells = cells;
    }
  }
}
