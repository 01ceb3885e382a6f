package io.github.rallycongress.samples;

import static io.github.rallycongress.samples.Sandboxes.clientFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.RetryPolicy;
import io.github.rallycongress.sandbox.RallySandbox;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against {@link HandleErrors#busySandbox()}: one request at a time, 500 ms each, then 429 with Retry-After: 1. */
class HandleErrorsTest {
  RallySandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = Sandboxes.start(HandleErrors.busySandbox());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void anUnknownCampaignIsANotFoundWithTheServersMessage() {
    RallyCongress rally = clientFor(sandbox).build();

    assertThat(HandleErrors.campaignTitle(rally, "99999")).isEqualTo(
        "not found (HTTP 404 from GET /v3/campaigns/99999): There is no campaign with the id '99999'.");
    assertThat(HandleErrors.campaignTitle(rally, "17465")).isEqualTo("Keep the Hudson River Clean");
  }

  @Test
  void theDefaultRetryPolicyWaitsOutA429() {
    // The sample's sandbox, but 2 s a request and Retry-After: 4: the second request must arrive
    // while the first is served, and its retry after, and the sample's 500 ms and 1 s left each
    // only 0.5 s on a loaded machine; these leave 2 s.
    sandbox.close();
    sandbox = Sandboxes.start(HandleErrors.busySandbox().latency(Duration.ofSeconds(2)).retryAfter(Duration.ofSeconds(4)));
    RallyCongress rally = clientFor(sandbox).build();

    List<String> titles = HandleErrors.campaignTitles(rally, List.of("17465", "17502"));

    assertThat(titles).containsExactly("17465: Keep the Hudson River Clean", "17502: Save the Adirondack Rail Trail");
    assertThat(sandbox.requestCount()).as("two requests and the retry of the one answered 429").isEqualTo(3);
  }

  @Test
  void whenRetriesAreUsedUpThe429ReachesTheCaller() {
    // The sample's sandbox, but 3 s a request: the first request to arrive is served, and the other
    // two, answered 429, are retried after Retry-After's second while it still is, and refused again
    // with no attempt left. (At the sample's 500 ms, one retry was served and the other refused only
    // if the two arrived within 500 ms of each other, which a loaded machine does not promise.)
    sandbox.close();
    sandbox = Sandboxes.start(HandleErrors.busySandbox().latency(Duration.ofSeconds(3)));
    RallyCongress rally = clientFor(sandbox).retryPolicy(RetryPolicy.builder().maxAttempts(2).build()).build();

    List<String> titles = HandleErrors.campaignTitles(rally, HandleErrors.CAMPAIGNS);

    assertThat(titles).hasSize(3)
        .filteredOn(line -> line.endsWith(": rate limited (HTTP 429) after every retry; the server asks to wait 1 s"))
        .hasSize(2);
    assertThat(titles).filteredOn(line -> !line.contains("rate limited")).hasSize(1)
        .isSubsetOf("17465: Keep the Hudson River Clean", "17502: Save the Adirondack Rail Trail",
            "17588: Protect Coastal Wetlands");
    assertThat(sandbox.requestCount()).isEqualTo(5);
  }

  /**
   * A campaign without a title (the spec does not require one) is listed as untitled: a mapper
   * returning the null title ({@code map(Campaign::getTitle)}) failed the whole list in RxJava.
   */
  @Test
  void aCampaignWithoutATitleIsListedAsUntitled() throws Exception {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start();
      for (int i = 0; i < 2; i++) {
        server.enqueue(new mockwebserver3.MockResponse.Builder().setHeader("Content-Type", "application/json")
            .body("{\"id\":\"17465\"}").build());
      }
      RallyCongress rally = RallyCongress.builder().baseUrl(server.url("/v3/").toString()).credentials("AC1", "token")
          .build();

      assertThat(HandleErrors.campaignTitles(rally, List.of("17465"))).containsExactly("17465: (untitled)");
      assertThat(HandleErrors.campaignTitle(rally, "17465")).isEqualTo("(untitled)");
    }
  }
}
