package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code rally supporters --format json|csv} print what the server sent: enum values the client
 * does not know, and properties the spec does not name, at every level. The server is a
 * MockWebServer answering with exact bytes, since the sandbox only sends published values.
 */
class SupportersExportTest {
  /** The supporter, with unknown values and unknown properties (top level, address, phone). */
  private static final String SUPPORTER = "{\"id\":\"900123\",\"firstName\":\"Maria\",\"lastName\":\"Gonzalez\","
      + "\"email\":\"maria.gonzalez@example.org\",\"emailOptin\":\"double_opt_in\",\"emailStatus\":\"validated\","
      + "\"addresses\":[{\"addressType\":\"home\",\"street1\":\"45 Eagle Street\",\"city\":\"Albany\",\"state\":\"NY\","
      + "\"zipcode\":\"12207\",\"county\":\"Albany County\"}],"
      + "\"phones\":[{\"telephone\":\"518-555-0147\",\"addressType\":\"WORK\",\"smsCapable\":true}],"
      + "\"joinDate\":\"2026-03-14\",\"updatedAt\":\"2026-03-14T15:09:26Z\","
      + "\"membershipLevel\":\"gold\",\"donorId\":12345678901234567890,\"customFields\":{\"tshirt\":\"M\",\"tags\":[]}}";

  private static final String PAGE = "{\"uri\":\"/v3/supporters?page=0\",\"firstpageuri\":\"/v3/supporters?page=0\","
      + "\"nextpageuri\":null,\"page\":0,\"pagesize\":50,\"totalResults\":1,\"pageVersion\":2,"
      + "\"supporters\":[" + SUPPORTER + "]}";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(PAGE).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env() {
    return Map.of("RALLY_BASE_URL", server.url("/v3/").toString(), "RALLY_ACCOUNT_ID", "AC123",
        "RALLY_AUTH_TOKEN", "token-never-printed");
  }

  @Test
  void jsonPrintsEveryPropertyAndValueExactlyAsTheServerSentThem() {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "supporters", "--format", "json");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.lines()).containsExactly(SUPPORTER);
    assertThat(result.out()).doesNotContain("UNRECOGNIZED");
  }

  /** A program or a spreadsheet reads an empty file as one without columns: no match is still its header. */
  @Test
  void csvOfNoSupporterIsItsHeaderRow() {
    server.close();
    MockWebServer empty = new MockWebServer();
    try {
      empty.start();
      empty.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(
          "{\"uri\":\"/v3/supporters?page=0\",\"firstpageuri\":\"/v3/supporters?page=0\",\"nextpageuri\":null,"
              + "\"page\":0,\"pagesize\":50,\"totalResults\":0,\"supporters\":[]}").build());
      RallyCommandTest.Result result = RallyCommandTest.run(Map.of("RALLY_BASE_URL", empty.url("/v3/").toString(),
          "RALLY_ACCOUNT_ID", "AC123", "RALLY_AUTH_TOKEN", "token-never-printed"), "supporters", "--format", "csv");

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.lines()).hasSize(1);
      assertThat(result.lines().get(0)).startsWith("id,").contains("optin");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      empty.close();
    }
  }

  @Test
  void csvPrintsTheOptInValueTheServerSent() {
    RallyCommandTest.Result result = RallyCommandTest.run(env(), "supporters", "--format", "csv");

    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.lines();
    assertThat(lines).hasSize(2);
    int optin = Arrays.asList(lines.get(0).split(",")).indexOf("optin");
    assertThat(optin).as("optin column of %s", lines.get(0)).isNotNegative();
    assertThat(lines.get(1).split(",")[optin]).isEqualTo("double_opt_in");
    assertThat(result.out()).doesNotContain("UNRECOGNIZED");
  }
}
