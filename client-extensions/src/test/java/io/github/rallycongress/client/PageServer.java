package io.github.rallycongress.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

/**
 * Serves {@code GET /v3/supporters} as the document describes it: {@code total} supporters in
 * pages of {@code pagesize}, each page linking the next with a relative {@code nextpageuri} that
 * keeps the filters. Pages are written on the fly, so any number of them costs no memory.
 */
final class PageServer extends Dispatcher {
  private final int total;
  private final int defaultPageSize;
  private final AtomicInteger pageRequests = new AtomicInteger();
  private final Map<Integer, AtomicInteger> failuresBeforeSuccess = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> cutsBeforeSuccess = new ConcurrentHashMap<>();

  PageServer(int total, int defaultPageSize) {
    this.total = total;
    this.defaultPageSize = defaultPageSize;
  }

  /** The next {@code times} requests for {@code page} get a 503 before it is served. */
  PageServer failPage(int page, int times) {
    failuresBeforeSuccess.put(page, new AtomicInteger(times));
    return this;
  }

  /** The next {@code times} requests for {@code page} get a 200 whose connection is lost mid-body. */
  PageServer cutPageBody(int page, int times) {
    cutsBeforeSuccess.put(page, new AtomicInteger(times));
    return this;
  }

  int pageRequests() {
    return pageRequests.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    if (!url.encodedPath().equals("/v3/supporters")) {
      return new MockResponse.Builder().code(404).body("{\"response\":{\"errors\":[\"No such path\"]}}").build();
    }
    pageRequests.incrementAndGet();
    int page = url.queryParameter("page") == null ? 0 : Integer.parseInt(url.queryParameter("page"));
    int size = url.queryParameter("pagesize") == null ? defaultPageSize : Integer.parseInt(url.queryParameter("pagesize"));
    AtomicInteger failures = failuresBeforeSuccess.get(page);
    if (failures != null && failures.getAndDecrement() > 0) {
      return new MockResponse.Builder().code(503).setHeader("Retry-After", "0")
          .body("{\"response\":{\"errors\":[\"Try again\"]}}").build();
    }
    MockResponse.Builder response = new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(page(url, page, size));
    AtomicInteger cuts = cutsBeforeSuccess.get(page);
    if (cuts != null && cuts.getAndDecrement() > 0) {
      response.onResponseBody(new SocketEffect.CloseSocket());
    }
    return response.build();
  }

  String page(HttpUrl url, int page, int size) {
    int first = page * size;
    int last = Math.min(total, first + size);
    StringBuilder json = new StringBuilder(128 + (last - first) * 96);
    String self = url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
    json.append("{\"uri\":\"").append(self)
        .append("\",\"firstpageuri\":\"").append(link(url, 0, size))
        .append("\",\"nextpageuri\":").append(last < total ? "\"" + link(url, page + 1, size) + "\"" : "null")
        .append(",\"previouspageuri\":").append(page > 0 ? "\"" + link(url, page - 1, size) + "\"" : "null")
        .append(",\"page\":").append(page)
        .append(",\"pagesize\":").append(size)
        .append(",\"totalResults\":").append(total)
        .append(",\"supporters\":[");
    for (int i = first; i < last; i++) {
      if (i > first) {
        json.append(',');
      }
      json.append("{\"id\":\"").append(i).append("\",\"firstName\":\"First").append(i)
          .append("\",\"lastName\":\"Last\",\"email\":\"s").append(i).append("@example.org\",\"emailOptin\":\"yes\"}");
    }
    return json.append("]}").toString();
  }

  private static String link(HttpUrl url, int page, int size) {
    HttpUrl.Builder link = url.newBuilder().setQueryParameter("page", Integer.toString(page))
        .setQueryParameter("pagesize", Integer.toString(size));
    HttpUrl built = link.build();
    return built.encodedPath() + "?" + built.encodedQuery();
  }
}
