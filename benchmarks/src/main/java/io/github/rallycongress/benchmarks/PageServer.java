package io.github.rallycongress.benchmarks;

import com.squareup.moshi.JsonReader;
import io.github.rallycongress.sandbox.NoDelayServerSockets;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Serves {@code GET /v3/supporters?page=N&pagesize=S} on loopback: {@code total} supporters in
 * pages of the spec's shape, every page carrying the same realistic supporters (taken once from the
 * sandbox) so that serving costs a copy, not a serialisation, and every client reads identical bytes.
 * Any other path answers 404. An optional latency delays each response's headers.
 */
final class PageServer implements AutoCloseable {
  static final String ACCOUNT_ID = RallySandbox.DEFAULT_ACCOUNT_ID;
  static final String AUTH_TOKEN = RallySandbox.DEFAULT_AUTH_TOKEN;
  static final int MAX_PAGE_SIZE = 1000;
  private static final String EXPECTED_AUTHORIZATION = Credentials.basic(ACCOUNT_ID, AUTH_TOKEN);

  private final MockWebServer server = new MockWebServer();
  private final int total;
  private final Duration latency;
  private final List<ByteString> supporters;

  private PageServer(int total, Duration latency, List<ByteString> supporters) {
    this.total = total;
    this.latency = latency;
    this.supporters = supporters;
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return respond(request);
      }
    });
  }

  /** Starts a server of {@code total} supporters; each response waits {@code latency} first. */
  static PageServer start(int total, Duration latency) throws IOException {
    PageServer pages = new PageServer(total, latency, realisticSupporters());
    pages.server.start(InetAddress.getByName("127.0.0.1"), 0);
    return pages;
  }

  /** The base URL to give a client, {@code http://127.0.0.1:PORT/v3/}. */
  String baseUrl() {
    return server.url("/v3/").toString();
  }

  int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private MockResponse respond(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    if (!EXPECTED_AUTHORIZATION.equals(request.getHeaders().get("Authorization"))) {
      // Every client must be configured as a user would: with credentials.
      return new MockResponse.Builder().code(401).build();
    }
    if (!url.encodedPath().equals("/v3/supporters")) {
      return new MockResponse.Builder().code(404).build();
    }
    int page = intParameter(url, "page", 0);
    int pageSize = Math.min(intParameter(url, "pagesize", 50), MAX_PAGE_SIZE);
    MockResponse.Builder response = new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(page(page, pageSize));
    if (!latency.isZero()) {
      response.headersDelay(latency.toMillis(), TimeUnit.MILLISECONDS);
    }
    return response.build();
  }

  /** One page: the envelope of the spec's {@code SupporterPage}, then the shared supporters. */
  Buffer page(int page, int pageSize) {
    long first = (long) page * pageSize;
    int count = (int) Math.max(0, Math.min(pageSize, total - first));
    boolean last = first + count >= total;
    String envelope = "{\"uri\":\"" + uri(page, pageSize) + "\","
        + "\"firstpageuri\":\"" + uri(0, pageSize) + "\","
        + "\"nextpageuri\":" + (last ? "null" : "\"" + uri(page + 1, pageSize) + "\"") + ","
        + "\"previouspageuri\":" + (page == 0 ? "null" : "\"" + uri(page - 1, pageSize) + "\"") + ","
        + "\"page\":" + page + ",\"pagesize\":" + pageSize + ",\"totalResults\":" + total + ",\"supporters\":[";
    Buffer body = new Buffer().writeUtf8(envelope);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body.writeByte(',');
      }
      body.write(supporters.get(i % supporters.size()));
    }
    return body.writeUtf8("]}");
  }

  private static String uri(int page, int pageSize) {
    return "/v3/supporters?page=" + page + "&pagesize=" + pageSize;
  }

  private static int intParameter(HttpUrl url, String name, int absent) {
    String value = url.queryParameter(name);
    return value == null ? absent : Integer.parseInt(value);
  }

  /**
   * A thousand supporters as the sandbox serves them (addresses, phones, dates, enums: the
   * spec's whole shape), each kept as its JSON bytes.
   */
  static List<ByteString> realisticSupporters() throws IOException {
    try (RallySandbox sandbox = RallySandbox.builder().supporters(MAX_PAGE_SIZE).build().start()) {
      OkHttpClient http = new OkHttpClient();
      Request request = new Request.Builder()
          .url(sandbox.baseUrl() + "supporters?pagesize=" + MAX_PAGE_SIZE)
          .header("Authorization", Credentials.basic(sandbox.accountId(), sandbox.authToken()))
          .build();
      String json;
      try (Response response = http.newCall(request).execute()) {
        if (!response.isSuccessful()) {
          throw new IOException("The sandbox answered HTTP " + response.code() + " for " + request.url());
        }
        json = response.body().string();
      } finally {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
      return supportersOf(json);
    }
  }

  /** Each element of the page's {@code supporters} array, byte for byte as the sandbox wrote it. */
  private static List<ByteString> supportersOf(String pageJson) throws IOException {
    List<ByteString> supporters = new ArrayList<>();
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(pageJson))) {
      reader.beginObject();
      while (reader.hasNext()) {
        if (!reader.nextName().equals("supporters")) {
          reader.skipValue();
          continue;
        }
        reader.beginArray();
        while (reader.hasNext()) {
          try (BufferedSource supporter = reader.nextSource()) {
            supporters.add(supporter.readByteString());
          }
        }
        reader.endArray();
      }
    }
    if (supporters.size() != MAX_PAGE_SIZE) {
      throw new IOException("Expected " + MAX_PAGE_SIZE + " supporters from the sandbox, got " + supporters.size());
    }
    return supporters;
  }
}
