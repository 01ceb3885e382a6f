package io.github.rallycongress.benchmarks;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.SupporterPage;
import java.io.IOException;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The practical ceiling: a hand-written loop of OkHttp and Moshi, decoding into the same generated
 * models with the same adapters, and nothing else: no Retrofit, no RxJava, no retries, no checks.
 */
final class HandLoopReader implements SupporterReader {
  static final String NAME = "hand";

  private final OkHttpClient http = new OkHttpClient();
  private final JsonAdapter<SupporterPage> pages = GeneratedJson.moshi().adapter(SupporterPage.class);
  private final String authorization = Credentials.basic(PageServer.ACCOUNT_ID, PageServer.AUTH_TOKEN);
  private final HttpUrl firstPage;

  HandLoopReader(String baseUrl, int pageSize) {
    this.firstPage = HttpUrl.get(baseUrl).newBuilder("supporters")
        .addQueryParameter("pagesize", Integer.toString(pageSize))
        .build();
  }

  @Override
  public long readAll() throws IOException {
    long count = 0;
    HttpUrl next = firstPage;
    while (next != null) {
      Request request = new Request.Builder().url(next).header("Authorization", authorization).build();
      SupporterPage page;
      try (Response response = http.newCall(request).execute()) {
        if (!response.isSuccessful()) {
          throw new IOException("HTTP " + response.code() + " for " + request.url());
        }
        page = pages.fromJson(response.body().source());
      }
      count += page.getSupporters().size();
      String nextUri = page.getNextpageuri();
      next = nextUri == null || nextUri.isEmpty() ? null : next.resolve(nextUri);
    }
    return count;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
