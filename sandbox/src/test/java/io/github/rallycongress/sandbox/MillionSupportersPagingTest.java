package io.github.rallycongress.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A million supporters page through in bounded memory. Surefire runs this class alone with
 * {@code -Xmx64m} (see the pom): far less than a million materialized supporters would need
 * (each is a graph of a dozen objects), so a sandbox that kept them would fail here with
 * OutOfMemoryError. The client follows {@code nextpageuri} exactly as given.
 */
class MillionSupportersPagingTest {
  static final int SUPPORTERS = 1_000_000;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void millionSupportersPageThroughOnceEachInBoundedMemory() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("this test must run with a small heap")
        .isLessThanOrEqualTo(80L * 1024 * 1024);
    JsonAdapter<SupporterPage> adapter = GeneratedJson.moshi().adapter(SupporterPage.class);
    try (RallySandbox sandbox = RallySandbox.builder().supporters(SUPPORTERS).seed(1).build().start()) {
      String authorization = Credentials.basic(sandbox.accountId(), sandbox.authToken());
      OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
      HttpUrl base = HttpUrl.get(sandbox.baseUrl());
      BitSet seen = new BitSet(SUPPORTERS);
      String next = "/v3/supporters?pagesize=1000";
      int pages = 0;
      while (next != null && pages <= SUPPORTERS / 1000) { // bounded: one page more than needed
        Request request = new Request.Builder().url(base.resolve(next)).header("Authorization", authorization).build();
        SupporterPage page;
        try (Response response = http.newCall(request).execute()) {
          assertThat(response.code()).isEqualTo(200);
          page = adapter.fromJson(response.body().source());
        }
        assertThat(page.getPage()).isEqualTo(pages);
        assertThat(page.getTotalResults()).isEqualTo(SUPPORTERS);
        assertThat(page.getSupporters()).hasSize(1000);
        for (Supporter supporter : page.getSupporters()) {
          int index = Integer.parseInt(supporter.getId()) - 1_000_000;
          assertThat(seen.get(index)).as("supporter %s arrived twice", supporter.getId()).isFalse();
          seen.set(index);
        }
        next = page.getNextpageuri();
        pages++;
      }
      assertThat(next).isNull();
      assertThat(pages).isEqualTo(1000);
      assertThat(seen.cardinality()).isEqualTo(SUPPORTERS);
      assertThat(sandbox.requestCount()).isEqualTo(1000);
    }
  }
}
