package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.samples.RallyCommandTest.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mistakes are told in the options' names, with exit code 2 and one line, before any request; a
 * MockWebServer counts the requests (none for a mistake) and shows the page size asked for.
 */
class ArgumentsTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
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

  private Result usage(String expectedError, String... args) {
    Result result = RallyCommandTest.run(env(), args);
    assertThat(result.code()).as(String.join(" ", args)).isEqualTo(2);
    assertThat(result.err()).as(String.join(" ", args)).isEqualTo(expectedError);
    assertThat(result.out()).isEmpty();
    assertThat(server.getRequestCount()).isZero();
    return result;
  }

  @Test
  void optionValuesAreCheckedInTheOptionsNames() {
    usage("rally: --pagesize must be between 1 and 1000, but was 0.\nTry `rally supporters --help`.\n", "supporters", "--pagesize", "0");
    usage("rally: --limit must be at least 1, but was 0.\nTry `rally supporters --help`.\n", "supporters", "--limit", "0");
    usage("rally: --zip must be five digits such as 12207, but was '1'.\nTry `rally supporters --help`.\n", "supporters", "--zip", "1");
    usage("rally: --state must be two letters such as NY, but was 'NEW YORK'.\nTry `rally supporters --help`.\n", "supporters", "--state", "New York");
    usage("rally: --join-date 2020-12-31..2020-01-01 ends before it starts: give the earlier day first.\nTry `rally supporters --help`.\n",
        "supporters", "--join-date", "2020-12-31..2020-01-01");
    usage("rally: --email must not be empty.\nTry `rally supporters --help`.\n", "supporters", "--email", "");
  }

  @Test
  void aBadZipIsTheSameUsageErrorForEveryCommand() {
    usage("rally: --zip must be five digits such as 12207, or nine (12207-1234), but was '1'.\nTry `rally action --help`.\n",
        "action", "17465", "letter", "--zip", "1");
    usage("rally: --zip must be five digits such as 12207, or nine (12207-1234), but was '1'.\nTry `rally send --help`.\n",
        "send", "17465", "letter", "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "1");
  }

  /** In a URL's path, "." and ".." name a folder, not an id. */
  @Test
  void anIdThatIsADotOrTwoIsAUsageErrorInTheToolsWords() {
    usage("rally: ID must be an id, but was '..'.\nTry `rally campaign --help`.\n", "campaign", "..");
    usage("rally: ID must be an id, but was '.'.\nTry `rally campaign --help`.\n", "campaign", ".");
    usage("rally: ID must be an id, but was '..'.\nTry `rally save-supporter --help`.\n", "save-supporter", "..", "--email", "x@example.org");
  }

  @Test
  void emptyValuesAreNeverSent() {
    usage("rally: --firstname must not be empty.\nTry `rally send --help`.\n",
        "send", "17465", "letter", "--firstname", " ", "--lastname", "Lovelace", "--zip", "10001");
    usage("rally: --field street= must not be empty.\nTry `rally send --help`.\n", "send", "17465", "letter", "--firstname", "Ada",
        "--lastname", "Lovelace", "--zip", "10001", "--field", "street=");
  }

  @Test
  void aUsageErrorIsOneLineAndWhereTheHelpIs() {
    usage("rally: Unknown option: '--bogus'\nTry `rally supporters --help`.\n", "supporters", "--bogus");
    usage("rally: Missing required parameter: 'TYPE'\nTry `rally action --help`.\n", "action", "17465");
  }

  @Test
  void theBaseUrlIsNamedAsTheUserGaveIt() {
    usage("rally: --base-url (or RALLY_BASE_URL) is not an http(s) URL: 'not a url'.\nTry `rally campaigns --help`.\n",
        "--base-url", "not a url", "campaigns");
  }

  /** Credentials cannot be taken out of what is not a URL: said so, not "no credentials". */
  @Test
  void aBaseUrlThatIsNotAUrlIsSaidSoEvenWithCredentialsInIt() {
    Result result = RallyCommandTest.run(Map.of(), "--base-url", "https://AC1:tok3n@api.example.org:99999/v3/",
        "campaigns");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("rally: --base-url (or RALLY_BASE_URL) is not an http(s) URL:"
        + " 'https://***@api.example.org:99999/v3/'.\nTry `rally campaigns --help`.\n");
  }

  @Test
  void demoAndSandboxOfferNoOptionTheyWouldIgnore() {
    usage("rally: Unknown options: '--format', 'json'\nTry `rally demo --help`.\n", "demo", "--format", "json");
    usage("rally: Unknown options: '--base-url', 'x'\nTry `rally sandbox --help`.\n", "sandbox", "--base-url", "x");
    usage("rally: `rally demo` does not use --format.\nTry `rally demo --help`.\n", "--format", "json", "demo");
    usage("rally: `rally sandbox` does not use --base-url.\nTry `rally sandbox --help`.\n", "--base-url", "http://x", "sandbox");
    usage("rally: `rally sync` does not use --format.\nTry `rally sync --help`.\n", "--format", "json", "sync");
    usage("rally: `rally sync` does not use --raw-csv.\nTry `rally sync --help`.\n", "--raw-csv", "sync", "--full");
    Result help = RallyCommandTest.run(env(), "demo", "--help");
    assertThat(help.out()).doesNotContain("--format", "--base-url", "--raw-csv");
  }

  @Test
  void sendAndActionOfferNoOptionTheyWouldIgnore() {
    usage("rally: Unknown options: '--format', 'json'\nTry `rally send --help`.\n", "send", "17465", "letter",
        "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001", "--format", "json");
    usage("rally: `rally send` does not use --format.\nTry `rally send --help`.\n", "--format", "csv", "send", "17465", "letter",
        "--firstname", "Ada", "--lastname", "Lovelace", "--zip", "10001");
    usage("rally: Unknown option: '--raw-csv'\nTry `rally action --help`.\n", "action", "17465", "letter",
        "--raw-csv");
    usage("rally: An action form is not a list: use --format table or json.\nTry `rally action --help`.\n", "action", "17465", "letter",
        "--format", "csv");
  }

  @Test
  void noCommandIsAUsageErrorWithAPointer() {
    usage("rally: Missing a command; try `rally demo`.\nTry `rally --help` for the commands.\n");
  }

  @Test
  void aPortInUseIsSaidSo() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Result result = RallyCommandTest.run(Map.of(), "sandbox", "--port", Integer.toString(taken.getLocalPort()));

      assertThat(result.code()).isEqualTo(1);
      assertThat(result.err()).isEqualTo("rally: Port " + taken.getLocalPort() + " is in use: choose another with"
          + " --port, or leave it out to take a free one.\n");
    }
  }

  @Test
  void aLimitBelowAPageAsksForNoMoreThanTheLimitAndCountsInTheSingular() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body("{\"uri\":\"/v3/supporters?page=0&pagesize=1\",\"firstpageuri\":\"/v3/supporters?page=0&pagesize=1\","
            + "\"nextpageuri\":\"/v3/supporters?page=1&pagesize=1\",\"page\":0,\"pagesize\":1,\"totalResults\":9,"
            + "\"supporters\":[{\"id\":\"1\"}]}").build());

    Result result = RallyCommandTest.run(env(), "supporters", "--limit", "1", "--format", "json");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("{\"id\":\"1\"}\n");
    assertThat(result.err()).matches("1 supporter in \\d+\\.\\d s \\([\\d,]+/s\\)\n");
    assertThat(server.takeRequest().getUrl().queryParameter("pagesize")).isEqualTo("1");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /**
   * picocli quotes an argument it cannot place: a mistyped option before a --db or --base-url
   * value, or the value without its option. A password or token in it went to stderr as typed,
   * and from there to a cron job's log.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sync -db jdbc:postgresql://db.example:5432/crm?user=sync&password=hunter2 | Unknown options: '-db', 'jdbc:postgresql://db.example:5432/crm?…'",
      "sync jdbc:postgresql://db.example/crm?password=hunter2                   | Unmatched argument at index 1: 'jdbc:postgresql://db.example/crm?…'",
      "sync --DB=jdbc:postgresql://sync:hunter2@db.example/crm                  | Unknown option: '--DB=jdbc:postgresql:…'",
      "sync --database jdbc:postgresql://sync:123?hunter2@db.example/crm        | Unknown options: '--database', 'jdbc:postgresql:…'",
      "sync --db-url jdbc:sqlite:file:rally.db?cipher=sqlcipher&key=hunter2     | Unknown options: '--db-url', 'jdbc:sqlite:file:rally.db?…'",
      "sync --since jdbc:postgresql://db.example/crm;password=hunter2           | Invalid value for option '--since': 'jdbc:postgresql://db.example/crm…' is not a date (2025-06-01) or an instant (2025-06-01T12:00:00Z)",
      "sync jdbc:postgresql:                                                    | Unmatched argument at index 1: 'jdbc:postgresql:'",
      "sync jdbc:sqlite:                                                        | Unmatched argument at index 1: 'jdbc:sqlite:'",
      "sync jdbc:                                                               | Unmatched argument at index 1: 'jdbc:'",
      "sync jdbc:mysql://admin:hunter2@db.example/rally                         | Unmatched argument at index 1: 'jdbc:mysql:…'",
      "sync postgresql://db.example/crm?password=hunter2                        | Unmatched argument at index 1: 'postgresql://db.example/crm?…'",
      "supporters -base-url https://AC1:hunter2@api.rallycongress.net/v3/       | Unknown options: '-base-url', 'https://***@api.rallycongress.net/v3/'",
      "campaigns https://AC1:hun/ter2@api.rallycongress.net/v3/                 | Unmatched argument at index 1: 'https://***@api.rallycongress.net/v3/'",
  })
  void anArgumentThatCannotBePlacedIsQuotedWithoutItsCredentials(String line, String message) {
    String[] args = line.split(" ");
    usage("rally: " + message + "\nTry `rally " + args[0] + " --help`.\n", args);
  }
}
