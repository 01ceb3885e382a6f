package io.github.rallycongress.client;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The executor of our OkHttp dispatcher: it enforces
 * {@link RallyCongress.Builder#maxConcurrentRequests} and runs calls on a cached pool of daemon
 * threads (like RxJava's schedulers, they never keep a JVM alive).
 *
 * <p><b>Why the limit is here and not in OkHttp's {@code Dispatcher}.</b> OkHttp counts a call as
 * running until its callback returns, and the callback is where RxJava delivers the result: a
 * subscriber that blocks on another call inside {@code onNext} would hold the only slot (with a
 * limit of 1) while waiting for a call that needs it, for ever. Here a call holds a slot ({@link Slot})
 * only while it uses the network: {@link RetryInterceptor} gives the slot back when the response
 * body is closed (the converter closes it before the result is delivered) or when the call fails,
 * so the delivering thread holds none, whatever it does and however deeply calls nest. OkHttp's own
 * limits are set out of the way. Calls waiting for a slot wait in a queue here, without a thread.
 *
 * <p><b>Continuations.</b> A page stream's next call runs on the thread that delivered the previous
 * page, right after that delivery returns (when a slot is free): that is the stream's rhythm, and
 * handing the call to the pool instead would wake a second thread on every page; the benchmarks
 * measured that at about a sixth of the time of a page of 100 supporters. Only a call enqueued
 * through {@link #enqueueAsContinuation} waits, and only one per task: any other call goes to the
 * pool (or the queue) at once.
 */
final class DispatcherExecutor extends AbstractExecutorService {
  /**
   * The message of the {@link IllegalStateException} that a call made after {@link #close} reaches
   * {@code onError} with ({@link ErrorMapping} puts it in place of OkHttp's rejection).
   */
  static final String CLOSED = "This RallyCongress was closed (RallyCongress#close): the call was not sent. Build"
      + " another RallyCongress to make calls.";

  /** Set while a page stream enqueues its next page. */
  private static final ThreadLocal<Boolean> MAY_CONTINUE = new ThreadLocal<>();
  /** The slot of the call running on this thread, if any. */
  private static final ThreadLocal<Slot> CURRENT_SLOT = new ThreadLocal<>();

  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
      new SynchronousQueue<>(), DispatcherExecutor::daemonThread);
  /** While a pool thread runs a task: the task to run after it, if one was enqueued. */
  private final ThreadLocal<Continuation> continuation = new ThreadLocal<>();

  /** Guards {@link #freeSlots}, {@link #waiting}, {@link #unfinished}, {@link #closed} and {@link #whenIdle}. */
  private final Object lock = new Object();
  private int freeSlots;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  /** Tasks accepted and not yet run to their end: running, waiting for a slot, or held as a continuation. */
  private int unfinished;
  private boolean closed;
  private @Nullable Runnable whenIdle;

  DispatcherExecutor(int maxConcurrentRequests) {
    this.freeSlots = maxConcurrentRequests;
  }

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

  /** The slot held by the call running on this thread, or null off our dispatcher. */
  static @Nullable Slot currentSlot() {
    return CURRENT_SLOT.get();
  }

  /** A call's permission to use the network; released once, by whichever comes first. */
  final class Slot {
    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
      if (released.compareAndSet(false, true)) {
        Runnable next;
        synchronized (lock) {
          next = waiting.poll();
          if (next == null) {
            freeSlots++;
          }
        }
        if (next != null) {
          start(next); // the slot passes on to the call that waited longest
        }
      }
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

  /**
   * {@link #execute}'s refusal once closed. OkHttp hands it to the call's callback as the cause of
   * an {@code InterruptedIOException("executor rejected")}, which an app would take for a network
   * failure; {@link ErrorMapping} tells it by this type and delivers {@link #CLOSED} instead.
   */
  static final class ClosedRejection extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    ClosedRejection() {
      super(CLOSED);
    }
  }

  /** Whether {@code error} is, or was caused by, this executor's refusal of a call after {@link #close}. */
  static boolean isClosedRejection(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof ClosedRejection) {
        return true;
      }
    }
    return false;
  }

  /**
   * Accepts no task from now on ({@link #execute} throws a {@link ClosedRejection}); the tasks already
   * accepted still run. Once none is left, {@code whenIdle} runs (at once if none is) and the pool's
   * threads end.
   */
  void close(Runnable whenIdle) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (unfinished != 0) {
        this.whenIdle = whenIdle;
        return;
      }
    }
    whenIdle.run();
    pool.shutdown();
  }

  @Override
  public void execute(Runnable task) {
    synchronized (lock) {
      if (closed) {
        throw new ClosedRejection();
      }
      unfinished++;
    }
    Continuation running = continuation.get();
    if (running != null && running.next == null && MAY_CONTINUE.get() != null) {
      running.next = task;
      return;
    }
    if (takeSlotOrWait(task)) {
      start(task);
    }
  }

  /** True if {@code task} may start now (a slot is taken for it); else it waits in the queue. */
  private boolean takeSlotOrWait(Runnable task) {
    synchronized (lock) {
      if (freeSlots > 0) {
        freeSlots--;
        return true;
      }
      waiting.add(task);
      return false;
    }
  }

  /** Runs {@code task}, which holds a slot, on a pool thread. */
  private void start(Runnable task) {
    pool.execute(() -> runWithContinuations(task));
  }

  private void runWithContinuations(Runnable first) {
    Continuation running = new Continuation();
    continuation.set(running);
    try {
      for (Runnable current = first; current != null; ) {
        // As a pool does between its tasks: an interrupt the last task's subscriber left on this
        // thread (it delivered the page before) would fail this call before it is sent.
        Thread.interrupted();
        Slot slot = new Slot();
        CURRENT_SLOT.set(slot);
        try {
          current.run();
        } finally {
          CURRENT_SLOT.remove();
          slot.release(); // if the call did not give it back itself
          ended();
        }
        Runnable next = running.takeNext();
        current = next != null && takeSlotOrWait(next) ? next : null;
      }
    } finally {
      continuation.remove();
      // Left only if a task threw (OkHttp's calls catch their own failures): it must still run.
      Runnable stranded = running.takeNext();
      if (stranded != null && takeSlotOrWait(stranded)) {
        start(stranded);
      }
    }
  }

  /** A task has run to its end (its response body read and closed, its result delivered). */
  private void ended() {
    Runnable idle = null;
    synchronized (lock) {
      unfinished--;
      if (closed && unfinished == 0) {
        idle = whenIdle;
        whenIdle = null;
      }
    }
    if (idle != null) {
      idle.run();
      pool.shutdown(); // this thread, the last one busy, ends when its task returns
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

  /**
   * Always false, even once closed: OkHttp fails a call on an executor that reports itself shut
   * down without handing it over, with no cause to tell why; handed to {@link #execute}, a call
   * made after {@link #close} meets a {@link ClosedRejection}, which {@link ErrorMapping} knows.
   */
  @Override
  public boolean isShutdown() {
    return false;
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
