package io.github.rallycongress.client;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The executor of our OkHttp dispatcher: a cached pool of daemon threads (like RxJava's schedulers,
 * they never keep a JVM alive), which also runs a page stream's next call on the thread that
 * delivered the previous page, right after that delivery returns.
 *
 * <p>That is the page stream's rhythm: a page arrives, its items are emitted on the dispatcher
 * thread, and the last of them triggers the next page's call. Handed to the pool, that call would
 * wake a second thread on every page while the first returns from its callback; the benchmarks
 * measured that at about a sixth of the time of a page of 100 supporters. Only a call enqueued
 * through {@link #enqueueAsContinuation} waits, and only one per task: any other call, such as one
 * a subscriber makes and blocks on inside {@code onNext}, goes to the pool at once, so it can
 * neither deadlock nor stop parallel reads being parallel.
 */
final class DispatcherExecutor extends AbstractExecutorService {
  /** Set while a page stream enqueues its next page. */
  private static final ThreadLocal<Boolean> MAY_CONTINUE = new ThreadLocal<>();

  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
      new SynchronousQueue<>(), DispatcherExecutor::daemonThread);
  /** While a pool thread runs a task: the task to run after it, if one was enqueued. */
  private final ThreadLocal<Continuation> continuation = new ThreadLocal<>();

  /**
   * Runs {@code enqueue}; a call it enqueues from a dispatcher thread runs on that thread once the
   * task under way returns, instead of waking another. For a page stream's next page only.
   */
  static void enqueueAsContinuation(Runnable enqueue) {
    MAY_CONTINUE.set(Boolean.TRUE);
    try {
      enqueue.run();
    } finally {
      MAY_CONTINUE.remove();
    }
  }

  private static final class Continuation {
    @Nullable Runnable next;

    @Nullable Runnable takeNext() {
      Runnable task = next;
      next = null;
      return task;
    }
  }

  @Override
  public void execute(Runnable task) {
    Continuation running = continuation.get();
    if (running != null && running.next == null && MAY_CONTINUE.get() != null) {
      running.next = task;
      return;
    }
    pool.execute(() -> runWithContinuations(task));
  }

  private void runWithContinuations(Runnable task) {
    Continuation running = new Continuation();
    continuation.set(running);
    try {
      for (Runnable current = task; current != null; current = running.takeNext()) {
        current.run();
      }
    } finally {
      continuation.remove();
      // Left only if a task threw (OkHttp's calls catch their own failures): it must still run.
      Runnable stranded = running.takeNext();
      if (stranded != null) {
        pool.execute(() -> runWithContinuations(stranded));
      }
    }
  }

  private static Thread daemonThread(Runnable runnable) {
    Thread thread = new Thread(runnable, "RallyCongress Dispatcher");
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }
}
