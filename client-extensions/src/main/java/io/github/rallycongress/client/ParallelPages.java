package io.github.rallycongress.client;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.function.Function;
import retrofit2.Response;

/**
 * The opt-in parallel read: the first page tells {@code totalResults} and {@code pagesize}; pages
 * 1 to n-1 are then requested by number, at most {@code parallelism} at once, and emitted in order.
 * See {@link PageOptions.Builder#parallelism} for what this trades away.
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
      Flowable<P> rest = Flowable.range(1, Math.max(0, pageCount - 1))
          .concatMapEager(page -> byNumber.apply(page).map(ParallelPages::<P>bodyOf).toFlowable(), parallelism, 1);
      return Flowable.just(firstPage).concatWith(rest);
    }).concatMapIterable(items::apply));
  }

  private static <P> P bodyOf(Response<P> response) {
    P body = response.body();
    if (body == null) {
      throw new RallyPagingException("A page had no body (HTTP " + response.code() + ").");
    }
    return body;
  }
}
