package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import retrofit2.Response;

/**
 * The opt-in parallel read: the first page tells {@code totalResults} and {@code pagesize}; pages
 * 1 to n-1 are then requested by number, at most {@code parallelism} at once, and emitted in order.
 * See {@link PageOptions.Builder#parallelism} for what this trades away.
 *
 * <p>When pages fail, the stream ends with one error: that of the first failing page in page order,
 * once every page before it is emitted; the calls still in flight are cancelled, and nothing goes to
 * {@code RxJavaPlugins.onError}.
 */
final class ParallelPages {
  private ParallelPages() {
  }

  static <P, T> Flowable<T> read(Function<Integer, Single<Response<P>>> byNumber, PageShape<P, ?> shape,
      Function<P, List<T>> items, int parallelism) {
    return Flowable.defer(() -> byNumber.apply(0).toFlowable().concatMap(first -> {
      P firstPage = first.body();
      if (firstPage == null) {
        return Flowable.error(new RallyPagingException("The first page had no body (HTTP " + first.code() + ")."));
      }
      Integer total = shape.totalResults(firstPage);
      Integer size = shape.pageSize(firstPage);
      if (total == null || size == null || size <= 0) {
        return Flowable.error(new RallyPagingException("The first page has no usable totalResults and pagesize ("
            + total + ", " + size + "), which parallel reading needs; read with parallelism 1."));
      }
      int pageCount = (int) Math.min(Integer.MAX_VALUE, ((long) total + size - 1) / size);
      // Each page's failure travels as a value, so that concatMapEager, which would combine
      // failures racing each other or report the later ones to RxJavaPlugins, never sees one. The
      // first failure in page order ends the stream, and cancelling cancels the calls in flight.
      Flowable<P> rest = Flowable.range(1, Math.max(0, pageCount - 1))
          .concatMapEager(page -> byNumber.apply(page)
              .map(response -> Outcome.<P>success(numbered(bodyOf(response), page, shape)))
              .onErrorReturn(Outcome::failure)
              .toFlowable(), parallelism, 1)
          .map(Outcome::get);
      return Flowable.just(firstPage).concatWith(rest);
      // One page at a time into the items: with the default prefetch (128 pages) the pages would be
      // read as fast as they come, whatever the subscriber asked for.
    }).concatMapIterable(items::apply, 1));
  }

  /**
   * {@code body}, if it says it is page {@code asked}. A server that ignores {@code page}, or
   * answers a page past the end (the list shrank) with the last one, would otherwise repeat its
   * items in the stream without an error.
   */
  private static <P> P numbered(P body, int asked, PageShape<P, ?> shape) {
    Integer number = shape.pageNumber(body);
    if (number == null || number != asked) {
      throw new RallyPagingException("Page " + asked + " was asked for by number, but the server answered page "
          + number + ": its items would repeat others or be out of place, so the parallel read stops here. Read"
          + " with parallelism 1, which follows nextpageuri.");
    }
    return body;
  }

  private static <P> P bodyOf(Response<P> response) {
    P body = response.body();
    if (body == null) {
      throw new RallyPagingException("A page had no body (HTTP " + response.code() + ").");
    }
    return body;
  }

  /** A page or its failure. */
  private static final class Outcome<P> {
    private final @Nullable P page;
    private final @Nullable Throwable failure;

    private Outcome(@Nullable P page, @Nullable Throwable failure) {
      this.page = page;
      this.failure = failure;
    }

    static <P> Outcome<P> success(P page) {
      return new Outcome<>(page, null);
    }

    static <P> Outcome<P> failure(Throwable failure) {
      return new Outcome<>(null, failure);
    }

    P get() throws Throwable {
      if (failure != null) {
        throw failure;
      }
      return requireNonNull(page);
    }
  }
}
