package io.github.rallycongress.client;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleObserver;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.internal.disposables.DisposableHelper;
import io.reactivex.rxjava3.internal.subscriptions.SubscriptionHelper;
import io.reactivex.rxjava3.internal.util.BackpressureHelper;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import retrofit2.Response;

/**
 * Every item of a paged list, following {@code nextpageuri}, as a backpressured {@link Flowable}.
 *
 * <p>Each subscriber gets its own cursor, starting at the first page (cold). A page is requested
 * only when the subscriber has demand and the previous page's items are all emitted, so at most one
 * page is held at a time and nothing is requested before {@code request(n)} (lazy).
 *
 * <p><b>Loops.</b> Paging ends with a {@link RallyPagingException}, after the items of the page that
 * links back and before the page it links to is requested, when a {@code nextpageuri} resolves to
 * (a) the page that carries it, or (b) any page this stream read before (the URL it was fetched
 * at, after redirects) or that a page read before named as its own {@code uri}, its
 * {@code firstpageuri} or its {@code previouspageuri}; URLs are compared with their query
 * parameters in any order ({@link PageTrail}). It also ends when a page's {@code page} number is not
 * greater than the previous page's. So a cycle of next links of any period ends before an item is
 * emitted twice. Memory grows by about 16 bytes per page read (64-bit URL hashes), not by pages.
 * Cancelling disposes the in-flight call, which cancels the HTTP exchange; an error that arrives
 * after cancellation is dropped rather than sent to {@code RxJavaPlugins.onError}.
 *
 * <p>A subscriber that throws from {@code onNext} (against Reactive Streams rule 2.13) ends its
 * stream as RxJava's own sources do: nothing more is requested or signalled, and the throwable is
 * thrown to the caller of {@code request}, or, on a dispatcher thread, reaches
 * {@code RxJavaPlugins.onError} through Retrofit's call adapter. No call is in flight then: a page
 * is asked for only after the previous one's items are emitted.
 */
final class PageStream<P, T> extends Flowable<T> {
  /** The first page, by the operation's parameters (or the URI to resume from). */
  private final Supplier<Single<Response<P>>> first;
  /** A later page, by its {@code nextpageuri}. */
  private final Function<HttpUrl, Single<Response<P>>> link;
  private final PageShape<P, ?> shape;
  private final Function<P, List<T>> items;
  private final HttpUrl apiOrigin;

  PageStream(Supplier<Single<Response<P>>> first, Function<HttpUrl, Single<Response<P>>> link,
      PageShape<P, ?> shape, Function<P, List<T>> items, HttpUrl apiOrigin) {
    this.first = first;
    this.link = link;
    this.shape = shape;
    this.items = items;
    this.apiOrigin = apiOrigin;
  }

  @Override
  protected void subscribeActual(Subscriber<? super T> subscriber) {
    subscriber.onSubscribe(new Cursor<>(subscriber, this));
  }

  /** One subscriber's position in the list. The drain loop owns every non-volatile field. */
  static final class Cursor<P, T> extends AtomicInteger implements Subscription, SingleObserver<Response<P>> {
    private static final long serialVersionUID = 1L;
    /**
     * The cursor whose page this thread is delivering, if any. Only that cursor's next call may
     * wait for the delivery to end (see {@link DispatcherExecutor}); another stream's, started
     * and blocked on inside {@code onNext}, must not, or it would wait for itself.
     */
    private static final ThreadLocal<Cursor<?, ?>> DELIVERING = new ThreadLocal<>();

    private final Subscriber<? super T> downstream;
    private final PageStream<P, T> parent;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicReference<Disposable> inFlight = new AtomicReference<>();
    private volatile boolean cancelled;

    // Handed over by the HTTP callback, then taken by the drain loop.
    private volatile @Nullable Response<P> arrived;
    private volatile @Nullable Throwable failed;

    private @Nullable List<T> current;
    private int index;
    private boolean started;
    private boolean fetching;
    private boolean lastPage;
    private @Nullable HttpUrl next;
    private @Nullable RuntimeException linkError;
    private @Nullable Integer previousPageNumber;
    /** Every page read, and every page the pages name as themselves or as earlier ones. */
    private final PageTrail trail = new PageTrail();

    Cursor(Subscriber<? super T> downstream, PageStream<P, T> parent) {
      this.downstream = downstream;
      this.parent = parent;
    }

