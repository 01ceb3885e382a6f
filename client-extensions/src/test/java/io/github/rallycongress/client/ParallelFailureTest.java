package io.github.rallycongress.client;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.NoDelayServerSockets;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * In parallel mode, several pages failing at once end the stream with exactly one error, the
 * failure of the first failing page in page order, and nothing reaches {@code RxJavaPlugins}.
 */
@Timeout(value = 60, unit = SECONDS)
class ParallelFailureTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private static final int RUNS = 300;

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger run = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    PageServer pages = new PageServer(10, 2);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String number = request.getUrl().queryParameter("page");
        int page = number == null ? 0 : Integer.parseInt(number);
        if (page >= 1 && page <= 3) {
          // Pages 1 to 3 fail at about the same moment, in an order that changes from run to run.
          long delay = (page * 7L + run.get()) % 4;
          return TestClients.error(400, "page " + page).newBuilder().headersDelay(delay, MILLISECONDS).build();
        }
        return pages.dispatch(request);
      }
    });
    server.setServerSocketFactory(new NoDelayServerSockets()); // no Nagle delay per run
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void severalFailingPagesEndWithTheFirstPagesFailureAloneInEveryRun() {
    RallyCongress rally = TestClients.client(server).retryPolicy(RetryPolicy.none()).build();
    PageOptions parallel = PageOptions.builder().pageSize(2).parallelism(4).build();

    for (int i = 0; i < RUNS; i++) {
      run.set(i);
      TestSubscriber<Supporter> subscriber = rally.supporters(SupporterQuery.all(), parallel).test()
          .awaitDone(10, SECONDS);

      subscriber.assertNotComplete().assertValueCount(2).assertError(e -> e instanceof BadRequestException
          && ((BadRequestException) e).errors().contains("page 1"));
      subscriber.assertError(e -> true); // exactly one error: assertError fails on more
    }
  }

  @Test
  void theFirstFailureCancelsTheCallsStillInFlight() throws Exception {
    CountDownLatch canceled = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String page = request.getUrl().queryParameter("page");
        if (page == null || page.equals("0")) {
          return new PageServer(10, 2).dispatch(request);
        }
        if (page.equals("1")) {
          return TestClients.error(400, "page 1").newBuilder().headersDelay(100, MILLISECONDS).build();
        }
        return TestClients.error(400, "slow").newBuilder().headersDelay(10, SECONDS).build();
      }
    });
    OkHttpClient app = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.countDown();
      }
    }).build();

    TestSubscriber<Supporter> subscriber = TestClients.client(server).okHttpClient(app).retryPolicy(RetryPolicy.none())
        .build().supporters(SupporterQuery.all(), PageOptions.builder().pageSize(2).parallelism(4).build()).test()
        .awaitDone(5, SECONDS);

    subscriber.assertError(e -> e instanceof BadRequestException && e.getMessage().endsWith("page 1"));
    assertThat(canceled.await(5, SECONDS)).as("a slow page's call was canceled").isTrue();
  }
}
