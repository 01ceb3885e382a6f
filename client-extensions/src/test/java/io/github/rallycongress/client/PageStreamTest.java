package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.awaitIdle;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageStreamTest {
  private final MockWebServer server = new MockWebServer();
  private final List<Throwable> undeliverable = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    RxJavaPlugins.reset();
    assertThat(undeliverable).as("errors thrown into RxJavaPlugins.onError").isEmpty();
  }

  private RallyCongress.Builder client() {
    return RallyCongress.builder()
        .credentials("AC123", "secret-token")
        .baseUrl(server.url("/v3/").toString())
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build());
  }

  private static List<String> ids(List<Supporter> supporters) {
    return supporters.stream().map(Supporter::getId).collect(Collectors.toList());
  }

  private static List<String> range(int from, int to) {
    return IntStream.range(from, to).mapToObj(Integer::toString).collect(Collectors.toList());
  }

  /**
   * A page's next call runs on the thread that delivered the previous page (DispatcherExecutor's
   * continuation). An interrupt the subscriber left on that thread (restoring the flag after an
   * InterruptedException, as is good practice) ended the stream after the first page with
   * "Interrupted while waiting to retry", the next page never sent; a pool clears the flag
   * between its tasks, and so does a continuation now.
   */
  @Test
  void anInterruptTheSubscriberLeavesOnItsThreadDoesNotFailTheNextPage() throws Exception {
    PageServer pages = new PageServer(6, 2);
    server.setDispatcher(pages);

    TestSubscriber<Supporter> subscriber = client().build().supporters(SupporterQuery.all())
        .doOnNext(supporter -> Thread.currentThread().interrupt())
        .test();

    subscriber.await(10, SECONDS);
    subscriber.assertNoErrors().assertComplete();
    assertThat(ids(subscriber.values())).isEqualTo(range(0, 6));
    assertThat(pages.pageRequests()).isEqualTo(3);
  }

  @Test
  void nextPageIsNotFetchedBeforeDemand() throws Exception {
    PageServer pages = new PageServer(10, 2);
    server.setDispatcher(pages);
    RallyCongress rally = client().build();
    TestSubscriber<Supporter> subscriber = rally.supporters(SupporterQuery.all()).test(0L);

    awaitIdle(rally); // a page asked for on subscribe would be answered first
    assertThat(pages.pageRequests()).isZero();

    subscriber.request(1);
    subscriber.awaitCount(1);
    assertThat(pages.pageRequests()).isEqualTo(1);
    subscriber.cancel();
  }

  @Test
  void atMostOnePageIsHeldAndTheNextIsFetchedOnlyWhenDemandNeedsIt() throws Exception {
    PageServer pages = new PageServer(10, 2);
    server.setDispatcher(pages);
    RallyCongress rally = client().build();
    TestSubscriber<Supporter> subscriber = rally.supporters(SupporterQuery.all()).test(1L);
    subscriber.awaitCount(1);
    subscriber.request(1); // the second item of page 0: no new request
    subscriber.awaitCount(2);
    awaitIdle(rally); // page 0's delivery is over, and a page it asked for answered
    assertThat(pages.pageRequests()).isEqualTo(1);

    subscriber.request(1); // the first item of page 1
    subscriber.awaitCount(3);
    awaitIdle(rally);
    assertThat(pages.pageRequests()).isEqualTo(2);
    assertThat(ids(subscriber.values())).containsExactly("0", "1", "2");
    subscriber.cancel();
  }

  @Test
  void everyItemOfEveryPageArrivesOnceAndInOrderKeepingFiltersAndPageSize() throws Exception {
    server.setDispatcher(new PageServer(7, 50));
    SupporterQuery query = SupporterQuery.builder().state("NY").congressDistrict("NY20").build();

    List<Supporter> all = client().build().supporters(query, PageOptions.builder().pageSize(3).build())
        .test().awaitDone(5, SECONDS).assertComplete().values();

    assertThat(ids(all)).isEqualTo(range(0, 7));
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      targets.add(server.takeRequest().getTarget());
    }
    assertThat(targets).containsExactly(
        "/v3/supporters?state=NY&congressDistrict=NY20&pagesize=3",
        "/v3/supporters?state=NY&congressDistrict=NY20&page=1&pagesize=3",
        "/v3/supporters?state=NY&congressDistrict=NY20&page=2&pagesize=3");
  }

  @Test
  void eachSubscriptionStartsFromTheFirstPage() {
    PageServer pages = new PageServer(4, 2);
    server.setDispatcher(pages);
    RallyCongress rally = client().build();
    io.reactivex.rxjava3.core.Flowable<Supporter> supporters = rally.supporters(SupporterQuery.all());
    assertThat(pages.pageRequests()).isZero(); // cold: building the stream sends nothing

    assertThat(ids(supporters.test().awaitDone(5, SECONDS).values())).isEqualTo(range(0, 4));
    assertThat(ids(supporters.test().awaitDone(5, SECONDS).values())).isEqualTo(range(0, 4));
    assertThat(pages.pageRequests()).isEqualTo(4);
  }

  @Test
  void absoluteNextUriOnTheApiHostIsFollowed() throws Exception {
    String next = server.url("/v3/supporters?page=1").toString();
    server.enqueue(page("\"" + next + "\"", 0, "\"a\""));
    server.enqueue(page("null", 1, "\"b\""));

    List<Supporter> all = client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertComplete().values();

    assertThat(ids(all)).containsExactly("a", "b");
    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v3/supporters?page=1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "\"\"", "\"  \""})
  void nullOrEmptyNextUriEndsTheList(String nextUri) {
    server.enqueue(page(nextUri, 0, "\"a\""));

    client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertComplete().assertValueCount(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** Empty pages use up no demand: without this end, such a server would be asked for pages forever. */
  @Test
  void anEmptyPagePastItsTotalEndsTheListWhateverItsNextUriSays() {
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        String page = request.getUrl().queryParameter("page");
        int number = page == null ? 0 : Integer.parseInt(page);
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(
            "{\"uri\":\"/v3/supporters?page=" + number + "\",\"firstpageuri\":\"/v3/supporters?page=0\",\"nextpageuri\":\"/v3/supporters?page=" + (number + 1)
                + "\",\"page\":" + number + ",\"pagesize\":1,\"totalResults\":1,\"supporters\":["
                + (number == 0 ? "{\"id\":\"a\"}" : "") + "]}").build();
      }
    });

    client().build().supporters(SupporterQuery.all()).test(2).awaitDone(5, SECONDS)
        .assertComplete().assertValueCount(1);
    assertThat(server.getRequestCount()).isEqualTo(2);

    // A stream of whole pages (the sync reads this way) ends at the same page: each page is one
    // item there, so the end is told from the page's own supporters.
    client().build().supporterPages(SupporterQuery.all(), PageOptions.defaults()).test(Long.MAX_VALUE)
        .awaitDone(5, SECONDS).assertComplete().assertValueCount(2);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  /**
   * A first request that cannot even be made (its builder refuses a value) reaches onError: RxJava
   * forbids throwing from request(), where it surfaced as a NullPointerException ("Actually not,
   * but can't throw other exceptions due to RS") and the subscriber heard nothing.
   */
  @Test
  void aPageRequestThatCannotBeMadeReachesOnError() {
    IllegalArgumentException refused = new IllegalArgumentException("refused by its builder");
    Flowable<Supporter> stream = new PageStream<SupporterPage, Supporter>(() -> {
      throw refused;
    }, url -> {
      throw new AssertionError("no next page");
    }, PageShape.SUPPORTERS, PageShape.SUPPORTERS::items, okhttp3.HttpUrl.get("https://api.rallycongress.net/v3/"));

    stream.test().assertError(refused).assertNoValues();
  }

  @Test
  void missingNextUriEndsTheList() {
    server.enqueue(new MockResponse.Builder().body(
        "{\"uri\":\"/v3/supporters\",\"firstpageuri\":\"/v3/supporters\",\"page\":0,\"pagesize\":50,"
            + "\"totalResults\":1,\"supporters\":[{\"id\":\"a\"}]}").build());

    client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertComplete().assertValueCount(1);
  }

  @Test
  void nextUriThatPointsToTheSamePageFailsClearlyAfterItsItems() {
    server.enqueue(page("\"/v3/supporters\"", 0, "\"a\""));

    client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertValueCount(1)
        .assertError(RallyPagingException.class)
        .assertError(e -> e.getMessage().equals("The nextpageuri of " + server.url("/v3/supporters")
            + " points to the same page: its links loop, so paging stops here."));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void linksThatLoopBackToAnEarlierPageFailWithoutRepeatingItems() {
    server.enqueue(page("\"/v3/supporters?page=1\"", 0, "\"a\""));
    server.enqueue(page("\"/v3/supporters?page=0\"", 1, "\"b\""));
    server.enqueue(page("\"/v3/supporters?page=1\"", 0, "\"a\""));

    TestSubscriber<Supporter> subscriber = client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS);

    assertThat(ids(subscriber.values())).containsExactly("a", "b");
    subscriber.assertError(RallyPagingException.class)
        .assertError(e -> e.getMessage().startsWith("The list went from page 1 back to page 0 at "));
  }

  @Test
  void nextUriOnAnotherHostIsNotFollowed() {
    server.enqueue(page("\"https://evil.example/v3/supporters?page=1\"", 0, "\"a\""));

    client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertValueCount(1)
        .assertError(RallyPagingException.class)
        .assertError(e -> e.getMessage().equals("The nextpageuri https://evil.example/v3/supporters leaves the API host "
            + server.getHostName() + "; it is not followed, so the credentials stay with the API."));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** A link that is not a URL is quoted without its query, its user info or a supporter's id. */
  @Test
  void aNextUriThatIsNoUrlIsQuotedWithoutCredentialsQueryOrSupporterId() {
    server.enqueue(page("\"https://AC123:secret-token@exa mple.org/v3/supporters/ada@example.org?email=ada@example.org\"",
        0, "\"a\""));

    client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertValueCount(1)
        .assertError(RallyPagingException.class)
        .assertError(e -> e.getMessage().equals("The nextpageuri 'https://exa mple.org/v3/supporters/{supporterId}?...'"
            + " of " + server.url("/v3/supporters") + " is not a URL; paging stops here."));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void plainHttpNextUriIsRefusedBeforeAnyConnection() {
    server.enqueue(page("\"http://api.rallycongress.net/v3/supporters?page=1\"", 0, "\"a\""));

    client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertValueCount(1)
        .assertError(e -> e.getMessage().equals("The nextpageuri http://api.rallycongress.net/v3/supporters uses plain"
            + " http; the client only follows HTTPS links, so paging stops here."));
  }

  @Test
  void pageWhoseConnectionDropsMidBodyIsFetchedAgainWithoutLosingOrRepeatingAnItem() {
    PageServer pages = new PageServer(6, 2).cutPageBody(1, 2);
    server.setDispatcher(pages);

    List<Supporter> all = client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertComplete().values();

    assertThat(ids(all)).isEqualTo(range(0, 6));
    assertThat(pages.pageRequests()).isEqualTo(5); // 3 pages + 2 cut bodies of page 1
  }

  @Test
  void failedPageIsRetriedWithoutLosingOrRepeatingAnItem() {
    PageServer pages = new PageServer(6, 2).failPage(1, 2);
    server.setDispatcher(pages);

    List<Supporter> all = client().build().supporters(SupporterQuery.all()).test().awaitDone(5, SECONDS)
        .assertComplete().values();

    assertThat(ids(all)).isEqualTo(range(0, 6));
    assertThat(pages.pageRequests()).isEqualTo(5); // 3 pages + 2 failed attempts at page 1
  }

  @Test
  void limitStopsRequestingPagesOnceEnoughItemsArrived() {
    PageServer pages = new PageServer(100, 2);
    server.setDispatcher(pages);

    List<Supporter> some = client().build().supporters(SupporterQuery.all(), PageOptions.builder().limit(3).build())
        .test().awaitDone(5, SECONDS).assertComplete().values();

    assertThat(ids(some)).containsExactly("0", "1", "2");
    assertThat(pages.pageRequests()).isEqualTo(2);
  }

  @Test
  void itemsArriveOnDaemonThreadsThatNeverKeepAProgramAlive() {
    server.setDispatcher(new PageServer(3, 2));

    List<Thread> threads = client().build().supporters(SupporterQuery.all())
        .map(supporter -> Thread.currentThread())
        .test().awaitDone(5, SECONDS).assertComplete().values();

    // Daemon threads are what lets a JVM exit; names are not checked (OkHttp renames a thread while
    // it runs a call, so a name read from inside onNext depends on timing).
    assertThat(threads).hasSize(3).allSatisfy(thread -> assertThat(thread.isDaemon()).as("daemon").isTrue())
        .doesNotContain(Thread.currentThread());
  }

  @Test
  void eachNextPageRunsOnTheThreadThatDeliveredThePreviousOne() {
    server.setDispatcher(new PageServer(40, 2));

    List<Thread> threads = client().build().supporters(SupporterQuery.all())
        .map(supporter -> Thread.currentThread())
        .test().awaitDone(5, SECONDS).assertComplete().values();

    // No thread is woken per page: the one that emitted a page's last item makes the next call.
    assertThat(threads).hasSize(40);
    assertThat(new java.util.HashSet<>(threads)).hasSize(1);
  }

  @Test
  void aSubscriberBlockingOnAnotherCallInsideOnNextDoesNotDeadlock() {
    server.setDispatcher(new PageServer(6, 2));
    RallyCongress rally = client().build();

    List<String> nested = rally.supporters(SupporterQuery.all())
        .map(supporter -> supporter.getId() + ":" + rally.supporters(SupporterQuery.all(),
            PageOptions.builder().limit(1).build()).blockingFirst().getId())
        .test().awaitDone(5, SECONDS).assertComplete().values();

    assertThat(nested).containsExactly("0:0", "1:0", "2:0", "3:0", "4:0", "5:0");
  }

  @Test
  void pageStreamEndsWithThePageThatReachesTheLimit() {
    PageServer pages = new PageServer(100, 2);
    server.setDispatcher(pages);
    Flowable<SupporterPage> firstPages =
        client().build().supporterPages(SupporterQuery.all(), PageOptions.builder().limit(3).build());

    List<SupporterPage> some = firstPages.test().awaitDone(5, SECONDS).assertComplete().values();
    List<SupporterPage> again = firstPages.test().awaitDone(5, SECONDS).assertComplete().values();

    assertThat(some).hasSize(2);
    assertThat(ids(some.get(1).getSupporters())).containsExactly("2", "3"); // the last page is not cut
    assertThat(again).hasSize(2); // each subscription counts afresh
    assertThat(pages.pageRequests()).isEqualTo(4);
  }

  @Test
  void resumesFromAGivenPageUri() throws Exception {
    server.setDispatcher(new PageServer(6, 2));

    List<Supporter> rest = client().build()
        .supporters(SupporterQuery.all(), PageOptions.builder().resumeFrom("/v3/supporters?page=2&pagesize=2").build())
        .test().awaitDone(5, SECONDS).assertComplete().values();

    assertThat(ids(rest)).containsExactly("4", "5");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v3/supporters?page=2&pagesize=2");
  }

  /**
   * A page to resume from is checked where it is given, and where it is used: it must be a page of
   * the list streamed, on the API's origin, without credentials of its own. No refusal, and no
   * toString(), quotes a credential or a filter's value (an email is personal data).
   */
  @Test
  void aPageToResumeFromThatIsNotOneOfTheListsPagesIsRefusedWithoutQuotingItsSecrets() {
    RallyCongress rally = client().build();
    String withCredentials = server.url("/v3/supporters?page=3").newBuilder()
        .username(TestClients.ACCOUNT_ID).password(TestClients.AUTH_TOKEN).build().toString();

    assertThatThrownBy(() -> PageOptions.builder().resumeFrom(withCredentials))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resumeFrom must not hold credentials (user info before '@'): the client sends its own. Give the"
            + " page URI without them.");
    assertThatThrownBy(() -> PageOptions.builder().resumeFrom(" ")).isInstanceOf(IllegalArgumentException.class);
    // One that does not parse (a port out of range) cannot be checked for credentials: refused too.
    assertThatThrownBy(() -> PageOptions.builder().resumeFrom("https://acct:s3cret@api.rallycongress.net:99999/v3/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cret")
        .hasMessageEndingWith("but is not a URI (a bad host, port or escape).");
    assertThat(PageOptions.builder().resumeFrom("/v3/supporters/alice@example.com").build().toString())
        .contains("resumeFrom=/v3/supporters/{supporterId},").doesNotContain("alice");
    for (String other : new String[] {"https://example.org/v3/supporters?email=ada%40example.org",
        "http://" + server.getHostName() + ":1/v3/supporters/ada@example.org"}) {
      PageOptions options = PageOptions.builder().resumeFrom(other).build();
      assertThatThrownBy(() -> rally.supporters(SupporterQuery.all(), options)).as(other)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("resumeFrom must be a page URI on the API's origin, such as /v3/supporters?page=3")
          .hasMessageNotContaining("ada");
    }
    assertThatThrownBy(() -> rally.campaigns(PageOptions.builder().resumeFrom("https://example.org/v3/x").build()))
        .hasMessageStartingWith("resumeFrom must be a page URI on the API's origin, such as /v3/campaigns?page=3");
    assertThat(PageOptions.builder().resumeFrom("/v3/supporters?email=ada%40example.org&page=2").build())
        .hasToString("PageOptions{pageSize=null, limit=" + Long.MAX_VALUE + ", resumeFrom=/v3/supporters?...,"
            + " parallelism=1}");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void pagesStreamCarriesTheEnvelope() {
    server.setDispatcher(new PageServer(5, 2));

    List<SupporterPage> pages = client().build().supporterPages(SupporterQuery.all(), PageOptions.defaults())
        .test().awaitDone(5, SECONDS).assertComplete().values();

    assertThat(pages).extracting(SupporterPage::getPage).containsExactly(0, 1, 2);
    assertThat(pages).extracting(SupporterPage::getTotalResults).containsOnly(5);
    assertThat(pages.get(2).getNextpageuri()).isNull();
  }

  @Test
  void disposingMidStreamCancelsTheInFlightCall() throws Exception {
    java.util.concurrent.atomic.AtomicInteger canceledCalls = new java.util.concurrent.atomic.AtomicInteger();
    CountDownLatch canceled = new CountDownLatch(1);
    CountDownLatch stalled = new CountDownLatch(1);
    PageServer pages = new PageServer(10, 2);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        MockResponse page = pages.dispatch(request);
        if (!"1".equals(request.getUrl().queryParameter("page"))) {
          return page;
        }
        stalled.countDown();
        return page.newBuilder().headersDelay(10, SECONDS).build();
      }
    });
    OkHttpClient app = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceledCalls.incrementAndGet();
        canceled.countDown();
      }
    }).build();
    TestSubscriber<Supporter> subscriber = client().okHttpClient(app).build().supporters(SupporterQuery.all()).test(3L);
    subscriber.awaitCount(2);
    assertThat(stalled.await(5, SECONDS)).as("page 1 asked for, and stalled by the server").isTrue();
    // Page 0's call, long finished, was not reported canceled when page 1's call replaced it.
    assertThat(canceledCalls).as("calls canceled before the subscriber cancels").hasValue(0);

    subscriber.cancel();

    assertThat(canceled.await(5, SECONDS)).as("the HTTP call was canceled").isTrue();
    assertThat(canceledCalls).hasValue(1);
    assertThat(ids(subscriber.values())).containsExactly("0", "1");
    subscriber.assertNotComplete().assertNoErrors();
  }

  /**
   * A {@code blockingStream()} closed early (try-with-resources around {@code limit}, as the sync
   * does) cancels the page in flight, sequential or parallel, and nothing reaches RxJavaPlugins.
   */
  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 3})
  void closingABlockingStreamEarlyCancelsThePageInFlight(int parallelism) throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch canceled = new CountDownLatch(1);
    PageServer pages = new PageServer(10, 2);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse page = pages.dispatch(request);
        if (!"1".equals(request.getUrl().queryParameter("page"))) {
          return page;
        }
        stalled.countDown();
        return page.newBuilder().headersDelay(10, SECONDS).build();
      }
    });
    OkHttpClient app = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.countDown();
      }
    }).build();
    RallyCongress rally = client().okHttpClient(app).build();
    List<String> read = new ArrayList<>();

    try (java.util.stream.Stream<Supporter> stream = rally.supporters(SupporterQuery.all(),
        PageOptions.builder().pageSize(2).parallelism(parallelism).build()).blockingStream(2)) {
      java.util.Iterator<Supporter> items = stream.iterator();
      read.add(items.next().getId());
      read.add(items.next().getId()); // page 0 read: the stream asks for more, and page 1 stalls
      assertThat(stalled.await(5, SECONDS)).as("page 1 asked for").isTrue();
    }

    assertThat(canceled.await(5, SECONDS)).as("the call of page 1 was canceled").isTrue();
    assertThat(read).containsExactly("0", "1");
  }

  /**
   * Stopping early (a limit, takeUntil, firstElement) cancels the stream after its last page's call
   * has ended: that call must not be canceled again, or OkHttp tells the app's EventListener that a
   * call which succeeded was canceled.
   */
  @Test
  void stoppingAfterAPageArrivedDoesNotReportItsFinishedCallCanceled() throws Exception {
    server.setDispatcher(new PageServer(10, 5));
    List<String> canceled = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
    OkHttpClient app = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void callEnd(Call call) {
        ended.incrementAndGet();
      }

      @Override
      public void canceled(Call call) {
        canceled.add(call.request().url().toString());
      }
    }).build();
    RallyCongress rally = client().okHttpClient(app).build();

    rally.supporters(SupporterQuery.all(), PageOptions.builder().limit(2).build()).test().awaitDone(5, SECONDS)
        .assertValueCount(2).assertComplete();
    rally.supporters(SupporterQuery.all()).takeUntil((io.reactivex.rxjava3.functions.Predicate<Supporter>)
        supporter -> supporter.getId().equals("4")).test().awaitDone(5, SECONDS).assertValueCount(5).assertComplete();
    rally.supporterPages(SupporterQuery.all(), PageOptions.builder().limit(2).build()).test().awaitDone(5, SECONDS)
        .assertValueCount(1).assertComplete();
    rally.supporters(SupporterQuery.all()).firstElement().test().awaitDone(5, SECONDS).assertValueCount(1);
    // A call ends (callEnd: its body closed by the converter) before its result is delivered, and a
    // stop cancels within that delivery: both come before OkHttp counts the call finished.
    awaitIdle(rally);

    assertThat(ended).as("calls that ended normally").hasValue(4);
    assertThat(canceled).as("calls reported canceled to the app's EventListener").isEmpty();
  }

  /** A server that ignores {@code page} answers page 0 every time: parallel reading must not repeat its items. */
  @Test
  void parallelModeStopsWhenAPageIsNotTheOneAskedFor() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"uri\":\"/v3/supporters\","
            + "\"firstpageuri\":\"/v3/supporters\",\"page\":0,\"pagesize\":2,\"totalResults\":6,"
            + "\"nextpageuri\":\"/v3/supporters?page=1\",\"supporters\":[{\"id\":\"a\"},{\"id\":\"b\"}]}").build();
      }
    });

    TestSubscriber<Supporter> subscriber = client().build()
        .supporters(SupporterQuery.all(), PageOptions.builder().pageSize(2).parallelism(3).build())
        .test().awaitDone(5, SECONDS);

    assertThat(ids(subscriber.values())).containsExactly("a", "b");
    subscriber.assertError(e -> e instanceof RallyPagingException
        && e.getMessage().startsWith("Page 1 was asked for by number, but the server answered page 0"));
  }

  @Test
  void pagesWithALimitOfZeroAskForNothing() throws Exception {
    PageServer pages = new PageServer(10, 2);
    server.setDispatcher(pages);

    client().build().supporterPages(SupporterQuery.all(), PageOptions.builder().limit(0).build())
        .test().awaitDone(5, SECONDS).assertComplete().assertNoValues();

    assertThat(pages.pageRequests()).isZero();
  }

  @Test
  void parallelModeFetchesByPageNumberAndEmitsInOrder() throws Exception {
    PageServer pages = new PageServer(11, 2);
    server.setDispatcher(pages);

    List<Supporter> all = client().build()
        .supporters(SupporterQuery.all(), PageOptions.builder().pageSize(2).parallelism(3).build())
        .test().awaitDone(5, SECONDS).assertComplete().values();

    assertThat(ids(all)).isEqualTo(range(0, 11));
    assertThat(pages.pageRequests()).isEqualTo(6);
  }

  /** Reading ahead is bounded by parallelism, not by an operator's default prefetch of 128 pages. */
  @Test
  void parallelModeRunsAheadOfDemandByAtMostParallelismPages() throws Exception {
    PageServer pages = new PageServer(40, 2);
    server.setDispatcher(pages);

    RallyCongress rally = client().build();
    io.reactivex.rxjava3.subscribers.TestSubscriber<Supporter> subscriber = rally
        .supporters(SupporterQuery.all(), PageOptions.builder().pageSize(2).parallelism(3).build()).test(1);
    subscriber.awaitCount(1);
    awaitIdle(rally); // every page read ahead has been answered, and asked for no other

    assertThat(pages.pageRequests()).isLessThanOrEqualTo(1 + 3);
    subscriber.cancel();
  }

  private static MockResponse page(String nextUri, int number, String id) {
    return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(
        "{\"uri\":\"/v3/supporters\",\"firstpageuri\":\"/v3/supporters\",\"nextpageuri\":" + nextUri
            + ",\"page\":" + number + ",\"pagesize\":1,\"totalResults\":3,\"supporters\":[{\"id\":" + id + "}]}").build();
  }

  /**
   * A subscriber that throws from {@code onNext} breaks Reactive Streams rule 2.13; the stream then
   * counts as cancelled (as the rule allows): no further page is asked for and nothing else is
   * signalled, and the throwable is not lost. Thrown on a dispatcher thread (the page arrived
   * there), it reaches {@code RxJavaPlugins.onError} once; thrown inside the subscriber's own
   * {@code request}, it reaches the caller of {@code request}.
   */
  @Test
  void aThrowFromOnNextEndsTheStreamAndIsNotLost() throws Exception {
    PageServer pages = new PageServer(10, 2);
    server.setDispatcher(pages);
    CountDownLatch reported = new CountDownLatch(1);
    CountDownLatch idle = new CountDownLatch(1);
    RallyCongress rally = client().build();
    RxJavaPlugins.setErrorHandler(error -> {
      undeliverable.add(error);
      // Still inside the call that delivered item 2: OkHttp's dispatcher goes idle when it returns,
      // unless a page was asked for meanwhile, which keeps it busy until that page is answered.
      rally.httpClient().dispatcher().setIdleCallback(idle::countDown);
      reported.countDown();
    });
    ThrowingSubscriber subscriber = new ThrowingSubscriber("2", Long.MAX_VALUE);

    rally.supporters(SupporterQuery.all()).subscribe(subscriber);

    assertThat(reported.await(10, SECONDS)).as("the throwable reached RxJavaPlugins.onError").isTrue();
    assertThat(idle.await(10, SECONDS)).as("the dispatcher idle").isTrue();
    assertThat(subscriber.seen).containsExactly("0", "1", "2");
    assertThat(pages.pageRequests()).isEqualTo(2);
    assertThat(undeliverable).hasSize(1);
    assertThat(undeliverable.get(0)).isSameAs(subscriber.thrown);
    undeliverable.clear();
  }

  @Test
  void aThrowFromOnNextInsideRequestReachesTheCallerOfRequest() throws Exception {
    PageServer pages = new PageServer(10, 2);
    server.setDispatcher(pages);
    CountDownLatch idle = new CountDownLatch(1);
    RallyCongress rally = client().build();
    rally.httpClient().dispatcher().setIdleCallback(idle::countDown);
    ThrowingSubscriber subscriber = new ThrowingSubscriber("1", 1);

    rally.supporters(SupporterQuery.all()).subscribe(subscriber);
    // The first page's call has returned (item 0 delivered, no more asked for).
    assertThat(idle.await(10, SECONDS)).as("the first page delivered").isTrue();

    // Item 1 is on the page already held: request(1) delivers it on this thread.
    assertThatThrownBy(() -> subscriber.subscription.request(1)).isSameAs(subscriber.thrown);
    subscriber.subscription.request(5);
    // A next page would have been asked for on this thread, within request(5).
    assertThat(rally.httpClient().dispatcher().runningCallsCount()).isZero();
    assertThat(rally.httpClient().dispatcher().queuedCallsCount()).isZero();
    assertThat(subscriber.seen).containsExactly("0", "1");
    assertThat(pages.pageRequests()).isEqualTo(1);
  }

  /**
   * In parallel mode a subscriber that throws from {@code onNext} ends the stream too, as RxJava's
   * operators leave it: its throwable is not lost (the caller of request or RxJavaPlugins.onError
   * gets it), the subscriber gets no other signal, and no page is asked for beyond those already
   * under way (at most parallelism pages past the one whose item threw).
   */
  @Test
  void aThrowFromOnNextInParallelModeIsNotLostAndAsksForNoFurtherPages() throws Exception {
    PageServer pages = new PageServer(40, 2);
    server.setDispatcher(pages);
    CountDownLatch reported = new CountDownLatch(1);
    RallyCongress rally = client().build();
    RxJavaPlugins.setErrorHandler(error -> {
      undeliverable.add(error);
      reported.countDown();
    });
    ThrowingSubscriber subscriber = new ThrowingSubscriber("4", Long.MAX_VALUE); // the first item of page 2
    subscriber.onThrownAtRequest = reported::countDown;

    rally.supporters(SupporterQuery.all(), PageOptions.builder().pageSize(2).parallelism(3).build())
        .subscribe(subscriber);

    assertThat(reported.await(10, SECONDS)).as("the throwable reported").isTrue();
    TestClients.awaitIdle(rally); // the pages under way answered, and nothing more asked for
    List<Throwable> reports = new ArrayList<>(subscriber.thrownAtRequest);
    reports.addAll(undeliverable);
    assertThat(reports).containsExactly(subscriber.thrown);
    undeliverable.clear();
    assertThat(subscriber.seen).containsExactly("0", "1", "2", "3", "4");
    assertThat(pages.pageRequests()).isLessThanOrEqualTo(3 + 3);
  }

  /**
   * A raw Reactive Streams subscriber (RxJava wraps it in its StrictSubscriber) that throws from
   * {@code onNext} at one supporter id. {@link #seen} lists the ids it got, then "onError" or
   * "onComplete" if either came; what its first request threw is kept in {@link #thrownAtRequest}.
   */
  private static final class ThrowingSubscriber implements org.reactivestreams.Subscriber<Supporter> {
    final IllegalStateException thrown = new IllegalStateException("the subscriber's bug");
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Throwable> thrownAtRequest = new CopyOnWriteArrayList<>();
    volatile Runnable onThrownAtRequest = () -> { };
    volatile org.reactivestreams.Subscription subscription;
    private final String throwAt;
    private final long firstRequest;

    ThrowingSubscriber(String throwAt, long firstRequest) {
      this.throwAt = throwAt;
      this.firstRequest = firstRequest;
    }

    @Override
    public void onSubscribe(org.reactivestreams.Subscription s) {
      subscription = s;
      try {
        s.request(firstRequest);
      } catch (IllegalStateException e) {
        thrownAtRequest.add(e);
        onThrownAtRequest.run();
      }
    }

    @Override
    public void onNext(Supporter supporter) {
      seen.add(supporter.getId());
      if (supporter.getId().equals(throwAt)) {
        throw thrown;
      }
    }

    @Override
    public void onError(Throwable error) {
      seen.add("onError");
    }

    @Override
    public void onComplete() {
      seen.add("onComplete");
    }
  }
}