    @Override
    public void request(long n) {
      if (SubscriptionHelper.validate(n)) {
        BackpressureHelper.add(requested, n);
        drain();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      DisposableHelper.dispose(inFlight);
      drain();
    }

    @Override
    public void onSubscribe(Disposable d) {
      // replace, not set: set would dispose the previous page's call, long finished, and OkHttp
      // would report it canceled to the app's EventListener. Disposes d at once if already cancelled.
      DisposableHelper.replace(inFlight, d);
    }

    @Override
    public void onSuccess(Response<P> response) {
      callEnded();
      arrived = response;
      DELIVERING.set(this);
      try {
        drain();
      } finally {
        DELIVERING.remove();
      }
    }

    @Override
    public void onError(Throwable e) {
      callEnded();
      if (!cancelled) {
        failed = e;
        drain();
      }
    }

    /**
     * Forgets the call that has just ended, unless the stream was cancelled first: a cancel after
     * this (a limit reached, takeUntil) must not cancel it again, or OkHttp would tell the app's
     * EventListener that a call which succeeded was canceled.
     */
    private void callEnded() {
      Disposable call = inFlight.get();
      if (call != DisposableHelper.DISPOSED) {
        inFlight.compareAndSet(call, null);
      }
    }

    private void drain() {
      if (getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      for (;;) {
        if (cancelled) {
          current = null;
          arrived = null;
          return;
        }
        Throwable failure = failed;
        if (failure != null) {
          terminate(failure);
          return;
        }
        Response<P> response = arrived;
        if (response != null) {
          arrived = null;
          fetching = false;
          accept(response);
        }
        List<T> items = current;
        long wanted = requested.get();
        long emitted = 0;
        while (items != null && index < items.size() && emitted != wanted) {
          if (cancelled) {
            return;
          }
          downstream.onNext(items.get(index++));
          emitted++;
        }
        if (emitted != 0) {
          BackpressureHelper.produced(requested, emitted);
        }
        if (items == null || index >= items.size()) {
          current = null;
          if (started && !fetching) {
            if (linkError != null) {
              terminate(linkError);
              return;
            }
            if (lastPage) {
              cancelled = true;
              downstream.onComplete();
              return;
            }
          }
          if (!fetching && requested.get() != 0) {
            RuntimeException refused = fetch();
            if (refused != null) {
              terminate(refused);
              return;
            }
          }
        }
        missed = addAndGet(-missed);
        if (missed == 0) {
          break;
        }
      }
    }

    /**
     * An empty page at or past the end its own {@code totalResults} gives ends the list, whatever
     * its {@code nextpageuri} says: a server whose empty pages keep linking to a next one would
     * otherwise be asked for pages forever: empty pages use up no demand of an item stream, and a
     * stream of whole pages (such as the sync's) keeps asking for the next one.
     */
    private boolean isEmptyPastTheEnd(P page) {
      // The page's own items: a stream of whole pages emits each page as one item, never none.
      if (!parent.shape.items(page).isEmpty()) {
        return false;
      }
      Integer number = parent.shape.pageNumber(page);
      Integer size = parent.shape.pageSize(page);
      Integer total = parent.shape.totalResults(page);
      return number != null && size != null && total != null && (long) number * size >= total;
    }

    private void terminate(Throwable error) {
      cancelled = true;
      current = null;
      downstream.onError(error);
    }

    /**
     * Asks for the next page; a request that cannot even be made (a value its builder refuses) is
     * returned, to reach onError: RxJava forbids throwing it from request() or subscribe().
     */
    private @Nullable RuntimeException fetch() {
      Single<Response<P>> page;
      try {
        page = started ? parent.link.apply(next) : parent.first.get();
      } catch (RuntimeException refused) {
        return refused;
      }
      started = true;
      fetching = true;
      if (DELIVERING.get() == this) {
        // Called as this cursor's page delivery ends: the delivering thread makes the next call.
        DispatcherExecutor.enqueueAsContinuation(() -> page.subscribe(this));
      } else {
        page.subscribe(this);
      }
      return null;
    }

    private void accept(Response<P> response) {
      P page = response.body();
      HttpUrl pageUrl = response.raw().request().url();
      if (page == null) {
        linkError = new RallyPagingException("The page at " + Origin.redacted(pageUrl) + " had no body (HTTP "
            + response.code() + "); stopping.");
        return;
      }
      Integer number = parent.shape.pageNumber(page);
      if (number != null && previousPageNumber != null && number <= previousPageNumber) {
        linkError = new RallyPagingException("The list went from page " + previousPageNumber + " back to page "
            + number + " at " + Origin.redacted(pageUrl) + ": its nextpageuri links loop, so paging stops here.");
        return; // the repeated page's items are not emitted again
      }
      previousPageNumber = number;
      trail.add(pageUrl);
      for (String earlier : parent.shape.earlierPageUris(page)) {
        HttpUrl url = earlier == null || earlier.trim().isEmpty() ? null : pageUrl.resolve(earlier.trim());
        if (url != null) {
          trail.add(url);
        }
      }
      current = parent.items.apply(page);
      index = 0;
      String link = parent.shape.nextUri(page);
      if (link == null || link.trim().isEmpty() || isEmptyPastTheEnd(page)) {
        lastPage = true;
        next = null;
        return;
      }
      HttpUrl resolved = pageUrl.resolve(link.trim());
      if (resolved == null) {
        // Not quoted whole: its query repeats the list's filters, an email among them; user info
        // and a supporter's id are taken out as from every URL a message names.
        int query = link.indexOf('?');
        String quoted = MessagePath.redactedUrlText(query < 0 ? link : link.substring(0, query));
        linkError = new RallyPagingException("The nextpageuri '" + (query < 0 ? quoted : quoted + "?...")
            + "' of " + Origin.redacted(pageUrl) + " is not a URL; paging stops here.");
      } else if (!Origin.isSecureEnough(resolved)) {
        linkError = new RallyPagingException("The nextpageuri " + Origin.redacted(resolved)
            + " uses plain http; the client only follows HTTPS links, so paging stops here.");
      } else if (!Origin.same(resolved, parent.apiOrigin)) {
        linkError = new RallyPagingException("The nextpageuri " + Origin.redacted(resolved) + " leaves the API host "
            + parent.apiOrigin.host() + "; it is not followed, so the credentials stay with the API.");
      } else if (resolved.equals(pageUrl)) {
        linkError = new RallyPagingException("The nextpageuri of " + Origin.redacted(pageUrl)
            + " points to the same page: its links loop, so paging stops here.");
      } else if (trail.contains(resolved)) {
        linkError = new RallyPagingException("The nextpageuri " + Origin.redacted(resolved) + " of "
            + Origin.redacted(pageUrl) + " points back to a page already read: its links loop, so paging stops here.");
      } else {
        next = resolved;
      }
    }
  }
}
