package io.github.rallycongress.sync;

import io.github.rallycongress.client.RallyCongress;
import java.io.IOException;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A supporter list of hand-written JSON on a real socket, served as the spec pages it, with the
 * {@code Date} header the test sets: for what the sandbox cannot do (serve an older copy of a
 * supporter, stop listing one, send values and properties the spec does not name).
 */
final class ListingServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private volatile IntFunction<String> supporters = i -> {
    throw new IndexOutOfBoundsException();
  };
  private volatile int count;
  private static final Pattern UPDATED_AT = Pattern.compile("\"updatedAt\":\"([^\"]+)\"");
  private volatile String date = "Sat, 10 Jan 2026 12:00:00 GMT";
  private volatile boolean filtersByUpdatedSince;
  private volatile String lastNext = "null";
  private volatile boolean emptyPagesLinkOn;
  private volatile IntConsumer beforePage = page -> { };
  /** The path of the pages' links ({@code uri}, {@code nextpageuri}...); any path is answered. */
  private volatile String linkPath = "/v3/supporters";
  final AtomicInteger requests = new AtomicInteger();
  /** The {@code updatedSince} of each request, as sent ({@code null} where there was none). */
  final List<String> updatedSince = new CopyOnWriteArrayList<>();

  ListingServer() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        updatedSince.add(request.getUrl().queryParameter("updatedSince"));
        beforePage.accept(Integer.parseInt(value(request.getUrl().queryParameter("page"), "0")));
        return page(request);
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  /** What the next requests list, each a supporter's JSON object. */
  void list(String... supporterJson) {
    List<String> list = List.of(supporterJson);
    count = 0;
    supporters = list::get;
    count = list.size();
  }

  /** {@code count} supporters made as they are asked for (id 1000000 and up): a list larger than the heaps. */
  void listMade(int count) {
    this.count = 0;
    supporters = i -> supporter(Integer.toString(1_000_000 + i), "S" + i, "2026-01-01T00:00:00Z");
    this.count = count;
  }

  /** The last page's {@code nextpageuri} as JSON: {@code null} unless set ({@code ""} is allowed too). */
  void lastNextPageUri(String json) {
    lastNext = json;
  }

  /** Called with the page number before each page is answered, on the server's thread; may block. */
  void beforePage(IntConsumer hook) {
    beforePage = hook;
  }

  /** Every page links to the next, the empty ones past the end too (up to page 200, so a test ends). */
  void emptyPagesLinkOn() {
    emptyPagesLinkOn = true;
  }

  /** The path the pages link to, such as {@code /v3/supporters/pages}: a server's own choice on its origin. */
  void linkPath(String path) {
    linkPath = path;
  }

  /** The {@code Date} header of the answers, as sent; null sends none. */
  void date(String httpDate) {
    date = httpDate;
  }

  /**
   * Lists only the supporters whose {@code updatedAt} is at or after a request's {@code updatedSince}
   * (inclusive, as the spec infers), in the order listed; by default every supporter is listed.
   */
  void filterByUpdatedSince() {
    filtersByUpdatedSince = true;
  }

  String baseUrl() {
    return server.url("/v3/").toString();
  }

  RallyCongress client() {
    return client("AC1");
  }

  RallyCongress client(String accountId) {
    return RallyCongress.builder().baseUrl(server.url("/v3/").toString()).credentials(accountId, "token")
        .retryPolicy(SandboxWrites.QUICK_RETRIES).build();
  }

  static String supporter(String id, String firstName, String updatedAt) {
    return "{\"id\":\"" + id + "\",\"firstName\":\"" + firstName + "\",\"email\":\"s" + id + "@example.org\","
        + "\"addresses\":[{\"addressType\":\"Home\",\"city\":\"Albany\",\"state\":\"NY\",\"zipcode\":\"12207\"}],"
        + "\"phones\":[{\"telephone\":\"518-555-0147\",\"addressType\":\"Home\"}],"
        + "\"updatedAt\":\"" + updatedAt + "\"}";
  }

  private MockResponse page(RecordedRequest request) {
    int page = Integer.parseInt(value(request.getUrl().queryParameter("page"), "0"));
    int size = Integer.parseInt(value(request.getUrl().queryParameter("pagesize"), "50"));
    IntFunction<String> all = supporters;
    int total = count;
    String since = request.getUrl().queryParameter("updatedSince");
    if (filtersByUpdatedSince && since != null) {
      List<String> matching = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        Matcher updatedAt = UPDATED_AT.matcher(all.apply(i));
        if (updatedAt.find() && !OffsetDateTime.parse(updatedAt.group(1)).isBefore(OffsetDateTime.parse(since))) {
          matching.add(all.apply(i));
        }
      }
      all = matching::get;
      total = matching.size();
    }
    List<String> items = new ArrayList<>();
    for (int i = page * size; i < total && i < (page + 1) * size; i++) {
      items.add(all.apply(i));
    }
    boolean last = emptyPagesLinkOn ? page >= 200 : (page + 1) * size >= total;
    String body = "{\"uri\":\"" + uri(page, size) + "\",\"firstpageuri\":\"" + uri(0, size) + "\","
        + "\"nextpageuri\":" + (last ? lastNext : "\"" + uri(page + 1, size) + "\"") + ","
        + "\"previouspageuri\":" + (page == 0 ? "null" : "\"" + uri(page - 1, size) + "\"") + ","
        + "\"page\":" + page + ",\"pagesize\":" + size + ",\"totalResults\":" + total + ","
        + "\"supporters\":[" + String.join(",", items) + "]}";
    MockResponse.Builder response = new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json");
    String httpDate = date;
    if (httpDate != null) {
      response.setHeader("Date", httpDate);
    }
    return response.body(body).build();
  }

  private String uri(int page, int size) {
    return linkPath + "?page=" + page + "&pagesize=" + size;
  }

  private static String value(String text, String fallback) {
    return text == null ? fallback : text;
  }

  @Override
  public void close() {
    server.close();
  }
}
