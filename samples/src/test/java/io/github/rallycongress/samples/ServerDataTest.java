package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.samples.RallyCommandTest.Result;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server sends is data, never instructions: formulas stay text in csv, control characters
 * are shown escaped wherever they reach a terminal, and a submission is "Submitted" only when the
 * API says so. The server is a MockWebServer, since the sandbox never sends such values.
 */
class ServerDataTest {
  static final String ESC = "\u001b";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env() {
    return Map.of("RALLY_BASE_URL", server.url("/v3/").toString(), "RALLY_ACCOUNT_ID", "AC1",
        "RALLY_AUTH_TOKEN", "token");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  /** One page of supporters whose first names are {@code names} (JSON string literals). */
  private static MockResponse supporters(String... names) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      items.append(i > 0 ? "," : "").append("{\"id\":\"").append(900100 + i).append("\",\"firstName\":")
          .append(names[i]).append(",\"lastName\":\"Doe\",\"updatedAt\":\"2025-02-12T05:26:00Z\"}");
    }
    return json(200, "{\"uri\":\"/v3/supporters?page=0\",\"firstpageuri\":\"/v3/supporters?page=0\","
        + "\"nextpageuri\":null,\"page\":0,\"pagesize\":50,\"totalResults\":" + names.length
        + ",\"supporters\":[" + items + "]}");
  }

  private Result run(String... args) {
    return RallyCommandTest.run(env(), args);
  }

  @Test
  void csvCellsThatASpreadsheetWouldRunAsFormulasBeginWithAQuote() {
    server.enqueue(supporters("\"=HYPERLINK(\\\"http://evil.example\\\",\\\"Click\\\")\"", "\"+1+2\"", "\"-3\"",
        "\"@SUM(A1)\"", "\"\\tTab\"", "\"\\rReturn\"", "\"Ada\""));

    Result result = run("supporters", "--format", "csv");

    assertThat(result.code()).as(result.err()).isZero();
    // Split at \n only: the cell with a CR is quoted and keeps it, as CSV allows.
    assertThat(List.of(result.out().split("\n"))).containsExactly(
        "id,first_name,last_name,email,city,state,zip,district,optin,updated_at",
        "900100,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",Doe,,,,,,,2025-02-12T05:26:00Z",
        "900101,'+1+2,Doe,,,,,,,2025-02-12T05:26:00Z",
        "900102,'-3,Doe,,,,,,,2025-02-12T05:26:00Z",
        "900103,'@SUM(A1),Doe,,,,,,,2025-02-12T05:26:00Z",
        "900104,'\tTab,Doe,,,,,,,2025-02-12T05:26:00Z",
        "900105,\"'\rReturn\",Doe,,,,,,,2025-02-12T05:26:00Z",
        "900106,Ada,Doe,,,,,,,2025-02-12T05:26:00Z");
  }

  @Test
  void rawCsvWritesCellsAsTheServerSentThem() {
    server.enqueue(supporters("\"=1+2\"", "\"-3\""));

    Result result = run("supporters", "--format", "csv", "--raw-csv");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.lines()).containsExactly(
        "id,first_name,last_name,email,city,state,zip,district,optin,updated_at",
        "900100,=1+2,Doe,,,,,,,2025-02-12T05:26:00Z",
        "900101,-3,Doe,,,,,,,2025-02-12T05:26:00Z");
  }

  @Test
  void aStateFilterShowsTheAddressThatMatchedAndTimesKeepTheirSeconds() throws Exception {
    server.enqueue(json(200, "{\"uri\":\"/v3/supporters?page=0\",\"firstpageuri\":\"/v3/supporters?page=0\","
        + "\"nextpageuri\":null,\"page\":0,\"pagesize\":50,\"totalResults\":1,\"supporters\":[{\"id\":\"900123\","
        + "\"firstName\":\"Maria\",\"updatedAt\":\"2025-02-12T05:26:00Z\",\"addresses\":["
        + "{\"addressType\":\"Home\",\"city\":\"Oakland\",\"state\":\"CA\",\"zipcode\":\"94612\"},"
        + "{\"addressType\":\"work\",\"city\":\"Albany\",\"state\":\"NY\",\"zipcode\":\"12207\"}]}]}"));

    Result result = run("supporters", "--state", "NY");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.lines().get(1)).startsWith("900123    Maria").contains("  Albany          NY     12207  ")
        .doesNotContain("Oakland").endsWith("  2025-02-12T05:26:00Z");
    assertThat(server.takeRequest().getUrl().queryParameter("state")).isEqualTo("NY");
  }

  @Test
  void rawCsvWithAnotherFormatIsAUsageError() {
    Result result = run("supporters", "--raw-csv");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("rally: --raw-csv applies only to --format csv.\nTry `rally supporters --help`.\n");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void jsonKeepsTheExactValueAndEscapesControlsAsJson() {
    server.enqueue(supporters("\"=1+2\"", "\"\\u001b[2J\\u009b31m\\u202eAda\""));

    Result result = run("supporters", "--format", "json");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.lines().get(0)).contains("\"firstName\":\"=1+2\"");
    assertThat(result.lines().get(1)).contains("\"firstName\":\"\\u001b[2J\\u009b31m\\u202eAda\"");
    assertThat(result.out()).doesNotContain(ESC, "\u009b", "\u202e");
  }

  @Test
  void tableCellsShowControlCharactersEscapedOnOneRow() {
    server.enqueue(supporters("\"\\u001b[2J\\u001b[31mEvil\\nNext\\u0007\\u009b0m\\u202eAda\"", "\"Zoë\""));

    Result result = run("supporters");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.lines()).hasSize(3);
    assertThat(result.lines().get(1))
        .startsWith("900100    \\x1b[2J\\x1b[31mEvil\\nNext\\x07\\x9b0m\\u202eAda  Doe");
    assertThat(result.lines().get(2)).startsWith("900101    Zoë          Doe");
    assertThat(result.out()).doesNotContain(ESC, "\u0007", "\u009b", "\u202e");
  }

  /** Wide characters take two columns, combining marks none, and invisible ones are shown: the next column stays put. */
  @Test
  void tableColumnsLineUpWhateverTheScriptAndInvisibleCharactersShow() {
    server.enqueue(supporters("\"李小龍\"", "\"Zoe\\u0301\"", "\"Ada\"", "\"A\\u200bda\""));

    Result result = run("supporters");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.lines();
    assertThat(lines.get(1)).startsWith("900100    李小龍");
    assertThat(lines.get(2)).startsWith("900101    Zoe\u0301 ");
    assertThat(lines.get(4)).startsWith("900103    A\\u200bda ");
    for (int row = 1; row <= 4; row++) {
      String line = lines.get(row);
      assertThat(TerminalText.width(line.substring(0, line.indexOf("Doe")))).as(line).isEqualTo(23);
    }
  }

  @Test
  void csvOnATerminalIsEscapedToo() {
    server.enqueue(supporters("\"\\u001b]0;pwned\\u0007Ada\""));

    Result result = RallyCommandTest.runOnTerminal(env(), "supporters", "--format", "csv");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.lines().get(1)).isEqualTo("900100,\\x1b]0;pwned\\x07Ada,Doe,,,,,,,2025-02-12T05:26:00Z");
  }

  @Test
  void errorMessagesFromTheServerShowControlCharactersEscaped() {
    server.enqueue(json(404, "{\"response\":{\"errors\":[\"No such campaign\\u001b[2J\\r\\nrally: all good\"]}}"));

    Result result = run("campaign", "17465");

    assertThat(result.code()).isEqualTo(4);
    assertThat(result.err()).doesNotContain(ESC, "\r").contains("No such campaign\\x1b[2J\\r\\nrally: all good")
        .hasLineCount(1);
  }

  @Test
  void anActionFormShowsControlCharactersEscapedAndKeepsTheLetterLines() {
    server.enqueue(json(200, "{\"campaignId\":\"17465\",\"actionType\":\"letter\",\"title\":\"Clean\\u001b[8m\","
        + "\"fields\":[{\"name\":\"topic\",\"type\":\"select\",\"isRequired\":true,\"label\":\"Topic\\u001b[31m\"}],"
        + "\"sampleLetters\":[{\"subject\":\"Hi\\u0007\",\"message\":\"Line 1\\nLine 2\\u001b[2J\"}]}"));

    Result result = run("action", "17465", "letter");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).doesNotContain(ESC, "\u0007").isEqualTo("Clean\\x1b[8m (campaign 17465, letter)\n"
        + "Fields:\n"
        + "  topic (required), select: Topic\\x1b[31m\n"
        + "Sample letters:\n"
        + "  Subject: Hi\\x07\n"
        + "  Line 1\n"
        + "  Line 2\\x1b[2J\n");
  }

  /**
   * A form with only what the spec requires (4.0.0: no campaignId, actionType or title; a letter
   * without a message; targets without a name or id) is shown with the campaign and action asked
   * for, and nothing printed as "null".
   */
  @Test
  void anActionFormWithOnlyWhatTheSpecRequiresIsShownWithoutNulls() {
    server.enqueue(json(200, "{\"fields\":[{\"name\":\"topic\",\"type\":\"text\",\"isRequired\":false}],"
        + "\"sampleLetters\":[{\"subject\":\"Hi\"}],"
        + "\"targets\":[{\"id\":\"H000220\",\"title\":\"Representative\"},{\"party\":\"I\"}]}"));

    Result result = run("action", "17465", "letter", "--zip", "12207");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).doesNotContain("null").isEqualTo("letter (campaign 17465, letter)\n"
        + "Fields:\n"
        + "  topic, text\n"
        + "Sample letters:\n"
        + "  Subject: Hi\n"
        + "  (no text)\n"
        + "Targets:\n"
        + "  Representative target H000220\n"
        + "  (unnamed target) (I)\n");
  }

  private static final String FORM_PAGE = "{\"id\":\"S1\",\"missingFields\":[{\"name\":\"street\",\"type\":\"text\","
      + "\"isRequired\":true,\"label\":\"Street address\"}]}";
  private static final String TOPIC_PAGE = "{\"id\":\"S1\",\"missingFields\":[{\"name\":\"topic\",\"type\":\"text\","
      + "\"isRequired\":true,\"label\":\"Topic\\u001b[2J\"}]}";

  @Test
  void aSecondAcceptedWithoutATerminalNamesWhatIsStillMissing() throws Exception {
    server.enqueue(json(202, FORM_PAGE));
    server.enqueue(json(202, TOPIC_PAGE));

    Result result = run("send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001",
        "--field", "street=1 Main St");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).endsWith("rally: The API still needs topic to complete this submission (S1, not"
        + " delivered): run again with --field topic=VALUE.\nTry `rally send --help`.\n");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSecondAcceptedOnATerminalAsksAgainAndOnlyTheCompletedSubmissionIsSubmitted() throws Exception {
    server.enqueue(json(202, FORM_PAGE));
    server.enqueue(json(202, TOPIC_PAGE));
    server.enqueue(json(200, "{\"id\":\"S1\"}"));
    Deque<String> answers = new ArrayDeque<>(List.of("1 Main St", "Energy"));
    Deque<String> questions = new ArrayDeque<>();

    Result result = RallyCommandTest.run(env(), question -> {
      questions.add(question);
      return answers.poll();
    }, true, () -> { }, "send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(questions).containsExactly("Street address (street)", "Topic\\x1b[2J (topic)");
    assertThat(result.out()).isEqualTo("Submitted letter to campaign 17465: submission S1, HTTP 200\n");
    server.takeRequest();
    server.takeRequest();
    assertThat(server.takeRequest().getBody().utf8()).contains("id=S1", "street=1+Main+St", "topic=Energy");
  }

  /** The docs promise a submission id on a 202 only: a 200 without one is a submission made, said without "null". */
  @Test
  void aSubmissionAnsweredWithoutAnIdIsReportedWithoutOne() {
    server.enqueue(json(200, "{}"));

    Result result = run("send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("Submitted letter to campaign 17465: HTTP 200\n");
  }

  /** Sending the same again would be answered the same: one request, and an error that says why. */
  @Test
  void a202ThatNamesNoMissingFieldEndsTheRunInsteadOfSendingAgainForever() {
    server.enqueue(json(202, "{\"id\":\"S1\",\"missingFields\":[]}"));
    server.enqueue(json(202, "{\"id\":\"S1\",\"missingFields\":[]}"));

    Result result = run("send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001");

    assertThat(result.code()).isEqualTo(Rally.OTHER);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("rally: The API answered HTTP 202 (more information needed) for submission S1"
        + " without naming a field it needs, so there is nothing to send; the submission is not complete, and may not"
        + " be delivered.\n");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void ctrlDAtAPromptStopsTheSubmissionAndSendsNothingMore() {
    server.enqueue(json(202, FORM_PAGE));

    Result result = RallyCommandTest.run(env(), question -> null, true, () -> { },
        "send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001");

    assertThat(result.code()).isEqualTo(8);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).endsWith("rally: Stopped (Ctrl-D): submission S1 was not completed and nothing more"
        + " was sent.\n");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
