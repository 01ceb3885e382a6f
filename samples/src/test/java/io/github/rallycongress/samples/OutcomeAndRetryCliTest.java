package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.samples.RallyCommandTest.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import io.github.rallycongress.sandbox.RallySandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code rally} says when a submission's outcome is unknown, when it retries, and how it takes
 * credentials from {@code --base-url}: against a real socket peer that answers, or does not, as
 * each test needs.
 */
class OutcomeAndRetryCliTest {
  private static RallySandbox sandbox;
  private @Nullable RawServer server;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = RallySandbox.builder().build().start();
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  private static Map<String, String> sandboxEnv() {
    return Map.of("RALLY_BASE_URL", sandbox.baseUrl(), "RALLY_ACCOUNT_ID", sandbox.accountId(),
        "RALLY_AUTH_TOKEN", sandbox.authToken());
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static final String[] SEND = {"send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace",
      "--zip", "10001", "--no-delivery"};

  @Test
  void aSubmissionSentAndThenCutOffExitsWith6AndSaysItMayHaveBeenDelivered() throws IOException {
    server = new RawServer(request -> null); // reads the request, then closes the connection without a word

    Result result = RallyCommandTest.run(env(server), SEND);

    assertThat(result.code()).isEqualTo(Rally.OUTCOME_UNKNOWN).isEqualTo(6);
    assertThat(result.err()).isEqualTo("rally: POST /v3/campaigns/17465/letter was sent, but the connection was lost"
        + " before the response arrived: the server may have acted on it; check before sending again.\n");
    assertThat(server.requests()).as("sent once, never again").isEqualTo(1);
  }

  @Test
  void aSubmissionThatNeverConnectsIsANetworkFailureWithExitCode5() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(sandboxEnv());
    env.put("RALLY_BASE_URL", "http://127.0.0.1:" + port + "/v3/");

    Result result = RallyCommandTest.run(env, SEND);

    assertThat(result.code()).isEqualTo(5);
    assertThat(result.err()).contains("rally: Network failure (").doesNotContain("may have acted");
  }

  @Test
  void eachRetryIsOneLineOnStderr() throws IOException {
    server = new RawServer(request -> "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Type:"
        + " application/json\r\nContent-Length: 37\r\n\r\n{\"response\":{\"errors\":[\"Try again\"]}}");

    Result result = RallyCommandTest.run(env(server), "campaign", "17465");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("rally: retrying (2 of 4) after HTTP 503\n"
        + "rally: retrying (3 of 4) after HTTP 503\n"
        + "rally: retrying (4 of 4) after HTTP 503\n"
        + "rally: GET /v3/campaigns/17465 failed with HTTP 503: Try again\n");
    assertThat(server.requests()).isEqualTo(4);
  }

  @Test
  void credentialsInTheBaseUrlAreUsedAndNeverPrinted() {
    String url = sandbox.baseUrl().replace("http://", "http://" + sandbox.accountId()
        + ":" + sandbox.authToken() + "@");

    Result result = RallyCommandTest.run(Map.of(), "-v", "--base-url", url, "campaign", "17465");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).contains("--> GET " + sandbox.baseUrl() + "campaigns/17465")
        .doesNotContain(sandbox.authToken());
    assertThat(result.out()).doesNotContain(sandbox.authToken());
  }

  @Test
  void credentialsInTheBaseUrlThatDisagreeWithTheEnvironmentAreAUsageError() {
    Map<String, String> env = new HashMap<>(sandboxEnv());
    env.put("RALLY_BASE_URL", sandbox.baseUrl().replace("http://", "http://AC1:other-secret@"));

    Result result = RallyCommandTest.run(env, "campaign", "17465");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("rally: The credentials in RALLY_BASE_URL differ from"
        + " RALLY_ACCOUNT_ID/RALLY_AUTH_TOKEN: give them in one place.\nTry `rally campaign --help`.\n");
  }

  @Test
  void aCredentialWithALineBreakOrBlankIsAUsageErrorNamingTheVariableNotTheValue() {
    Map<String, String> env = new HashMap<>(sandboxEnv());
    env.put("RALLY_AUTH_TOKEN", sandbox.authToken() + "\n");

    Result result = RallyCommandTest.run(env, "campaign", "17465");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).startsWith("rally: RALLY_AUTH_TOKEN starts or ends with whitespace or a control"
        + " character").doesNotContain(sandbox.authToken());

    env.put("RALLY_AUTH_TOKEN", sandbox.authToken());
    env.put("RALLY_ACCOUNT_ID", "   ");
    result = RallyCommandTest.run(env, "campaign", "17465");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).startsWith("rally: RALLY_ACCOUNT_ID is blank: give the value from the control panel");

    env.put("RALLY_ACCOUNT_ID", sandbox.accountId());
    env.put("RALLY_BASE_URL", sandbox.baseUrl().replace("http://", "http://%20AC1:secret@"));
    env.remove("RALLY_AUTH_TOKEN");
    env.remove("RALLY_ACCOUNT_ID");
    result = RallyCommandTest.run(env, "campaign", "17465");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).startsWith("rally: The account ID in --base-url (or RALLY_BASE_URL) starts or ends")
        .doesNotContain("secret");
  }

  private static Map<String, String> env(RawServer server) {
    return Map.of("RALLY_BASE_URL", "http://127.0.0.1:" + server.port() + "/v3/", "RALLY_ACCOUNT_ID", "AC1",
        "RALLY_AUTH_TOKEN", "secret");
  }

  /**
   * A loopback HTTP/1.1 peer, one request per connection: reads the request head and body, then
   * writes what {@code answer} gives for the request line, or closes without answering on null.
   */
  static final class RawServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    RawServer(Function<String, @Nullable String> answer) throws IOException {
      acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket connection = socket.accept()) {
            String requestLine = readRequest(connection.getInputStream());
            requests.incrementAndGet();
            String response = answer.apply(requestLine);
            if (response != null) {
              OutputStream out = connection.getOutputStream();
              out.write(response.getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          } catch (IOException closed) {
            // the server was closed, or the client went away
          }
        }
      }, "RawServer");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    int requests() {
      return requests.get();
    }

    private static String readRequest(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b == -1) {
          throw new IOException("the client closed before the end of the request head");
        }
        head.append((char) b);
      }
      int length = 0;
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).trim());
        }
      }
      in.readNBytes(length);
      return head.substring(0, head.indexOf("\r\n"));
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
