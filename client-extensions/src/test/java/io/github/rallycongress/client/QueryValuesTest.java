package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.api.SupportersApi.ListSupportersRequest;
import io.github.rallycongress.generated.model.SupporterPage;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code date-time} query values go on the wire as RFC 3339 with seconds, percent-encoded. */
@Timeout(value = 20, unit = SECONDS)
class QueryValuesTest {
  private static final String EMPTY_PAGE = "{\"uri\":\"/v3/supporters\",\"firstpageuri\":\"/v3/supporters?page=0\","
      + "\"nextpageuri\":null,\"page\":0,\"pagesize\":50,\"totalResults\":0,\"supporters\":[]}";

  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private RallyCongress rally;

  @BeforeEach
  void start() throws IOException {
    server.start();
    rally = client(server).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String listSupportersUpdatedSince(OffsetDateTime updatedSince) throws Exception {
    server.enqueue(json(200, EMPTY_PAGE));
    await(rally.supportersApi().listSupporters(ListSupportersRequest.builder().updatedSince(updatedSince).build()));
    return server.takeRequest(1, SECONDS).getTarget();
  }

  @Test
  void updatedSinceKeepsZeroSeconds() throws Exception {
    assertThat(listSupportersUpdatedSince(OffsetDateTime.parse("2026-03-14T15:00:00Z")))
        .isEqualTo("/v3/supporters?updatedSince=2026-03-14T15%3A00%3A00Z");
  }

  @Test
  void updatedSinceWithAPositiveOffsetEncodesThePlus() throws Exception {
    assertThat(listSupportersUpdatedSince(OffsetDateTime.parse("2026-03-14T17:00:00+02:00")))
        .isEqualTo("/v3/supporters?updatedSince=2026-03-14T17%3A00%3A00%2B02%3A00");
  }

  @Test
  void aSupporterQueryPutsUpdatedSinceOnTheWireTheSameWay() throws Exception {
    server.enqueue(json(200, EMPTY_PAGE));
    SupporterQuery query = SupporterQuery.builder().updatedSince(OffsetDateTime.parse("2026-03-14T15:00:00Z")).build();

    SupporterPage page = await(rally.supporterPages(query, PageOptions.defaults()).firstOrError());

    assertThat(page.getTotalResults()).isZero();
    assertThat(server.takeRequest(1, SECONDS).getTarget())
        .isEqualTo("/v3/supporters?updatedSince=2026-03-14T15%3A00%3A00Z");
  }

  /** java.time would write these as +10000-… and +01:00:01, which no RFC 3339 reader takes back. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z",
      "2026-03-14T15:00:00+01:00:01"})
  void aDateTimeRfc3339CannotWriteIsRefusedWhereItIsGiven(String text) {
    OffsetDateTime value = OffsetDateTime.parse(text);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SupporterQuery.builder().updatedSince(value))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 3339 writes years 0000 to 9999");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ListSupportersRequest.builder().updatedSince(value))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 3339 writes years 0000 to 9999");
    assertThat(server.getRequestCount()).isZero();
  }

  /** A joinDate too: java.time would send +12025-01-01, which is no RFC 3339 full-date. */
  @Test
  void aJoinDateRfc3339CannotWriteIsRefusedWhereItIsGiven() {
    LocalDate farOff = LocalDate.of(12025, 1, 1);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SupporterQuery.builder().joinDate(farOff))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RFC 3339 writes years 0000 to 9999, but the date was +12025-01-01.");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SupporterQuery.builder().joinDateBetween(LocalDate.of(2025, 1, 1), farOff))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A blank filter would be sent, and match nobody: the list would look empty. */
  @Test
  void aBlankTextFilterIsRefusedWhereItIsGiven() {
    java.util.List<java.util.function.Consumer<String>> filters = java.util.List.of(
        value -> SupporterQuery.builder().email(value), value -> SupporterQuery.builder().firstName(value),
        value -> SupporterQuery.builder().lastName(value), value -> SupporterQuery.builder().customId(value),
        value -> SupporterQuery.builder().city(value));
    for (java.util.function.Consumer<String> filter : filters) {
      for (String blank : new String[] {"", " ", "\t"}) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> filter.accept(blank))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(" is empty or blank: no supporter would"
                + " match it.");
      }
    }
    assertThat(SupporterQuery.builder().city("Albany").build().toString()).contains("city");
  }

  /**
   * UTF-8 cannot carry half a surrogate pair: OkHttp would send '?' in its place, and the server
   * would store a changed name. Path, query and form values are refused before anything is sent;
   * a whole pair (an emoji) goes as it is.
   */
  @Test
  void textWithAnUnpairedSurrogateIsRefusedBeforeAnythingIsSent() throws Exception {
    // A path value: refused by the method that takes it, and by the generated API handed out in onError.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rally.supporter("9001\ud800"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("supporterId holds an unpaired surrogate");
    Throwable inPath = TestClients.failure(rally.supportersApi().getSupporter("9001\ud800"));
    // Query and form values are refused where they are given, as the builders' dates are.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SupporterQuery.builder().firstName("Zo\udc00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("firstName holds an unpaired surrogate (U+DC00) at index 2, which UTF-8 cannot carry: it would"
            + " be sent as '?'.");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionRequest.builder("17465",
        io.github.rallycongress.generated.model.ActionType.LETTER).firstName("Ada\ud83d"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("firstname holds an unpaired surrogate");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SupporterForm.builder().city("Troy\ud800"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("city holds an unpaired surrogate");

    assertThat(inPath).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(U+D800) at index 4");
    assertThat(server.getRequestCount()).isZero();

    server.enqueue(json(200, "{\"id\":\"9001\"}"));
    await(rally.supporter("9001\ud83d\ude00"));
    assertThat(server.takeRequest(1, SECONDS).getTarget()).isEqualTo("/v3/supporters/9001%F0%9F%98%80");
  }
}
