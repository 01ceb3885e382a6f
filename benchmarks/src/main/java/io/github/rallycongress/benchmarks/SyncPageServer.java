package io.github.rallycongress.benchmarks;

import io.github.rallycongress.sandbox.NoDelayServerSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;

/**
 * The supporter list a sync reads, on loopback: {@code total} supporters with ids 1000000 and up,
 * each the bytes of one of the page server's realistic supporters with its own id, in the spec's
 * pages, with a {@code Date} header. {@link #changeOnePercent()} then updates every hundredth
 * supporter (a new first name and {@code updatedAt}) and moves the server's clock on; a request
 * with {@code updatedSince} after every original stamp lists exactly the changed ones.
 */
final class SyncPageServer implements AutoCloseable {
  /** The server's clock during the full sync, and after the change; the originals are all older. */
  static final OffsetDateTime START = OffsetDateTime.parse("2026-01-10T12:00:00Z");
  static final OffsetDateTime CHANGED_AT = OffsetDateTime.parse("2026-01-11T12:00:00Z");
  private static final OffsetDateTime NEWEST_ORIGINAL = OffsetDateTime.parse("2025-12-31T23:59:59Z");
  private static final String EXPECTED_AUTHORIZATION = Credentials.basic(PageServer.ACCOUNT_ID, PageServer.AUTH_TOKEN);

  private final MockWebServer server = new MockWebServer();
  private final int total;
  /** Each template split around the digits of its id: the text before them, and after. */
  private final List<ByteString> befores = new ArrayList<>();
  private final List<ByteString> afters = new ArrayList<>();
  private final List<ByteString> changedBefores = new ArrayList<>();
  private final List<ByteString> changedAfters = new ArrayList<>();
  private volatile boolean changed;

  private SyncPageServer(int total, List<ByteString> templates) {
    this.total = total;
    for (ByteString template : templates) {
      String json = template.utf8();
      String changedJson = json
          .replaceFirst("\"firstName\":\"[^\"]*\"", "\"firstName\":\"Changed\"")
          .replaceFirst("\"updatedAt\":\"[^\"]*\"", "\"updatedAt\":\"" + CHANGED_AT.toInstant() + "\"");
      split(json, befores, afters);
      split(changedJson, changedBefores, changedAfters);
    }
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return respond(request);
      }
    });
  }

  /** Kept as bytes, so that serving a page costs copies, not an encoding. */
  private static void split(String json, List<ByteString> befores, List<ByteString> afters) {
    String key = "\"id\":\"";
    int start = json.indexOf(key);
    if (start < 0) {
      throw new IllegalStateException("A supporter without an id: " + json);
    }
    start += key.length();
    befores.add(ByteString.encodeUtf8(json.substring(0, start)));
    afters.add(ByteString.encodeUtf8(json.substring(json.indexOf('"', start))));
  }

  static SyncPageServer start(int total) throws IOException {
    SyncPageServer pages = new SyncPageServer(total, PageServer.realisticSupporters());
    pages.server.start(InetAddress.getByName("127.0.0.1"), 0);
    return pages;
  }

  String baseUrl() {
    return server.url("/v3/").toString();
  }

  /** Every hundredth supporter (index 0, 100, 200, ...) changes; the clock moves to after the change. */
  void changeOnePercent() {
    changed = true;
  }

  int changedCount() {
    return (total + 99) / 100;
  }

  private MockResponse respond(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    if (!EXPECTED_AUTHORIZATION.equals(request.getHeaders().get("Authorization"))) {
      return new MockResponse.Builder().code(401).build();
    }
    if (!url.encodedPath().equals("/v3/supporters")) {
      return new MockResponse.Builder().code(404).build();
    }
    int page = intParameter(url, "page", 0);
    int pageSize = Math.min(intParameter(url, "pagesize", 50), PageServer.MAX_PAGE_SIZE);
    String since = url.queryParameter("updatedSince");
    boolean onlyChanged = false;
    if (since != null) {
      if (!OffsetDateTime.parse(since).isAfter(NEWEST_ORIGINAL)) {
        return new MockResponse.Builder().code(400).body("{\"response\":{\"errors\":[\"This benchmark server"
            + " filters only for changes after " + NEWEST_ORIGINAL + "\"]}}").build();
      }
      onlyChanged = true;
    }
    int listed = onlyChanged ? (changed && !OffsetDateTime.parse(since).isAfter(CHANGED_AT) ? changedCount() : 0) : total;
    long first = (long) page * pageSize;
    int count = (int) Math.max(0, Math.min(pageSize, listed - first));
    boolean last = first + count >= listed;
    String filter = since == null ? "" : "updatedSince=" + since + "&";
    Buffer body = new Buffer().writeUtf8("{\"uri\":\"" + uri(filter, page, pageSize) + "\","
        + "\"firstpageuri\":\"" + uri(filter, 0, pageSize) + "\","
        + "\"nextpageuri\":" + (last ? "null" : "\"" + uri(filter, page + 1, pageSize) + "\"") + ","
        + "\"previouspageuri\":" + (page == 0 ? "null" : "\"" + uri(filter, page - 1, pageSize) + "\"") + ","
        + "\"page\":" + page + ",\"pagesize\":" + pageSize + ",\"totalResults\":" + listed + ",\"supporters\":[");
    for (int i = 0; i < count; i++) {
      long position = first + i;
      int index = (int) (onlyChanged ? position * 100 : position);
      boolean isChanged = changed && index % 100 == 0;
      int template = index % befores.size();
      if (i > 0) {
        body.writeByte(',');
      }
      body.write((isChanged ? changedBefores : befores).get(template)).writeDecimalLong(1_000_000 + index)
          .write((isChanged ? changedAfters : afters).get(template));
    }
    body.writeUtf8("]}");
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .setHeader("Date", httpDate(changed ? CHANGED_AT.plusMinutes(1) : START))
        .body(body)
        .build();
  }

  private static String httpDate(OffsetDateTime time) {
    return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(time);
  }

  private static String uri(String filter, int page, int pageSize) {
    return "/v3/supporters?" + filter + "page=" + page + "&pagesize=" + pageSize;
  }

  private static int intParameter(HttpUrl url, String name, int absent) {
    String value = url.queryParameter(name);
    return value == null ? absent : Integer.parseInt(value);
  }

  @Override
  public void close() {
    server.close();
  }
}
