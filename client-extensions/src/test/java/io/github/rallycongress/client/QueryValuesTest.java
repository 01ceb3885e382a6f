package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.api.SupportersApi.ListSupportersRequest;
import io.github.rallycongress.generated.model.SupporterPage;
import java.io.IOException;
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
}
