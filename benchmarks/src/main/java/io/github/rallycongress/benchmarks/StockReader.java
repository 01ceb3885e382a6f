package io.github.rallycongress.benchmarks;

import io.github.rallycongress.benchmarks.stock.ApiClient;
import io.github.rallycongress.benchmarks.stock.api.SupportersApi;
import io.github.rallycongress.benchmarks.stock.model.SupporterPage;
import java.io.IOException;
import retrofit2.Response;

/**
 * What a user gets without us: the client OpenAPI Generator's stock java/retrofit2 generator (Gson)
 * makes from our spec, set up as its ApiClient intends and paged by a plain loop over page numbers,
 * stopping when {@code nextpageuri} is null.
 */
final class StockReader implements SupporterReader {
  static final String NAME = "stock";

  private final SupportersApi supporters;
  private final int pageSize;

  StockReader(String baseUrl, int pageSize) {
    ApiClient api = new ApiClient("basicAuth", PageServer.ACCOUNT_ID, PageServer.AUTH_TOKEN);
    api.getAdapterBuilder().baseUrl(baseUrl);
    this.supporters = api.createService(SupportersApi.class);
    this.pageSize = pageSize;
  }

  @Override
  public long readAll() throws IOException {
    long count = 0;
    for (int number = 0; ; number++) {
      Response<SupporterPage> response = supporters.listSupporters(null, null, null, null, null, null, null, null,
          null, null, null, number, pageSize).execute();
      SupporterPage page = response.body();
      if (!response.isSuccessful() || page == null) {
        throw new IOException("HTTP " + response.code() + " for page " + number);
      }
      count += page.getSupporters().size();
      if (page.getNextpageuri() == null) {
        return count;
      }
    }
  }

  @Override
  public void close() {
    // The generated ApiClient offers no way to release its OkHttpClient; its threads are daemons.
  }
}
