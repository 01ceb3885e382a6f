package io.github.rallycongress.client;

import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.NoDelayServerSockets;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The Reactive Streams TCK's publisher rules (request accounting, cancellation, no signal after a
 * terminal one, {@code request(0)} refused with an {@code IllegalArgumentException}, references
 * dropped after {@code cancel()}) checked on {@link RallyCongress#supporters}, the page stream an app
 * subscribes to, over real sockets: pages of 2 supporters from {@link PageServer}, so that every
 * stream of more than two items spans requests. A TestNG suite (the TCK's), run on the JUnit Platform
 * by its TestNG engine; its {@code untested_} placeholders, which always skip, are disabled by name below.
 */
public class PageStreamTckTest extends PublisherVerification<Supporter> {
  /** Time allowed for an expected signal, waited for one that must not come, and between polls (ms). */
  private static final long SIGNAL_TIMEOUT_MS = 5_000;
  private static final long NO_SIGNAL_TIMEOUT_MS = 100;
  private static final long POLL_MS = 10;
  /** Waited after {@code cancel()} before a collection must have taken the subscriber (ms). */
  private static final long GC_TIMEOUT_MS = 1_000;

  private final Map<Long, RallyCongress> clients = new ConcurrentHashMap<>();
  private MockWebServer server;

  public PageStreamTckTest() {
    super(new TestEnvironment(SIGNAL_TIMEOUT_MS, NO_SIGNAL_TIMEOUT_MS, POLL_MS), GC_TIMEOUT_MS);
  }

  @BeforeClass
  public void startServer() throws IOException {
    server = new MockWebServer();
    server.setServerSocketFactory(new NoDelayServerSockets()); // no Nagle delay per page
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return respond(request.getUrl());
      }
    });
    server.start();
  }

  @AfterClass
  public void stopServer() {
    server.close();
  }

  /** {@code /tck/N/v3/supporters}: a list of N supporters; any other path, a 404. */
  private static MockResponse respond(HttpUrl url) {
    String path = url.encodedPath();
    String[] segments = path.split("/");
    if (segments.length == 5 && segments[1].equals("tck") && path.endsWith("/v3/supporters")
        && segments[2].matches("[0-9]+")) {
      int total = Integer.parseInt(segments[2]);
      int page = url.queryParameter("page") == null ? 0 : Integer.parseInt(url.queryParameter("page"));
      int size = url.queryParameter("pagesize") == null ? 2 : Integer.parseInt(url.queryParameter("pagesize"));
      return TestClients.json(200, new PageServer(total, size).page(url, page, size));
    }
    return TestClients.error(404, "No such path");
  }

  @Override
  public Publisher<Supporter> createPublisher(long elements) {
    // One client a list length (its length is in the base URL), as an app keeps one client.
    RallyCongress rally = clients.computeIfAbsent(elements,
        n -> TestClients.client(server.url("/tck/" + n + "/v3/")).build());
    return rally.supporters(SupporterQuery.all(), options());
  }

  /** Pages of 2, read one after another. */
  PageOptions options() {
    return PageOptions.builder().pageSize(2).build();
  }

  /**
   * None: the TCK's "error-state publisher" signals {@code onError} before any demand, but a page
   * stream sends its first request only when asked for an item, so it fails after a
   * {@code request(n)}, never before ({@code ErrorMappingTest} has such failures reach
   * {@code onError}). Null makes the TCK skip its two tests of such a publisher; they are disabled
   * by name below, with the TCK's {@code untested_} placeholders.
   */
  @Override
  public @Nullable Publisher<Supporter> createFailedPublisher() {
    return null;
  }

  /** The largest list the page server's {@code int} offsets can describe. */
  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }

  // Left out: tests that would always skip, disabled by name so that a summary's "skipped" counts
  // only tests that were meant to run. A rule a new TCK adds still runs.

  /** Needs an error-state publisher (see {@link #createFailedPublisher()}). */
  @Override
  @Test(enabled = false)
  public void optional_spec104_mustSignalOnErrorWhenFails() {
  }

  /** Needs an error-state publisher (see {@link #createFailedPublisher()}). */
  @Override
  @Test(enabled = false)
  public void required_spec109_mayRejectCallsToSubscribeIfPublisherIsUnableOrUnwillingToServeThemRejectionMustTriggerOnErrorAfterOnSubscribe() {
  }

  /** A TCK placeholder: the rule is not tested by the TCK. */
  @Override
  @Test(enabled = false)
  public void untested_spec106_mustConsiderSubscriptionCancelledAfterOnErrorOrOnCompleteHasBeenCalled() {
  }

  /** A TCK placeholder: the rule is not tested by the TCK. */
  @Override
  @Test(enabled = false)
  public void untested_spec107_mustNotEmitFurtherSignalsOnceOnErrorHasBeenSignalled() {
  }

  /** A TCK placeholder: the rule is not tested by the TCK. */
  @Override
  @Test(enabled = false)
  public void untested_spec108_possiblyCanceledSubscriptionShouldNotReceiveOnErrorOrOnCompleteSignals() {
  }

  /** A TCK placeholder: the rule is not tested by the TCK. */
  @Override
  @Test(enabled = false)
  public void untested_spec109_subscribeShouldNotThrowNonFatalThrowable() {
  }

  /** A TCK placeholder: the rule is not tested by the TCK. */
  @Override
  @Test(enabled = false)
  public void untested_spec110_rejectASubscriptionRequestIfTheSameSubscriberSubscribesTwice() {
  }

  /** A TCK placeholder: the rule is not tested by the TCK. */
  @Override
  @Test(enabled = false)
  public void untested_spec304_requestShouldNotPerformHeavyComputations() {
  }

  /** A TCK placeholder: the rule is not tested by the TCK. */
  @Override
  @Test(enabled = false)
  public void untested_spec305_cancelMustNotSynchronouslyPerformHeavyComputation() {
  }
}
