package io.github.rallycongress.samples;

import static io.github.rallycongress.samples.Sandboxes.clientFor;
import static io.github.rallycongress.samples.SupporterListScreen.PAGE_SIZE;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.RallySandbox;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 30, unit = SECONDS)
class SupporterListScreenTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  final ExecutorService mainLooper = Executors.newSingleThreadExecutor(task -> new Thread(task, "main"));
  RallySandbox sandbox;

  /** Records every call the screen makes on its view, with the thread it came on. */
  static final class RecordingView implements SupporterListScreen.View {
    final List<String> rows = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);
    final CountDownLatch twoPages = new CountDownLatch(2 * PAGE_SIZE);

    @Override
    public void showRow(Supporter supporter) {
      rows.add(supporter.getId());
      threads.add(Thread.currentThread().getName());
      twoPages.countDown();
    }

    @Override
    public void showError(String message) {
      errors.add(message);
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void showEnd() {
      threads.add(Thread.currentThread().getName());
      ended.countDown();
    }
  }

  @AfterEach
  void stop() {
    mainLooper.shutdownNow();
    sandbox.close();
  }

  @Test
  void everyRowArrivesOnTheMainThread() throws Exception {
    sandbox = Sandboxes.start(RallySandbox.builder().supporters(70));
    RecordingView view = new RecordingView();
    SupporterListScreen screen = new SupporterListScreen(clientFor(sandbox).build(), Schedulers.from(mainLooper), view);

    mainLooper.submit(() -> screen.onCreate(SupporterQuery.all())).get();

    assertThat(view.ended.await(10, SECONDS)).as("the end was shown").isTrue();
    assertThat(view.rows).hasSize(70).startsWith("1000000", "1000001").doesNotHaveDuplicates();
    assertThat(view.threads).hasSize(71).containsOnly("main");
    assertThat(view.errors).isEmpty();
    assertThat(sandbox.requestCount()).isEqualTo(4); // 20 + 20 + 20 + 10
  }

  @Test
  void leavingTheScreenCancelsTheCallInFlightAndNothingMoreArrives() throws Exception {
    // Each page takes 2 s: the window in which the third page's call is still in flight when onDestroy
    // runs. (At 300 ms, and even at 1 s, a loaded machine could let the page arrive before onDestroy,
    // and nothing to cancel.)
    sandbox = Sandboxes.start(RallySandbox.builder().latency(Duration.ofSeconds(2)));
    CountDownLatch canceled = new CountDownLatch(1);
    OkHttpClient listening = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.countDown();
      }
    }).build();
    RecordingView view = new RecordingView();
    SupporterListScreen screen = new SupporterListScreen(clientFor(sandbox).okHttpClient(listening).build(),
        Schedulers.from(mainLooper), view);

    mainLooper.submit(() -> screen.onCreate(SupporterQuery.all())).get();
    assertThat(view.twoPages.await(15, SECONDS)).as("two pages shown").isTrue();
    // The third page is requested as soon as the second is shown; the sandbox holds it for 2 s.
    awaitRequestCount(3);
    mainLooper.submit(screen::onDestroy).get();

    assertThat(canceled.await(5, SECONDS)).as("the call in flight was canceled").isTrue();
    int rowsAtDestroy = view.rows.size();
    // Room for the third page to arrive (the sandbox answers 2 s after the request), had its call not
    // been canceled. No event says nothing more will come: the client's dispatcher is not public,
    // and a canceled call's failure is dropped, reaching no one. A row later than this would pass.
    Thread.sleep(2_500);
    assertThat(rowsAtDestroy).isEqualTo(2 * PAGE_SIZE);
    assertThat(view.rows).hasSize(2 * PAGE_SIZE);
    assertThat(view.threads).hasSize(2 * PAGE_SIZE).containsOnly("main"); // no error, no end
    assertThat(sandbox.requestCount()).as("no page requested after onDestroy").isEqualTo(3);
  }

  private void awaitRequestCount(int count) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(5);
    while (sandbox.requestCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(sandbox.requestCount()).isEqualTo(count);
  }
}
