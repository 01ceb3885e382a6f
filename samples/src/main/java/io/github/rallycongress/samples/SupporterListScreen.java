package io.github.rallycongress.samples;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.RallySandbox;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * App sample: a screen that lists supporters the way an Android app would, without Android. The
 * stream is subscribed on {@code Schedulers.io()}, rows are shown on the main thread, and leaving the
 * screen disposes the subscription, which cancels the HTTP call in flight: nothing reaches the view
 * after {@link #onDestroy()}.
 *
 * <p>Run with
 * {@code java -cp samples/target/rally.jar io.github.rallycongress.samples.SupporterListScreen}:
 * an embedded sandbox, unless {@code RALLY_BASE_URL}, {@code RALLY_ACCOUNT_ID} and
 * {@code RALLY_AUTH_TOKEN} are set.
 */
public final class SupporterListScreen {
  /** Rows per request: about a screenful. */
  static final int PAGE_SIZE = 20;

  /** What the screen draws on; called on the main thread only. */
  interface View {
    void showRow(Supporter supporter);

    void showError(String message);

    void showEnd();
  }

  private final RallyCongress rally;
  private final Scheduler mainThread;
  private final View view;
  // Every subscription of this screen, so that one call disposes them all.
  private final CompositeDisposable subscriptions = new CompositeDisposable();

  SupporterListScreen(RallyCongress rally, Scheduler mainThread, View view) {
    this.rally = rally;
    this.mainThread = mainThread;
    this.view = view;
  }

  /** Android: {@code onCreate}, on the main thread. Starts loading; rows come as pages arrive. */
  void onCreate(SupporterQuery query) {
    subscriptions.add(rally.supporters(query, PageOptions.builder().pageSize(PAGE_SIZE).build())
        // Subscribing, and so the first request, happens off the main thread.
        .subscribeOn(Schedulers.io())
        // Rows arrive on OkHttp's threads; views may only be touched on the main thread.
        .observeOn(mainThread)
        .subscribe(view::showRow, error -> view.showError(String.valueOf(error.getMessage())), view::showEnd));
  }

  /**
   * Android: {@code onDestroy} (or a ViewModel's {@code onCleared}), on the main thread. Cancels the
   * request in flight; no row, error or end reaches the view afterwards.
   */
  void onDestroy() {
    subscriptions.dispose();
  }

  public static void main(String[] args) throws Exception {
    // Stands in for AndroidSchedulers.mainThread() (RxAndroid): one thread, named "main", running
    // what is posted to it in order, as Android's main looper does.
    ExecutorService mainLooper = Executors.newSingleThreadExecutor(task -> new Thread(task, "main"));
    Scheduler mainThread = Schedulers.from(mainLooper);
    // A sandbox 300 ms away, like a phone network, so that leaving the screen finds a page in flight.
    try (Endpoint endpoint = Endpoint.fromEnvironment(RallySandbox.builder().latency(Duration.ofMillis(300)))) {
      AtomicInteger rows = new AtomicInteger();
      CountDownLatch twoPages = new CountDownLatch(2 * PAGE_SIZE);
      SupporterListScreen screen = new SupporterListScreen(endpoint.client(), mainThread, new View() {
        @Override
        public void showRow(Supporter supporter) {
          System.out.println("[" + Thread.currentThread().getName() + "] " + supporter.getId() + "  "
              + supporter.getFirstName() + " " + supporter.getLastName());
          rows.incrementAndGet();
          twoPages.countDown();
        }

        @Override
        public void showError(String message) {
          System.out.println("[" + Thread.currentThread().getName() + "] error: " + message);
        }

        @Override
        public void showEnd() {
          System.out.println("[" + Thread.currentThread().getName() + "] every supporter shown");
        }
      });

      mainLooper.execute(() -> screen.onCreate(SupporterQuery.builder().state("NY").build()));
      twoPages.await(30, TimeUnit.SECONDS);
      // The user leaves after two pages, while the third is being fetched.
      mainLooper.submit(screen::onDestroy).get();
      int shown = rows.get();
      Thread.sleep(1000); // long enough for the third page to have arrived, had it not been cancelled
      System.out.println("Left the screen after " + shown + " rows; a second later, " + rows.get() + " rows.");
    } finally {
      mainLooper.shutdown();
    }
  }
}
