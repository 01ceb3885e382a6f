package io.github.rallycongress.samples;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * App sample: an incremental sync. Streams the supporters changed since the last sync, page by page,
 * and stops after a batch: the pages after the batch are never requested.
 *
 * <p>Run with
 * {@code java -cp samples/target/rally.jar io.github.rallycongress.samples.StreamChangedSupporters}:
 * an embedded sandbox, unless {@code RALLY_BASE_URL}, {@code RALLY_ACCOUNT_ID} and
 * {@code RALLY_AUTH_TOKEN} are set.
 */
public final class StreamChangedSupporters {
  static final int PAGE_SIZE = 100;

  private StreamChangedSupporters() {
  }

  public static void main(String[] args) throws IOException {
    try (Endpoint endpoint = Endpoint.fromEnvironment(RallySandbox.builder().supporters(5_000))) {
      OffsetDateTime lastSync = OffsetDateTime.parse("2025-06-01T00:00:00Z");
      long synced = sync(endpoint.client(), lastSync, 25, supporter -> System.out.println(
          supporter.getId() + "  " + supporter.getUpdatedAt() + "  " + supporter.getFirstName() + " "
              + supporter.getLastName()));
      System.out.println(synced + " supporters changed since " + lastSync + " synced; the stream stopped there.");
    }
  }

  /**
   * Hands each supporter updated at or after {@code since} to {@code upsert} as it arrives, at most
   * {@code batch} of them, and returns how many it handed over.
   */
  static long sync(RallyCongress rally, OffsetDateTime since, long batch, Consumer<Supporter> upsert) {
    SupporterQuery changed = SupporterQuery.builder().updatedSince(since).build();
    AtomicLong count = new AtomicLong();
    rally.supporters(changed, PageOptions.builder().pageSize(PAGE_SIZE).build())
        // take() cancels the stream at the batch's last supporter, so no further page is requested.
        // To stop on a condition instead, use takeUntil(supporter -> ...).
        .take(batch)
        // Blocking keeps the sample short; an app subscribes on Schedulers.io() (see SupporterListScreen).
        // The buffer is one page: blockingForEach's default (128 supporters) would read pages ahead
        // of the supporters handed over, up to 128 of them.
        .blockingForEach(supporter -> {
          upsert.accept(supporter);
          count.incrementAndGet();
        }, PAGE_SIZE);
    return count.get();
  }
}
