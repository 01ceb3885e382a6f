package io.github.rallycongress.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.sandbox.NoDelayServerSockets;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

/**
 * Runs in its own Surefire execution with {@code -Xmx32m} (see the pom): a million supporters in
 * 10,000 pages must stream through a 32 MiB heap, which fails with OutOfMemoryError if anything
 * keeps pages or grows by more than a few bytes per page (the loop check keeps 64-bit URL hashes).
 */
@Tag("small-heap")
class SmallHeapStreamTest {

  @Test
  void aMillionSupportersInTenThousandPagesStreamThroughASmallHeapWithEveryItem() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("max heap").isLessThanOrEqualTo(40L * 1024 * 1024);
    int pages = 10_000;
    int pageSize = 100;
    try (MockWebServer server = new MockWebServer()) {
      server.setServerSocketFactory(new NoDelayServerSockets());
      server.setDispatcher(new PageServer(pages * pageSize, pageSize));
      server.start();
      RallyCongress rally = RallyCongress.builder()
          .credentials("AC123", "secret-token")
          .baseUrl(server.url("/v3/").toString())
          .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build())
          .build();

      AtomicLong count = new AtomicLong();
      AtomicLong idSum = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      rally.supporters(SupporterQuery.all()).subscribe(new FlowableSubscriber<io.github.rallycongress.generated.model.Supporter>() {
        @Override
        public void onSubscribe(Subscription s) {
          s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(io.github.rallycongress.generated.model.Supporter supporter) {
          count.incrementAndGet();
          idSum.addAndGet(Long.parseLong(supporter.getId()));
        }

        @Override
        public void onError(Throwable t) {
          failure.set(t);
          done.countDown();
        }

        @Override
        public void onComplete() {
          done.countDown();
        }
      });

      assertThat(done.await(120, SECONDS))
          .as("finished in time (%s items, %s requests)", count.get(), server.getRequestCount()).isTrue();
      assertThat(failure.get()).isNull();
      long n = (long) pages * pageSize;
      assertThat(count.get()).isEqualTo(n);
      assertThat(idSum.get()).as("every id exactly once").isEqualTo(n * (n - 1) / 2);
      assertThat(server.getRequestCount()).isEqualTo(pages);
    }
  }
}
