package io.github.rallycongress.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.NoDelayServerSockets;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Next links that cycle, with any period and without page numbers, end with a
 * {@link RallyPagingException} before an item is emitted twice, and before the repeated page is
 * even requested.
 */
@Timeout(value = 30, unit = SECONDS)
class PageCycleTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  /** Page {@code i} of the list (cursor {@code c<i>}) links to the page {@code next[i]}; -1 ends the list. */
  private int[] next = {};
  /** Where the cycle re-enters, spelled as the server spells it. */
  private String reentry = "";

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String cursor = request.getUrl().queryParameter("cursor");
        int page = cursor == null ? 0 : Integer.parseInt(cursor.substring(1));
        return page(page);
      }
    });
    server.setServerSocketFactory(new NoDelayServerSockets()); // no Nagle delay per page: 3,000 pages in seconds
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Each page says its own number, as the spec requires; the links decide where the list goes. */
  private MockResponse page(int page) {
    String nextUri = next[page] < 0 ? "null" : "\"" + link(next[page]) + "\"";
    return TestClients.json(200, "{\"uri\":\"" + link(page) + "\","
        + "\"firstpageuri\":\"/v3/supporters\",\"nextpageuri\":" + nextUri + "," + numbered(page)
        + "\"supporters\":[{\"id\":\"s" + page + "\"}]}");
  }

  /** The page properties the spec requires besides the links. */
  private static String numbered(int page) {
    return "\"page\":" + page + ",\"pagesize\":1,\"totalResults\":1000000,";
  }

  private String link(int page) {
    if (page == 0) {
      return reentry.isEmpty() ? "/v3/supporters" : reentry;
    }
    return "/v3/supporters?cursor=c" + page;
  }

  private TestSubscriber<Supporter> read() {
    return TestClients.client(server).build().supporters(SupporterQuery.all()).test().awaitDone(20, SECONDS);
  }

  private static List<String> ids(TestSubscriber<Supporter> subscriber) {
    return subscriber.values().stream().map(Supporter::getId).collect(Collectors.toList());
  }

  @ParameterizedTest(name = "period {0}")
  @ValueSource(ints = {2, 3, 7, 1000})
  void aCycleBackToTheFirstPageEndsBeforeItIsRequestedAgain(int period) {
    next = new int[period];
    for (int i = 0; i < period; i++) {
      next[i] = (i + 1) % period;
    }
    reentry = "/v3/supporters";

    TestSubscriber<Supporter> subscriber = read();

    assertThat(ids(subscriber)).hasSize(period).doesNotHaveDuplicates();
    subscriber.assertError(RallyPagingException.class).assertError(e -> e.getMessage().equals("The nextpageuri "
        + server.url("/v3/supporters") + " of " + server.url("/v3/supporters") + " points back to a page already read:"
        + " its links loop, so paging stops here."));
    assertThat(server.getRequestCount()).isEqualTo(period);
  }

  @Test
  void aCycleThatEntersLaterEndsBeforeTheRepeatedPage() {
    next = new int[] {1, 2, 3, 4, 2}; // 0 → 1 → 2 → 3 → 4 → 2 …

    TestSubscriber<Supporter> subscriber = read();

    assertThat(ids(subscriber)).containsExactly("s0", "s1", "s2", "s3", "s4");
    subscriber.assertError(RallyPagingException.class);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void theFirstPageUnderAnotherUrlIsRecognisedByItsOwnUri() {
    next = new int[] {1, 0};
    reentry = "/v3/supporters?cursor=c0"; // not the URL the first page was requested at, but the one it calls its own

    TestSubscriber<Supporter> subscriber = read();

    assertThat(ids(subscriber)).containsExactly("s0", "s1");
    subscriber.assertError(RallyPagingException.class);
  }

  @Test
  void theSameQueryInAnotherOrderIsTheSamePage() {
    next = new int[] {1, 2, 1};
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String cursor = request.getUrl().queryParameter("cursor");
        int page = cursor == null ? 0 : Integer.parseInt(cursor.substring(1));
        String nextUri = page == 2 ? "/v3/supporters?pagesize=1&cursor=c1" : "/v3/supporters?cursor=c" + next[page]
            + "&pagesize=1";
        return TestClients.json(200, "{\"uri\":\"" + request.getTarget() + "\",\"firstpageuri\":\"/v3/supporters\","
            + numbered(page) + "\"nextpageuri\":\"" + nextUri + "\",\"supporters\":[{\"id\":\"s" + page + "\"}]}");
      }
    });

    TestSubscriber<Supporter> subscriber = read();

    assertThat(ids(subscriber)).containsExactly("s0", "s1", "s2");
    subscriber.assertError(RallyPagingException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aLongListWithoutACycleIsReadToTheEnd() {
    next = new int[3000];
    for (int i = 0; i < next.length; i++) {
      next[i] = i + 1 < next.length ? i + 1 : -1;
    }

    TestSubscriber<Supporter> subscriber = read();

    subscriber.assertComplete();
    assertThat(ids(subscriber)).hasSize(3000).doesNotHaveDuplicates();
  }

}
