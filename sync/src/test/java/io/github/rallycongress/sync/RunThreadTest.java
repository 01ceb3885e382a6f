package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The thread a run blocks, as a scheduler's job meets it: an {@code onPage} that throws, and an
 * interrupt (a scheduler cancelling the job, an executor shut down) while the run waits for a page,
 * or while it writes one with the next already arrived.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunThreadTest {
  @TempDir Path folder;
  private final List<Throwable> undeliverable = new CopyOnWriteArrayList<>();

  @BeforeEach
  void catchUndeliverable() {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
  }

  @AfterEach
  void noUndeliverable() {
    RxJavaPlugins.setOnFlowableSubscribe(null);
    RxJavaPlugins.reset();
    assertThat(undeliverable).as("errors thrown into RxJavaPlugins.onError").isEmpty();
  }

  private static String[] list() {
    return new String[] {supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
        supporter("3", "Three", "2026-01-01T00:00:00Z"), supporter("4", "Four", "2026-01-01T00:00:00Z")};
  }

  /**
   * What {@code onPage} throws ends the run and is thrown by it as it is; the pages committed stay,
   * the page asked for ahead is cancelled, and the next run resumes after them.
   */
  @Test
  void whatOnPageThrowsEndsTheRunAndTheNextRunResumes() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(list());
      IllegalStateException thrown = new IllegalStateException("the progress bar failed");
      SupporterSync failing = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).onPage(progress -> {
        if (progress.pages() == 2) {
          throw thrown;
        }
      }).build();

      Throwable failure = catchThrowable(failing::run);

      assertThat(failure).isSameAs(thrown);
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2");
      SyncResult resumed = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build().run();
      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.complete()).isTrue();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3", "4");
    }
  }

  /**
   * {@code onPage} runs on the thread that called {@code run()}, with no transaction open: while it
   * blocks, another connection writes a table of the application's and checkpoints SQLite's whole
   * log (which an open read would hold back), and PostgreSQL lists no connection idle in a
   * transaction. The run then goes on to the end.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void onPageRunsOnTheCallingThreadWithNoTransactionOpen(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(list());
      CountDownLatch blocking = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<Thread> threads = new CopyOnWriteArrayList<>();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).onPage(progress -> {
        threads.add(Thread.currentThread());
        if (progress.pages() == 2) {
          blocking.countDown();
          await(release);
        }
      }).build();
      CompletableFuture<SyncResult> run = new CompletableFuture<>();
      Thread runner = new Thread(() -> {
        try {
          run.complete(sync.run());
        } catch (Throwable e) {
          run.completeExceptionally(e);
        }
      }, "sync runner");
      runner.start();
      try {
        assertThat(blocking.await(20, TimeUnit.SECONDS)).as("onPage called for page 2").isTrue();
        try (java.sql.Connection other = db.dataSource.getConnection();
             java.sql.Statement statement = other.createStatement()) {
          if (kind == TestDatabase.Kind.SQLITE) {
            statement.execute("PRAGMA busy_timeout = 0"); // a lock held by the run would fail this at once
            statement.execute("CREATE TABLE app_notes (note TEXT)");
            statement.execute("INSERT INTO app_notes VALUES ('written while onPage blocks')");
            try (java.sql.ResultSet checkpoint = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
              assertThat(checkpoint.next()).isTrue();
              assertThat(checkpoint.getInt(1)).as("checkpoint held back by an open transaction").isZero();
            }
          } else {
            assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname ="
                + " current_database() AND state LIKE 'idle in transaction%'")).isEqualTo("0");
            other.setAutoCommit(false);
            statement.execute("LOCK TABLE supporter IN EXCLUSIVE MODE NOWAIT"); // fails if the run holds a lock
            other.rollback();
          }
        }
      } finally {
        release.countDown();
      }
      SyncResult result = run.get(20, TimeUnit.SECONDS);
      assertThat(result.complete()).isTrue();
      assertThat(threads).hasSize(4).containsOnly(runner);
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3", "4");
    }
  }

  /**
   * Interrupted while it waits for a page, a run ends at once with an
   * {@link java.io.InterruptedIOException} (an {@code IOException}, as {@code run()} declares),
   * the thread's interrupt flag still set for the scheduler that interrupted it; the pages
   * committed stay and the next run resumes after them. Before, it threw RxJava's bare
   * {@code RuntimeException} around the {@code InterruptedException}, with the flag cleared.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aRunInterruptedWhileItWaitsForAPageEndsKeepingTheInterruptAndTheNextRunResumes(TestDatabase.Kind kind)
      throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(list());
      CountDownLatch stalled = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      server.beforePage(page -> {
        if (page == 2) {
          stalled.countDown();
          await(release);
        }
      });
      AtomicReference<Thread> runner = new AtomicReference<>();
      AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build();
      CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
        runner.set(Thread.currentThread());
        Throwable failure = catchThrowable(sync::run);
        interruptedAfter.set(Thread.interrupted());
        return failure;
      });
      try {
        assertThat(stalled.await(20, TimeUnit.SECONDS)).as("page 2 asked for").isTrue();
        runner.get().interrupt();

        Throwable failure = run.get(20, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOf(java.io.InterruptedIOException.class)
            .hasMessage("The supporter sync was interrupted while it waited for a page; pages committed before stay,"
                + " and the next run resumes after them.")
            .hasCauseInstanceOf(InterruptedException.class);
        assertThat(interruptedAfter.get()).as("the thread's interrupt flag after run()").isTrue();
      } finally {
        release.countDown();
      }
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2");
      server.beforePage(page -> { });
      SyncResult resumed = sync.run();
      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.complete()).isTrue();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3", "4");
    }
  }

  /**
   * An app that locks the sync for its own purposes ({@code synchronized (sync)}) does not stall
   * its runs: the first run's migration locks a private object. It locked the sync itself, and a
   * run on another thread waited for the app to let go.
   */
  @Test
  void anAppHoldingTheSyncsMonitorDoesNotStallARun() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(list());
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build();
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread app = new Thread(() -> {
        synchronized (sync) {
          held.countDown();
          await(release);
        }
      }, "app holding the sync's monitor");
      app.start();
      try {
        assertThat(held.await(20, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<SyncResult> run = CompletableFuture.supplyAsync(() -> {
          try {
            return sync.run();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        assertThat(run.get(20, TimeUnit.SECONDS).complete()).isTrue();
        assertThat(sync.nextUpdatedSince()).isPresent();
      } finally {
        release.countDown();
        app.join(20_000);
      }
    }
  }

  private static String[] list(int count) {
    String[] list = new String[count];
    for (int i = 0; i < count; i++) {
      list[i] = supporter(Integer.toString(i + 1), "S" + (i + 1), "2026-01-01T00:00:00Z");
    }
    return list;
  }

  /**
   * Interrupted once a page has committed, a run whose database is slower than the network (each
   * page's next one has arrived before the run asks for it, as with SQLite) ends before writing
   * another page, with an {@link java.io.InterruptedIOException} and the interrupt flag still set;
   * the pages committed stay, and the next run resumes after them. Before, RxJava's wait handed
   * over an arrived page without looking at the flag, the JDBC drivers ignore it too, and the run
   * wrote every page to the end.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aRunInterruptedWhileTheDatabaseIsSlowerThanTheNetworkEndsBeforeTheNextPage(TestDatabase.Kind kind)
      throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(list(8));
      Arrivals arrivals = Arrivals.install();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).onPage(progress -> {
        arrivals.awaitNextPage(progress, 8);
        if (progress.pages() == 2) {
          Thread.currentThread().interrupt();
        }
      }).build();
      assertInterruptedBeforeAWrite(sync);

      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2");
      RxJavaPlugins.setOnFlowableSubscribe(null);
      SyncResult resumed = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build().run();
      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.readBefore()).isEqualTo(2);
      assertThat(resumed.complete()).isTrue();
      assertThat(Rows.supporters(db.dataSource)).hasSize(8);
    }
  }

  /**
   * Interrupted once the first page has arrived but before it is written (the clock read for the
   * run's start interrupts, standing for a scheduler's interrupt landing just then), a run ends
   * with an {@link java.io.InterruptedIOException}, the flag still set, having written nothing and
   * begun no run; the next run copies the list from the start. Before, the first page was written
   * and a run begun, and only the second page's write looked at the flag.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aRunInterruptedOnceItsFirstPageHasArrivedWritesNothing(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(list());
      AtomicBoolean firstPageAnswered = new AtomicBoolean();
      AtomicBoolean once = new AtomicBoolean();
      server.beforePage(page -> firstPageAnswered.set(page == 0 && !once.getAndSet(true)));
      java.time.Clock utc = java.time.Clock.systemUTC();
      java.time.Clock interrupting = new java.time.Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return utc.getZone();
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public java.time.Instant instant() {
          if (firstPageAnswered.getAndSet(false)) {
            Thread.currentThread().interrupt();
          }
          return utc.instant();
        }
      };
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).clock(interrupting).build();
      assertInterruptedBeforeAWrite(sync);

      assertThat(Rows.supporters(db.dataSource)).isEmpty();
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM sync_run")).as("runs begun").isEqualTo("0");
      SyncResult next = sync.run();
      assertThat(next.resumed()).isFalse();
      assertThat(next.complete()).isTrue();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3", "4");
    }
  }

  /**
   * Runs {@code sync} on a thread of its own, and checks that it ended with the interrupt found
   * before a page's write, the thread's interrupt flag still set after {@code run()}.
   */
  private static void assertInterruptedBeforeAWrite(SupporterSync sync) throws Exception {
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    Throwable failure = CompletableFuture.supplyAsync(() -> {
      Throwable thrown = catchThrowable(sync::run);
      interruptedAfter.set(Thread.interrupted());
      return thrown;
    }).get(30, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(java.io.InterruptedIOException.class)
        .hasMessage("The supporter sync was interrupted before it wrote a page that had arrived; pages committed"
            + " before stay, and the next run resumes after them.");
    assertThat(interruptedAfter.get()).as("the thread's interrupt flag after run()").isTrue();
  }

  /**
   * A scheduler cancelling its job ({@code ExecutorService.shutdownNow()}) while the run's thread
   * waits for the database (another connection holds the lock its third page needs), every next
   * page arriving before the run asks for it: the run commits the page it was writing, at most,
   * and ends with an {@link java.io.InterruptedIOException}, not at the end of the list.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aRunCancelledWhileItWaitsForTheDatabaseEndsWithinAPage(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer()) {
      server.list(list(8));
      Arrivals arrivals = Arrivals.install();
      CountDownLatch secondCommitted = new CountDownLatch(1);
      CountDownLatch locked = new CountDownLatch(1);
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).onPage(progress -> {
        if (progress.pages() == 2) {
          secondCommitted.countDown();
          await(locked); // the third page's write then waits for the other connection's lock
        }
        arrivals.awaitNextPage(progress, 8);
      }).build();
      ExecutorService scheduler = Executors.newSingleThreadExecutor();
      Throwable failure;
      try {
        Future<SyncResult> job = scheduler.submit(sync::run);
        assertThat(secondCommitted.await(20, TimeUnit.SECONDS)).as("page 2 committed").isTrue();
        try (java.sql.Connection other = db.dataSource.getConnection();
             java.sql.Statement statement = other.createStatement()) {
          other.setAutoCommit(false);
          // SQLite: a write takes the file's write lock; PostgreSQL: the run's claim of its row waits for this.
          statement.execute(kind == TestDatabase.Kind.SQLITE ? "CREATE TABLE app_hold (x INTEGER)"
              : "LOCK TABLE sync_run IN EXCLUSIVE MODE");
          locked.countDown();
          arrivals.await(3); // the fourth page has arrived while the third waits for the database
          scheduler.shutdownNow();
          other.rollback();
        }
        failure = catchThrowable(() -> job.get(30, TimeUnit.SECONDS));
      } finally {
        // Also when a step above failed: the run's thread must not outlive the test.
        scheduler.shutdownNow();
        locked.countDown();
      }
      assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      assertThat(failure).isInstanceOf(java.util.concurrent.ExecutionException.class)
          .cause().isInstanceOf(java.io.InterruptedIOException.class);
      assertThat(Rows.supporters(db.dataSource).keySet()).contains("1", "2").isSubsetOf("1", "2", "3");
      RxJavaPlugins.setOnFlowableSubscribe(null);
      SyncResult resumed = SupporterSync.builder(server.client(), db.dataSource).pageSize(1).build().run();
      assertThat(resumed.resumed()).isTrue();
      assertThat(resumed.complete()).isTrue();
      assertThat(Rows.supporters(db.dataSource)).hasSize(8);
    }
  }

  /**
   * Counts the pages that reach the queue of a blocking iterator (the run's page stream), once
   * they are there: a test knows that the next page has arrived without timing it.
   */
  private static final class Arrivals {
    private int count;

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Arrivals install() {
      Arrivals arrivals = new Arrivals();
      RxJavaPlugins.setOnFlowableSubscribe((flowable, subscriber) -> {
        if (!subscriber.getClass().getName().endsWith("BlockingFlowableIterator")) {
          return subscriber;
        }
        org.reactivestreams.Subscriber delegate = subscriber;
        return new io.reactivex.rxjava3.core.FlowableSubscriber() {
          @Override
          public void onSubscribe(org.reactivestreams.Subscription s) {
            delegate.onSubscribe(s);
          }

          @Override
          public void onNext(Object page) {
            delegate.onNext(page);
            arrivals.arrived();
          }

          @Override
          public void onError(Throwable e) {
            delegate.onError(e);
          }

          @Override
          public void onComplete() {
            delegate.onComplete();
          }
        };
      });
      return arrivals;
    }

    private synchronized void arrived() {
      count++;
      notifyAll();
    }

    /**
     * A database slower than the network, from {@code onPage}: returns once the page after the
     * one just committed has arrived (the stream's item {@code pages}: the first page is read
     * apart), before the run asks for it. An interrupt meanwhile is kept for the run.
     */
    void awaitNextPage(SyncResult progress, int lastPage) {
      if (progress.pages() < lastPage) {
        await((int) progress.pages());
      }
    }

    /** Waits (20 s at most, or fails) until {@code pages} have arrived; an interrupt meanwhile stays set. */
    synchronized void await(int pages) {
      boolean interrupted = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      try {
        while (count < pages) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          assertThat(left).as(pages + " pages arrived").isPositive();
          try {
            wait(left);
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private interface Run {
    SyncResult run() throws Exception;
  }

  private static Throwable catchThrowable(Run run) {
    try {
      run.run();
      return null;
    } catch (Throwable e) {
      return e;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
