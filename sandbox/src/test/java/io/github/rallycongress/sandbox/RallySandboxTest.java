package io.github.rallycongress.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RallySandboxExtension.class)
class RallySandboxTest {
  final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).retryOnConnectionFailure(false).build();

  String get(RallySandbox sandbox, String path) throws IOException {
    Request request = new Request.Builder().url(sandbox.baseUrl() + path)
        .header("Authorization", Credentials.basic(sandbox.accountId(), sandbox.authToken())).build();
    try (Response response = http.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  @Test
  void extensionInjectsAStartedSandboxWithTheDefaults(RallySandbox sandbox) throws IOException {
    assertThat(sandbox.baseUrl()).matches("http://127\\.0\\.0\\.1:[0-9]+/v3/").isEqualTo("http://127.0.0.1:" + sandbox.port() + "/v3/");
    assertThat(sandbox.accountId()).isEqualTo("AC0000SANDBOX");
    assertThat(sandbox.authToken()).isEqualTo("sandbox_auth_token_not_a_secret");
    assertThat(sandbox.supporters()).isEqualTo(1000);
    int before = sandbox.requestCount();
    assertThat(get(sandbox, "supporters?pagesize=1")).startsWith("200 {").contains("\"totalResults\":1000");
    assertThat(sandbox.requestCount()).isEqualTo(before + 1);
  }

  @Test
  void toStringNeverShowsTheToken() throws IOException {
    try (RallySandbox sandbox = RallySandbox.builder().authToken("s3cret-token").seed(9).build()) {
      assertThat(sandbox.toString()).isEqualTo("RallySandbox{accountId=AC0000SANDBOX, supporters=1000, seed=9}");
      sandbox.start();
      assertThat(sandbox.toString()).doesNotContain("s3cret").startsWith("RallySandbox{baseUrl=http://127.0.0.1:");
      assertThat(sandbox.newBuilder().toString()).doesNotContain("s3cret");
    }
  }

  @Test
  void shellExportsAreThreeLinesAShellCanEval() throws IOException {
    try (RallySandbox sandbox = RallySandbox.builder().authToken("it's a token").build().start()) {
      assertThat(sandbox.shellExports()).containsExactly(
          "export RALLY_BASE_URL=http://127.0.0.1:" + sandbox.port() + "/v3/",
          "export RALLY_ACCOUNT_ID=AC0000SANDBOX",
          "export RALLY_AUTH_TOKEN='it'\\''s a token'");
    }
  }

  @Test
  void sameSeedGivesTheSameDataAndAnotherSeedOther() throws IOException {
    try (RallySandbox a = RallySandbox.builder().seed(5).build().start();
        RallySandbox b = RallySandbox.builder().seed(5).build().start();
        RallySandbox c = RallySandbox.builder().seed(6).build().start()) {
      String page = get(a, "supporters?page=3&pagesize=20");
      assertThat(get(b, "supporters?page=3&pagesize=20")).isEqualTo(page);
      assertThat(get(c, "supporters?page=3&pagesize=20")).isNotEqualTo(page);
    }
  }

  /**
   * The same requests meet the same faults however they interleave: one sandbox gets forty
   * supporter GETs, each twice, from eight threads at once; another with the same seed gets them
   * one at a time in reverse order. Each request's answers (status, or a dropped connection)
   * are the same on both. Faults drawn in arrival order made the two differ.
   */
  @Test
  void theSameRequestsMeetTheSameFaultsHoweverTheyInterleave() throws Exception {
    RallySandbox.Builder faulty = RallySandbox.builder().seed(11).serverErrorRate(0.4).droppedConnectionRate(0.2);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      paths.add("supporters/" + (1_000_000 + i));
      paths.add("supporters/" + (1_000_000 + i));
    }
    try (RallySandbox concurrent = faulty.build().start(); RallySandbox sequential = faulty.build().start()) {
      Map<String, List<String>> atOnce = new ConcurrentHashMap<>();
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (String path : paths) {
          done.add(threads.submit(() -> {
            atOnce.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(outcome(concurrent, path));
            return null;
          }));
        }
        for (Future<?> each : done) {
          each.get();
        }
      } finally {
        threads.shutdownNow();
      }
      Map<String, List<String>> oneByOne = new HashMap<>();
      for (int i = paths.size() - 1; i >= 0; i--) {
        oneByOne.computeIfAbsent(paths.get(i), p -> new ArrayList<>()).add(outcome(sequential, paths.get(i)));
      }

      for (String path : oneByOne.keySet()) {
        assertThat(sorted(atOnce.get(path))).as(path).isEqualTo(sorted(oneByOne.get(path)));
      }
      assertThat(oneByOne.values().stream().flatMap(List::stream).distinct())
          .as("every kind of answer occurs").contains("200", "dropped", "500", "503");
    }
  }

  private String outcome(RallySandbox sandbox, String path) {
    try {
      return get(sandbox, path).split(" ")[0];
    } catch (IOException dropped) {
      return "dropped";
    }
  }

  private static List<String> sorted(List<String> outcomes) {
    List<String> copy = new ArrayList<>(outcomes);
    Collections.sort(copy);
    return copy;
  }

  @Test
  void droppedConnectionsFailTheCallWithAnIOException() throws IOException {
    try (RallySandbox sandbox = RallySandbox.builder().droppedConnectionRate(1).build().start()) {
      assertThatThrownBy(() -> get(sandbox, "campaigns")).isInstanceOf(IOException.class);
      assertThat(sandbox.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void aSandboxStartsOnceAndOnlyAfterStartHasAPort() throws IOException {
    RallySandbox sandbox = RallySandbox.builder().build();
    assertThatThrownBy(sandbox::baseUrl).isInstanceOf(IllegalStateException.class)
        .hasMessage("Start the sandbox before asking for its port or base URL.");
    sandbox.start();
    sandbox.close();
    sandbox.close();
    assertThatThrownBy(sandbox::start).isInstanceOf(IllegalStateException.class)
        .hasMessage("This sandbox was already started; build a new one to start again.");
  }

  /**
   * An app that locks the sandbox for its own purposes ({@code synchronized (sandbox)}) does not
   * stall it: start, port and close lock a private object. They were synchronized methods, and
   * waited for the app's thread to let go.
   */
  @Test
  void anAppHoldingTheSandboxsMonitorDoesNotStallIt() throws Exception {
    RallySandbox sandbox = RallySandbox.builder().build();
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread app = new Thread(() -> {
      synchronized (sandbox) {
        held.countDown();
        try {
          release.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "app holding the sandbox's monitor");
    app.start();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      assertThat(held.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      Future<String> used = other.submit(() -> {
        sandbox.start();
        String baseUrl = sandbox.baseUrl();
        sandbox.close();
        return baseUrl;
      });
      assertThat(used.get(20, java.util.concurrent.TimeUnit.SECONDS)).startsWith("http://127.0.0.1:");
    } finally {
      release.countDown();
      other.shutdownNow();
      app.join(20_000);
      sandbox.close();
    }
  }

  @Test
  void builderRejectsBadSettingsAtOnce() {
    RallySandbox.Builder builder = RallySandbox.builder();
    assertThatThrownBy(() -> builder.supporters(-1)).hasMessage("supporters must be from 0 to 100000000, but was -1.");
    assertThatThrownBy(() -> builder.maxConcurrentRequests(0)).hasMessage("maxConcurrentRequests must be at least 1, but was 0.");
    assertThatThrownBy(() -> builder.serverErrorRate(1.5)).hasMessage("serverErrorRate must be from 0 to 1, but was 1.5.");
    assertThatThrownBy(() -> builder.droppedConnectionRate(Double.NaN)).hasMessage("droppedConnectionRate must be from 0 to 1, but was NaN.");
    assertThatThrownBy(() -> builder.accountId("a:b")).hasMessage("accountId must be non-empty and without ':' (it is a Basic auth username).");
    assertThatThrownBy(() -> builder.latency(Duration.ofMillis(-1))).hasMessage("latency must not be negative, but was PT-0.001S.");
    assertThatThrownBy(() -> builder.port(70_000)).hasMessage("port must be from 0 to 65535, but was 70000.");
    assertThatThrownBy(() -> builder.retryAfter(Duration.ofMillis(1500))).hasMessage("retryAfter must be whole seconds"
        + " from 0 to 86400 (Retry-After gives seconds), but was PT1.5S.");
    assertThatThrownBy(() -> builder.retryAfter(Duration.ofSeconds(-1))).hasMessageStartingWith("retryAfter must be");
    assertThatThrownBy(() -> builder.retryAfter(Duration.ofDays(2))).hasMessageStartingWith("retryAfter must be");
    assertThatThrownBy(() -> builder.authToken(null)).isInstanceOf(NullPointerException.class).hasMessage("authToken == null");
  }

  @Test
  void aSandboxWhosePortIsTakenHasNoPort() throws IOException {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      RallySandbox sandbox = RallySandbox.builder().port(taken.getLocalPort()).build();
      assertThatThrownBy(sandbox::start).isInstanceOf(IOException.class);
      assertThatThrownBy(sandbox::baseUrl).isInstanceOf(IllegalStateException.class)
          .hasMessage("Start the sandbox before asking for its port or base URL.");
      sandbox.close();
    }
  }

  /** RFC 7617: the scheme in any case, spaces before the credentials, UTF-8 or OkHttp's default ISO-8859-1. */
  @Test
  void basicAuthAsTheRfcHasIt() throws IOException {
    try (RallySandbox sandbox = RallySandbox.builder().authToken("tök€n").build().start()) {
      String utf8 = Credentials.basic(sandbox.accountId(), sandbox.authToken(), java.nio.charset.StandardCharsets.UTF_8);
      String token = utf8.substring("Basic ".length());
      assertThat(status(sandbox, utf8)).isEqualTo(200);
      assertThat(status(sandbox, "basic " + token)).isEqualTo(200);
      assertThat(status(sandbox, "BASIC   " + token + " ")).isEqualTo(200);
      assertThat(status(sandbox, "Bearer " + token)).isEqualTo(401);
      assertThat(status(sandbox, "Basic not-base64!")).isEqualTo(401);
      assertThat(status(sandbox, null)).isEqualTo(401);
    }
    try (RallySandbox sandbox = RallySandbox.builder().authToken("tökén").build().start()) {
      assertThat(status(sandbox, Credentials.basic(sandbox.accountId(), sandbox.authToken()))).isEqualTo(200);
      assertThat(status(sandbox, Credentials.basic(sandbox.accountId(), sandbox.authToken(),
          java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(200);
    }
  }

  private int status(RallySandbox sandbox, @org.jspecify.annotations.Nullable String authorization) throws IOException {
    Request.Builder request = new Request.Builder().url(sandbox.baseUrl() + "campaigns");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      return response.code();
    }
  }

  /** A HEAD answer with content would corrupt the connection's next answer. */
  @Test
  void headIs405WithAllowAndNoBodyAndTheConnectionStaysUsable(RallySandbox sandbox) throws IOException {
    Request head = new Request.Builder().url(sandbox.baseUrl() + "campaigns").head()
        .header("Authorization", Credentials.basic(sandbox.accountId(), sandbox.authToken())).build();
    try (Response response = http.newCall(head).execute()) {
      assertThat(response.code()).isEqualTo(405);
      assertThat(response.header("Allow")).isEqualTo("GET");
    }
    assertThat(get(sandbox, "campaigns")).startsWith("200 {");
    assertThat(get(sandbox, "campaigns")).startsWith("200 {");
  }

  /** Two filters and one filter whose value reads like two have the same text: not the same results. */
  @Test
  void aFilterValueThatLooksLikeTwoFiltersIsOneFilter(RallySandbox sandbox) throws IOException {
    assertThat(get(sandbox, "supporters?firstName=Maria&lastName=Smith")).contains("\"totalResults\":");
    String first = get(sandbox, "supporters?pagesize=1");
    String firstName = first.replaceAll(".*?\"firstName\":\"([^\"]*)\".*", "$1");
    String lastName = first.replaceAll(".*?\"lastName\":\"([^\"]*)\".*", "$1");
    assertThat(get(sandbox, "supporters?firstName=" + firstName + "&lastName=" + lastName))
        .doesNotContain("\"totalResults\":0");

    String oneValue = get(sandbox, "supporters?firstName=" + firstName + "%2C%20lastName%3D" + lastName);

    assertThat(oneValue).contains("\"totalResults\":0");
  }

  /**
   * A query is read as servers read form-encoded text (the WHATWG URL standard's parser, PHP's
   * parse_str): an empty pair (a bare '?', '&&', a trailing '&') is nothing, and a name without
   * '=' has the empty value. The sandbox refused {@code supporters?state=NY&} for a parameter named
   * '' that no server sees, and read {@code supporters?state} as no filter at all, answering
   * every supporter where {@code state=} answers 400.
   */
  @Test
  void aQueryIsReadAsServersReadFormEncodedText(RallySandbox sandbox) throws IOException {
    String[][] sameAnswer = {
        {"campaigns", "campaigns?"},
        {"campaigns?pagesize=2", "campaigns?pagesize=2&"},
        {"supporters?state=NY&pagesize=2", "supporters?&state=NY&&pagesize=2&"},
        {"supporters/1000001", "supporters/1000001?"},
        {"supporters?state=&pagesize=2", "supporters?state&pagesize=2"},
        {"supporters?email=&pagesize=2", "supporters?email&pagesize=2"},
        {"campaigns?page=", "campaigns?page"},
        {"campaigns/17465/letter?zipcode=", "campaigns/17465/letter?zipcode"}};
    for (String[] pair : sameAnswer) {
      assertThat(get(sandbox, pair[1])).as(pair[1]).isEqualTo(get(sandbox, pair[0]));
    }
    assertThat(get(sandbox, "campaigns?")).startsWith("200 {");
    assertThat(get(sandbox, "supporters?state=NY&pagesize=2&")).startsWith("200 {")
        .contains("\"uri\":\"/v3/supporters?state=NY&page=0&pagesize=2\"");
    assertThat(get(sandbox, "supporters?state&pagesize=2")).isEqualTo("400 {\"response\":{\"errors\":[\"The state"
        + " parameter must be a two-letter uppercase state code such as NY, but was ''.\"]}}");
    assertThat(get(sandbox, "supporters?email&pagesize=2")).startsWith("200 {").contains("\"totalResults\":0");
  }

  @Test
  void anUnknownPathIs404AndAnotherMethodIs405(RallySandbox sandbox) throws IOException {
    assertThat(get(sandbox, "petitions")).isEqualTo(
        "404 {\"response\":{\"errors\":[\"The requested resource was not found: /v3/petitions.\"]}}");
    Request delete = new Request.Builder().url(sandbox.baseUrl() + "supporters/1000000").delete()
        .header("Authorization", Credentials.basic(sandbox.accountId(), sandbox.authToken())).build();
    try (Response response = http.newCall(delete).execute()) {
      assertThat(response.code()).isEqualTo(405);
      assertThat(response.header("Allow")).isEqualTo("GET, POST");
      assertThat(response.body().string()).isEqualTo(
          "{\"response\":{\"errors\":[\"DELETE is not allowed on /v3/supporters/1000000; this resource answers GET and POST only.\"]}}");
    }
  }
}
