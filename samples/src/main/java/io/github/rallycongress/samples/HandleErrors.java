package io.github.rallycongress.samples;

import io.github.rallycongress.client.NotFoundException;
import io.github.rallycongress.client.RallyApiException;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.RateLimitedException;
import io.github.rallycongress.client.RetryPolicy;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.sandbox.RallySandbox;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * App sample: the API's errors are typed exceptions. A wrong id is a {@link NotFoundException};
 * too many requests at once is HTTP 429, which the client's {@link RetryPolicy} retries after the
 * server's {@code Retry-After}, and which reaches you as a {@link RateLimitedException} only when
 * the retries are used up.
 *
 * <p>Run with {@code java -cp samples/target/rally.jar io.github.rallycongress.samples.HandleErrors}:
 * an embedded sandbox, unless {@code RALLY_BASE_URL}, {@code RALLY_ACCOUNT_ID} and
 * {@code RALLY_AUTH_TOKEN} are set.
 */
public final class HandleErrors {
  static final List<String> CAMPAIGNS = List.of("17465", "17502", "17588");

  private HandleErrors() {
  }

  public static void main(String[] args) throws IOException {
    try (Endpoint endpoint = Endpoint.fromEnvironment(busySandbox())) {
      RallyCongress rally = endpoint.client(); // RetryPolicy.defaults(): up to 4 attempts
      System.out.println("Campaign 17465: " + campaignTitle(rally, "17465"));
      System.out.println("Campaign 99999: " + campaignTitle(rally, "99999"));

      System.out.println("Three campaigns at once, with the default retry policy:");
      campaignTitles(rally, CAMPAIGNS).forEach(line -> System.out.println("  " + line));

      RallyCongress impatient = endpoint.clientBuilder()
          .retryPolicy(RetryPolicy.builder().maxAttempts(2).build()) // one retry, then the 429 is yours
          .build();
      System.out.println("The same with at most two attempts each:");
      campaignTitles(impatient, CAMPAIGNS).forEach(line -> System.out.println("  " + line));
    }
  }

  /**
   * A sandbox that answers one request at a time, each taking 500 ms: simultaneous requests get
   * HTTP 429 with {@code Retry-After: 1}, as from a busy API.
   */
  static RallySandbox.Builder busySandbox() {
    return RallySandbox.builder().maxConcurrentRequests(1).latency(Duration.ofMillis(500));
  }

  /** A campaign's title, or what went wrong in words a user can act on. */
  static String campaignTitle(RallyCongress rally, String campaignId) {
    // blockingGet() throws what would reach onError: a RallyApiException subclass as it is, and a
    // network failure's IOException wrapped in a RuntimeException (left to the caller here).
    try {
      return title(rally.campaign(campaignId).blockingGet());
    } catch (NotFoundException e) {
      // Every RallyApiException has the status, the request (never its credentials) and the server's messages.
      return "not found (HTTP " + e.status() + " from " + e.method() + " " + e.path() + "): "
          + String.join(" ", e.errors());
    } catch (RallyApiException e) {
      // Any other status: 400, 401, and 429, 500 or 503 once retries are used up.
      return "failed: " + e.getMessage();
    }
  }

  /**
   * The titles of {@code campaignIds}, requested all at once and listed in order; a campaign still
   * rate limited after the client's retries is listed as such.
   */
  static List<String> campaignTitles(RallyCongress rally, List<String> campaignIds) {
    return Flowable.fromIterable(campaignIds)
        // concatMapEager subscribes to every request at once and keeps the results in order.
        .concatMapEager(id -> rally.campaign(id)
            .map(HandleErrors::title) // not Campaign::getTitle: a mapper must not return null
            .onErrorResumeNext(error -> error instanceof RateLimitedException e
                ? Single.just("rate limited (HTTP " + e.status() + ") after every retry; the server asks to wait "
                    + (e.retryAfter() != null ? e.retryAfter().toSeconds() + " s" : "a while"))
                : Single.error(error))
            .map(line -> id + ": " + line)
            .toFlowable())
        .toList()
        .blockingGet();
  }

  /** A campaign's title, which the API may leave out (the spec does not require it). */
  private static String title(Campaign campaign) {
    return campaign.getTitle() != null ? campaign.getTitle() : "(untitled)";
  }
}
