package io.github.rallycongress.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.sandbox.RallySandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Syncs run again and again while writers create and update supporters (names, addresses, phones,
 * opt-in) through injected 500/503s, dropped connections and 429s; after the writers stop and one
 * quiet run, the database equals the sandbox field by field, and holds no supporter the sandbox
 * lacks.
 */
class ConvergenceTest {
  private static final int SUPPORTERS = 800;
  /** Pages the sync commits while the writers write; they stop then (or after MAX_WRITES each). */
  private static final int PAGES_WHILE_WRITING = 60;
  /** Writes allowed per committed page: as many as a page holds, so runs do not dwindle to one page. */
  private static final int WRITES_PER_PAGE = 10;
  /** A bound on each writer's loop, far above what the runs take, so it ends whatever happens. */
  private static final int MAX_WRITES = 5_000;
  private static final String[] STREETS = {"1 Main Street", "22 Oak Avenue", "350 Fifth Avenue", "9 Elm Road"};
  private static final String[] ZIPS = {"12207", "10001", "78701", "43215"};
  private static final EmailOptin[] OPTINS = {EmailOptin.YES, EmailOptin.NO, EmailOptin.PENDING, EmailOptin.UNSUBSCRIBED};
  private static final AddressType[] TYPES = {AddressType.HOME, AddressType.WORK, AddressType.VACATION};

  @TempDir Path folder;

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theDatabaseConvergesToTheSandboxUnderChangesAndFaults(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (RallySandbox sandbox = RallySandbox.builder().supporters(SUPPORTERS).seed(21)
        .serverErrorRate(0.04).droppedConnectionRate(0.02)
        // Two writers and the sync: now and then a third request finds both slots taken (429).
        .maxConcurrentRequests(2)
        .build().start()) {
      RallyCongress rally = SandboxWrites.client(sandbox);
      // Small pages, so that a run lasts several seconds while the writers write, and an overlap
      // shorter than that: what makes the copy converge is the watermark, not a wide margin.
      // Writers write WRITES_PER_PAGE supporters per committed page: the writes land while runs
      // are reading, before and after the page that lists them.
      Semaphore writesAllowed = new Semaphore(0);
      AtomicInteger pages = new AtomicInteger();
      SupporterSync sync = SupporterSync.builder(rally, db.dataSource).pageSize(10).overlap(Duration.ofSeconds(1))
          .onPage(progress -> {
            pages.incrementAndGet();
            writesAllowed.release(WRITES_PER_PAGE);
          })
          .build();

      // The first copy in large pages, before anyone writes.
      SupporterSync.builder(rally, db.dataSource).pageSize(1000).build().run();
      AtomicInteger writes = new AtomicInteger();
      AtomicInteger runs = new AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        Thread thread = new Thread(() -> write(rally, writer, writes, pages, writesAllowed), "writer-" + w);
        writers.add(thread);
        thread.start();
      }
      int failedRuns = 0;
      while (writers.stream().anyMatch(Thread::isAlive)) {
        try {
          sync.run();
        } catch (Exception e) {
          failedRuns++; // retries used up: the next run resumes from the last committed page
        }
        runs.incrementAndGet();
      }
      for (Thread writer : writers) {
        writer.join();
      }

      SyncResult quiet = quietRun(sync);

      assertThat(runs.get()).as("runs while writing").isGreaterThanOrEqualTo(3);
      assertThat(quiet.complete()).isTrue();
      assertThat(Rows.differences(Rows.supporters(db.dataSource), Rows.listed(rally))).isEmpty();
      System.out.printf("convergence (%s): %d runs, %d pages while writing (%d runs failed), %d writes, %d requests%n",
          kind, runs.get(), pages.get(), failedRuns, writes.get(), sandbox.requestCount());
    }
  }

  private static SyncResult quietRun(SupporterSync sync) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return sync.run();
      } catch (Exception e) {
        last = e;
      }
    }
    throw last;
  }

  /** Creates and updates supporters; an answer lost to a fault is fine, the sandbox's state is the truth. */
  private static void write(RallyCongress rally, int writer, AtomicInteger writes, AtomicInteger pages,
      Semaphore allowed) {
    SplittableRandom random = new SplittableRandom(writer);
    for (int i = 0; i < MAX_WRITES && pages.get() < PAGES_WHILE_WRITING; i++) {
      try {
        if (!allowed.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          continue; // no page committed lately: look at the runs again
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      String id = Integer.toString(1_000_000 + random.nextInt(SUPPORTERS));
      try {
        switch (random.nextInt(3)) {
          case 0 -> SandboxWrites.rename(rally, id, "W" + writer + "n" + i);
          case 1 -> SandboxWrites.move(rally, id, TYPES[random.nextInt(TYPES.length)],
              STREETS[random.nextInt(STREETS.length)], ZIPS[random.nextInt(ZIPS.length)],
              "518-555-" + String.format(java.util.Locale.ROOT, "%04d", random.nextInt(10_000)), OPTINS[random.nextInt(OPTINS.length)]);
          default -> SandboxWrites.create(rally, "w" + writer + "." + i + "@example.org", "New" + i,
              STREETS[random.nextInt(STREETS.length)], ZIPS[random.nextInt(ZIPS.length)]);
        }
        writes.incrementAndGet();
      } catch (RuntimeException e) {
        // an injected 500 or a dropped connection: the POST is not retried, the sandbox did nothing
      }
    }
  }
}
