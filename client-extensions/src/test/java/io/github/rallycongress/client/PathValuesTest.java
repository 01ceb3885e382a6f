package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.client;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rallycongress.generated.api.SupportersApi.UpdateSupporterRequest;
import io.github.rallycongress.generated.model.ActionType;
import java.io.IOException;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An id is one segment of a URL path. Empty, it is sent as the path without it: another
 * operation's ({@code POST /v3/supporters/} creates a supporter where {@code POST
 * /v3/supporters/{supporterId}} updates one; {@code GET /v3/campaigns/} lists them all). {@code .}
 * and {@code ..} name the path itself or the one above. Each is refused where it is given, and
 * nothing is sent.
 */
@Timeout(value = 20, unit = SECONDS)
class PathValuesTest {
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

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", ".", ".."})
  void anIdThatIsNoPathSegmentIsRefusedByEveryMethodThatTakesOne(String id) {
    SupporterForm form = SupporterForm.builder().email("new.person@example.org").firstName("Eve").build();

    assertThatThrownBy(() -> rally.updateSupporter(id, form)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("supporterId must ").hasMessageEndingWith("Nothing was sent.");
    assertThatThrownBy(() -> rally.supporter(id)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("supporterId must ");
    assertThatThrownBy(() -> rally.campaign(id)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("campaignId must ");
    assertThatThrownBy(() -> rally.actionForm(id, ActionType.LETTER, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("campaignId must ");
    assertThatThrownBy(() -> ActionRequest.builder(id, ActionType.LETTER)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("campaignId must ");
    assertThatThrownBy(() -> rally.actionForm("17465", ActionType.fromValue(id), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("actionType must ");
    assertThatThrownBy(() -> ActionRequest.builder("17465", ActionType.fromValue(id)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("actionType must ");
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ".", ".."})
  void theGeneratedApisHandedOutDeliverTheRefusalToOnError(String id) {
    rally.supportersApi().updateSupporter(id, UpdateSupporterRequest.builder().firstname("Eve").build()).test()
        .awaitDone(5, SECONDS).assertError(e -> e instanceof IllegalArgumentException
            && e.getMessage().startsWith("supporterId must "));
    rally.campaignsApi().getCampaign(id).test().awaitDone(5, SECONDS)
        .assertError(e -> e instanceof IllegalArgumentException && e.getMessage().startsWith("campaignId must "));
    rally.campaignsApi().getCampaignAction("17465", ActionType.fromValue(id), null).test().awaitDone(5, SECONDS)
        .assertError(e -> e instanceof IllegalArgumentException && e.getMessage().startsWith("actionType must "));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anIdWithSpacesOrSlashesInsideIsStillAnId() throws Exception {
    server.enqueue(TestClients.json(200, TestClients.SUPPORTER_JSON));
    server.enqueue(TestClients.json(200, TestClients.SUPPORTER_JSON));

    TestClients.await(rally.supporter("Ada Lovelace"));
    TestClients.await(rally.supporter("a/b"));

    assertThat(server.takeRequest(1, SECONDS).getUrl().encodedPath()).isEqualTo("/v3/supporters/Ada%20Lovelace");
    assertThat(server.takeRequest(1, SECONDS).getUrl().encodedPath()).isEqualTo("/v3/supporters/a%2Fb");
  }
}
