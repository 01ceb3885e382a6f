package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.Campaign;
import java.io.File;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** With a cache directory, GETs revalidate with their ETag and a 304 is answered from the cache. */
@Timeout(value = 20, unit = SECONDS)
class ConditionalRequestTest {
  private static final String CAMPAIGN = "{\"id\":\"17465\",\"title\":\"Protect the Bald Eagle\"}";
  private static final long CACHE_BYTES = 1024 * 1024;

  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  @TempDir File cacheDirectory;

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse campaignWithETag() {
    return json(200, CAMPAIGN).newBuilder().setHeader("ETag", "\"v1\"").build();
  }

  private static MockResponse notModified() {
    return new MockResponse.Builder().code(304).setHeader("ETag", "\"v1\"").build();
  }

  @Test
  void aSecondGetRevalidatesWithIfNoneMatchAndA304ServesTheCachedBody() throws Exception {
    server.enqueue(campaignWithETag());
    server.enqueue(notModified());
    RallyCongress rally = client(server).cacheDirectory(cacheDirectory, CACHE_BYTES).build();

    Campaign first = await(rally.campaign("17465"));
    Campaign second = await(rally.campaign("17465"));

    assertThat(second.getTitle()).isEqualTo("Protect the Bald Eagle").isEqualTo(first.getTitle());
    assertThat(second).isEqualTo(first);
    assertThat(server.takeRequest(1, SECONDS).getHeaders().get("If-None-Match")).isNull();
    RecordedRequest revalidation = server.takeRequest(1, SECONDS);
    assertThat(revalidation.getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");
    assertThat(revalidation.getHeaders().get("Authorization")).isNotNull();
  }

  /**
   * A response that varies on Authorization (common for authenticated APIs) has its cache entry
   * keyed by the request's Authorization header, which OkHttp writes into the entry's file: the
   * credentials would lie on disk, readable by anything that reads the app's cache. Above the
   * network layer, no response carries them: nothing the app is handed (Retrofit's raw response
   * and its networkResponse) holds them either.
   */
  @Test
  void theCacheAndTheResponsesHandedOutNeverHoldTheAuthorizationHeader() throws Exception {
    server.enqueue(campaignWithETag().newBuilder().setHeader("Cache-Control", "private, max-age=600")
        .setHeader("Vary", "Authorization, Accept-Encoding").build());
    RallyCongress rally = client(server).cacheDirectory(cacheDirectory, CACHE_BYTES).build();

    retrofit2.Response<Campaign> response = await(rally.campaignsApi().getCampaign("17465"));
    Campaign again = await(rally.campaign("17465"));

    assertThat(again.getTitle()).isEqualTo("Protect the Bald Eagle");
    assertThat(server.getRequestCount()).as("the second read is answered from the cache").isEqualTo(1);
    assertThat(response.raw().request().header("Authorization")).isNull();
    assertThat(response.raw().networkResponse().request().header("Authorization")).isNull();
    String basic = okhttp3.Credentials.basic(TestClients.ACCOUNT_ID, TestClients.AUTH_TOKEN,
        java.nio.charset.StandardCharsets.UTF_8).substring("Basic ".length());
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(cacheDirectory.toPath())) {
      for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files.filter(java.nio.file.Files::isRegularFile)::iterator) {
        String text = new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).as(file.toString()).doesNotContain(basic).doesNotContain(TestClients.AUTH_TOKEN);
      }
    }
  }

  @Test
  void withoutACacheDirectoryNothingIsRevalidated() throws Exception {
    server.enqueue(campaignWithETag());
    server.enqueue(campaignWithETag());
    RallyCongress rally = client(server).build();

    await(rally.campaign("17465"));
    await(rally.campaign("17465"));

    server.takeRequest(1, SECONDS);
    assertThat(server.takeRequest(1, SECONDS).getHeaders().get("If-None-Match")).isNull();
  }

  /** OkHttp keys a cache by URL alone: an app's client with a cache, shared by two accounts, would mix them. */
  @Test
  void accountsSharingAnAppsClientWithACacheDoNotShareCachedBodies() throws Exception {
    server.enqueue(json(200, CAMPAIGN).newBuilder().setHeader("Cache-Control", "max-age=60").build());
    server.enqueue(json(200, CAMPAIGN).newBuilder().setHeader("Cache-Control", "max-age=60").build());
    okhttp3.OkHttpClient app = new okhttp3.OkHttpClient.Builder()
        .cache(new okhttp3.Cache(cacheDirectory, CACHE_BYTES)).build();
    RallyCongress first = client(server).okHttpClient(app).build();
    RallyCongress other = client(server).credentials("AC-OTHER", "other-token").okHttpClient(app).build();

    await(first.campaign("17465"));
    await(other.campaign("17465"));

    assertThat(server.getRequestCount()).isEqualTo(2);
    server.takeRequest(1, SECONDS);
    assertThat(server.takeRequest(1, SECONDS).getHeaders().get("Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("AC-OTHER", "other-token", java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void accountsSharingADirectoryDoNotShareCachedBodies() throws Exception {
    server.enqueue(campaignWithETag());
    server.enqueue(campaignWithETag());
    RallyCongress first = client(server).cacheDirectory(cacheDirectory, CACHE_BYTES).build();
    RallyCongress other = client(server).credentials("AC-OTHER", "other-token")
        .cacheDirectory(cacheDirectory, CACHE_BYTES).build();

    await(first.campaign("17465"));
    await(other.campaign("17465"));

    server.takeRequest(1, SECONDS);
    assertThat(server.takeRequest(1, SECONDS).getHeaders().get("If-None-Match")).isNull();
  }
}
