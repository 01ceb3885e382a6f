package io.github.rallycongress.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.sandbox.RallySandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RallyCommandTest {
  static RallySandbox sandbox;

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = RallySandbox.builder().build().start();
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  static Map<String, String> sandboxEnv() {
    return Map.of("RALLY_BASE_URL", sandbox.baseUrl(), "RALLY_ACCOUNT_ID", sandbox.accountId(),
        "RALLY_AUTH_TOKEN", sandbox.authToken());
  }

  static Result run(Map<String, String> env, String... args) {
    return run(env, () -> { }, args);
  }

  static Result run(Map<String, String> env, Io.ShutdownSignal shutdown, String... args) {
    return run(env, null, false, shutdown, args);
  }

  /** As on a terminal: questions go to {@code prompter}, and stderr is a terminal when {@code errIsTerminal}. */
  static Result run(Map<String, String> env, Io.@Nullable Prompter prompter, boolean errIsTerminal,
      Io.ShutdownSignal shutdown, String... args) {
    return run(new ByteArrayOutputStream(), env, prompter, false, errIsTerminal, shutdown, args);
  }

  /** Stdout and stderr both on a terminal. */
  static Result runOnTerminal(Map<String, String> env, String... args) {
    return run(new ByteArrayOutputStream(), env, null, true, true, () -> { }, args);
  }

  /** Stdout is {@code out} (which may fail); what it holds afterwards, when a ByteArrayOutputStream. */
  static Result run(OutputStream out, Map<String, String> env, Io.@Nullable Prompter prompter, boolean outIsTerminal,
      boolean errIsTerminal, Io.ShutdownSignal shutdown, String... args) {
    StringWriter err = new StringWriter();
    Io io = new Io(out, UTF_8, new PrintWriter(err, true), env::get, prompter, outIsTerminal, errIsTerminal, shutdown);
    int code = Rally.execute(io, args);
    return new Result(code, out instanceof ByteArrayOutputStream bytes ? bytes.toString(UTF_8) : "", err.toString());
  }

  @Test
  void theRateLeavesOutTheStartOfAnEmbeddedSandbox() {
    // The clock jumps 100 s when the embedded sandbox is announced: a rate timed from before its
    // start would say "3 supporters in 100.2 s (0/s)".
    AtomicLong jump = new AtomicLong();
    StringWriter err = new StringWriter() {
      @Override
      public void write(String text, int off, int len) {
        super.write(text, off, len);
        if (text.contains("embedded sandbox")) {
          jump.set(TimeUnit.SECONDS.toNanos(100));
        }
      }
    };
    Io io = new Io(new ByteArrayOutputStream(), UTF_8, new PrintWriter(err, true), name -> null, null, false, false,
        () -> { }, () -> System.nanoTime() + jump.get());

    int code = Rally.execute(io, "supporters", "--limit", "3", "--format", "json");

    assertThat(code).as(err.toString()).isZero();
    assertThat(jump.get()).as(err.toString()).isPositive();
    assertThat(err.toString()).containsPattern("\n3 supporters in \\d\\.\\d s \\([\\d,]+/s\\)\n$");
  }

  @Test
  void demoExitsZeroAndPrintsEachStep() {
    Result result = run(Map.of(), "demo");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("1. The account's campaigns")
        .contains("17588   Protect Coastal Wetlands              letter phone petition twitter facebook")
        .contains("2. The letter form of campaign 17465 for ZIP code 10001")
        .contains("Targets for 10001:")
        .contains("1,000 supporters in ")
        .contains(", in 10 requests")
        .contains("HTTP 202, submission ")
        .contains("street (Street address) -> 350 Fifth Avenue")
        .contains("HTTP 200, submission ")
        .contains("NotFoundException (HTTP 404): GET /v3/supporters/{supporterId} failed with HTTP 404");
  }

  @Test
  void campaignsAsTable() {
    Result result = run(sandboxEnv(), "campaigns");

    assertThat(result.code()).isZero();
    assertThat(result.lines()).hasSize(7);
    assertThat(result.lines().get(0)).isEqualTo("id      title                                 actions");
    assertThat(result.lines().get(1)).isEqualTo("17465   Keep the Hudson River Clean           letter phone");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void campaignsAsJsonOneObjectPerLine() {
    Result result = run(sandboxEnv(), "campaigns", "--format", "json");

    assertThat(result.code()).isZero();
    assertThat(result.lines()).hasSize(6).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    assertThat(result.lines().get(0)).contains("\"id\":\"17465\"", "\"title\":\"Keep the Hudson River Clean\"");
  }

  @Test
  void globalOptionsAlsoGoBeforeTheCommand() {
    Result result = run(sandboxEnv(), "--format=csv", "campaigns");

    assertThat(result.code()).isZero();
    assertThat(result.lines()).hasSize(7);
    assertThat(result.lines().get(0)).isEqualTo("id,title,actions");
    assertThat(result.lines().get(1)).isEqualTo("17465,Keep the Hudson River Clean,letter phone");
  }

  @Test
  void campaignById() {
    Result result = run(sandboxEnv(), "campaign", "17502", "--format", "csv");

    assertThat(result.code()).isZero();
    assertThat(result.lines()).containsExactly("id,title,actions", "17502,Save the Adirondack Rail Trail,petition");
  }

  @Test
  void actionFormForAZipCode() {
    Result result = run(sandboxEnv(), "action", "17465", "letter", "--zip", "10001");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("Fields:", "  firstname (required), text: First name", "Sample letters:",
        "Targets for 10001:", "Senator Alex Rivera (D), NY");
  }

  @Test
  void supportersFilteredAndLimited() {
    Result result = run(sandboxEnv(), "supporters", "--state", "NY", "--limit", "5", "--pagesize", "2",
        "--format", "json");

    assertThat(result.code()).as(result.err()).isZero();
    // The filter matches a supporter with any address in the state.
    assertThat(result.lines()).hasSize(5).allSatisfy(line -> assertThat(line).contains("\"state\":\"NY\""));
    assertThat(result.lines().get(0)).contains("\"id\":\"1000001\"");
    assertThat(result.err()).startsWith("5 supporters in ").doesNotContain("\r", "[");
  }

  /** A sandbox of its own: it counts requests, which another test's cancelled one could reach late. */
  @Test
  void supportersStopPagingAtTheLimit() throws IOException {
    try (RallySandbox own = RallySandbox.builder().build().start()) {
      Result result = run(Map.of("RALLY_BASE_URL", own.baseUrl(), "RALLY_ACCOUNT_ID", own.accountId(),
          "RALLY_AUTH_TOKEN", own.authToken()), "supporters", "--limit", "5", "--pagesize", "2", "--format", "csv");

      assertThat(result.lines()).hasSize(6); // the header and 5 supporters
      assertThat(own.requestCount()).as("pages of 2 for 5 supporters").isEqualTo(3);
    }
  }

  @Test
  void supportersOnATerminalDrawAProgressBarOnStderrOnly() throws IOException {
    // 150 ms a page: each page arrives after the bar's 100 ms between redraws.
    try (RallySandbox slow = RallySandbox.builder().latency(java.time.Duration.ofMillis(150)).build().start()) {
      Map<String, String> env = Map.of("RALLY_BASE_URL", slow.baseUrl(), "RALLY_ACCOUNT_ID", slow.accountId(),
          "RALLY_AUTH_TOKEN", slow.authToken());

      Result result = run(env, null, true, () -> { }, "supporters", "--limit", "6", "--pagesize", "2",
          "--format", "json");

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.lines()).hasSize(6).allSatisfy(line -> assertThat(line).startsWith("{\"").endsWith("}"));
      assertThat(result.out()).doesNotContain("\r", "supporters");
      // The total is the limit (the sandbox has 1000), and the bar is redrawn in place.
      assertThat(result.err()).containsPattern("^\\r\\[#{3}\\.{17}\\]  16%  1/6 supporters  \\d+/s")
          .containsPattern("\\r6 supporters in \\d+\\.\\d s \\([\\d,]+/s\\) *\\n$")
          .doesNotContain("\n\r");
    }
  }

  @Test
  void sendCompletesA202WithFieldValues() {
    Result result = run(sandboxEnv(), "send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace",
        "--zip", "10001", "--email", "ada@example.org", "--subject", "Clean water", "--message", "Please act.",
        "--no-delivery", "--field", "street=350 Fifth Avenue", "--field", "topic=Environment");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).contains("The API needs more information (HTTP 202)", ": street, topic.");
    assertThat(result.out()).startsWith("Submitted letter to campaign 17465: submission ")
        .endsWith(", HTTP 200 (no delivery)\n");
  }

  @Test
  void sendWithoutTheMissingFieldsAndNoConsoleNamesThem() {
    Result result = run(sandboxEnv(), "send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace",
        "--zip", "10001", "--email", "ada@example.org", "--subject", "Clean water", "--message", "Please act.",
        "--no-delivery", "--field", "topic=Environment");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).containsPattern("rally: The API needs street to complete this submission \\([^,]+,"
        + " not delivered\\): run again with --field street=VALUE\\.\nTry `rally send --help`\\.\n$");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void sendAsksOnATerminalUntilTheAnswerIsUsable() {
    List<String> questions = new ArrayList<>();
    Deque<String> answers = new ArrayDeque<>(List.of("", "350 Fifth Avenue", "Water", " environment "));

    Result result = run(sandboxEnv(), question -> {
      questions.add(question);
      return answers.poll();
    }, true, () -> { }, "send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace",
        "--zip", "10001", "--email", "ada@example.org", "--subject", "Clean water", "--message", "Please act.",
        "--no-delivery");

    assertThat(result.code()).as(result.err()).isZero();
    String topic = "Topic (topic), one of Environment, Energy, Transportation, Health care, Education";
    assertThat(questions).containsExactly("Street address (street)", "Street address (street)", topic, topic);
    assertThat(result.err()).contains("The API needs a value (Ctrl-D to stop).\n",
        "'Water' is not one of Environment, Energy, Transportation, Health care, Education.\n");
    assertThat(result.out()).startsWith("Submitted letter to campaign 17465: submission ")
        .endsWith(", HTTP 200 (no delivery)\n");
  }

  @Test
  void sendStopsAtTheEndOfInputAndSendsNothingMore() {
    Deque<String> answers = new ArrayDeque<>(List.of("350 Fifth Avenue"));

    Result result = run(sandboxEnv(), question -> answers.poll(), true, () -> { }, "send", "17465", "letter",
        "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001", "--email", "ada@example.org",
        "--subject", "Clean water", "--message", "Please act.", "--no-delivery");

    assertThat(result.code()).isEqualTo(8);
    assertThat(result.err()).containsPattern("rally: Stopped \\(Ctrl-D\\): submission \\S+ was not completed and"
        + " nothing more was sent\\.\n$");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aFieldValueNamesItsOptionWhateverItsCase() {
    Result result = run(sandboxEnv(), "send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace",
        "--zip", "12207", "--email", "ada@example.org", "--subject", "Clean water", "--message", "Please act.",
        "--no-delivery", "--field", "topic=health CARE", "--field", "phone=5185550100");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).endsWith(", HTTP 200 (no delivery)\n");
  }

  @Test
  void notFoundExitsWith4() {
    Result result = run(sandboxEnv(), "campaign", "99999");

    assertThat(result.code()).isEqualTo(4);
    assertThat(result.err()).startsWith("rally: GET /v3/campaigns/99999 failed with HTTP 404").doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void wrongCredentialsExitWith3() {
    Map<String, String> env = new HashMap<>(sandboxEnv());
    env.put("RALLY_AUTH_TOKEN", "wrong");

    Result result = run(env, "campaigns");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.err()).startsWith("rally: GET /v3/campaigns failed with HTTP 401").doesNotContain("wrong");
  }

  @Test
  void aClosedPortExitsWith5() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(sandboxEnv());
    env.put("RALLY_BASE_URL", "http://127.0.0.1:" + port + "/v3/");

    Result result = run(env, "campaigns");

    assertThat(result.code()).isEqualTo(5);
    assertThat(result.err()).startsWith("rally: retrying (2 of 4) after a failure to connect\n")
        .contains("rally: Network failure (").contains("127.0.0.1:" + port);
  }

  @Test
  void withoutConfigurationAnEmbeddedSandboxAnswersAndSaysSo() {
    Result result = run(Map.of(), "campaigns", "--format", "json");

    assertThat(result.code()).isZero();
    assertThat(result.lines()).hasSize(6);
    assertThat(result.err()).startsWith("No RALLY_BASE_URL and no credentials: using an embedded sandbox at http://127.0.0.1:");
  }

  @Test
  void verboseLogsHttpToStderrWithAuthorizationRedacted() {
    Result result = run(sandboxEnv(), "-vv", "campaign", "17465");

    assertThat(result.code()).isZero();
    assertThat(result.err()).contains("--> GET " + sandbox.baseUrl() + "campaigns/17465", "Authorization: ██")
        .doesNotContain(sandbox.authToken());
    assertThat(result.out()).doesNotContain("-->");
  }

  @Test
  void sandboxPrintsExportsAndServesUntilStopped() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Io io = new Io(out, UTF_8, new PrintWriter(new StringWriter(), true), name -> null, null, false, false,
        stop::await);
    CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(
        () -> Rally.execute(io, "sandbox", "--supporters", "7", "--seed", "3"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (out.toString(UTF_8).lines().count() < 3) {
      assertThat(System.nanoTime() - deadline).as("the sandbox's export lines within 30 s").isNegative();
      Thread.sleep(20);
    }
    Map<String, String> env = new HashMap<>();
    for (String line : out.toString(UTF_8).lines().toList()) {
      assertThat(line).startsWith("export RALLY_");
      String[] pair = line.substring("export ".length()).split("=", 2);
      env.put(pair[0], pair[1]);
    }

    Result result = run(env, "supporters", "--format", "json");
    stop.countDown();

    assertThat(result.lines()).hasSize(7);
    assertThat(serving.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void unknownActionTypeIsAUsageError() {
    Result result = run(sandboxEnv(), "action", "17465", "fax");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("'fax' is not an action type; use one of letter, twitter, phone, petition, facebook");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("demo", "sandbox", "campaigns", "campaign", "action", "supporters", "send")) {
      Result result = run(Map.of(), command, "--help");
      assertThat(result.code()).as(command).isZero();
      assertThat(result.out()).as(command).startsWith("Usage: rally " + command);
    }
  }

  /** Each command offers -V, --version ("Print version information and exit"); it printed nothing but the tool's own. */
  @Test
  void everyCommandPrintsTheVersion() {
    picocli.CommandLine commandLine = new picocli.CommandLine(new Rally(new Io(new ByteArrayOutputStream(), UTF_8,
        new PrintWriter(new StringWriter()), name -> null, null, false, false, () -> { })));
    assertThat(commandLine.getSubcommands()).isNotEmpty();
    for (String command : commandLine.getSubcommands().keySet()) {
      Result result = run(Map.of(), command, "--version");
      assertThat(result.code()).as(command).isZero();
      assertThat(result.out()).as(command).isEqualTo("rally 0.1.0" + System.lineSeparator());
    }
  }
}
