package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database sets the pace: a page is requested only while the one before it is being written. */
class BackpressureTest {
  @TempDir Path folder;

  @Test
  void noPageIsRequestedMoreThanOnePageAheadOfTheDatabase() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      String[] supporters = new String[200];
      for (int i = 0; i < supporters.length; i++) {
        supporters[i] = supporter(Integer.toString(5000 + i), "S" + i, "2026-01-01T00:00:00Z");
      }
      server.list(supporters);
      List<String> aheadAtCommits = new ArrayList<>();
      SupporterSync sync = SupporterSync.builder(server.client(), db.dataSource).pageSize(10).onPage(progress -> {
        if (progress.pages() == 2) {
          // A slow database: give a reader that does not wait for it every chance to run ahead.
          long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
          while (server.requests.get() <= progress.pages() + 1 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
          }
        }
        aheadAtCommits.add(progress.pages() + ":" + (server.requests.get() - progress.pages()));
      }).build();

      SyncResult result = sync.run();

      assertThat(result.pages()).isEqualTo(20);
      // At the commit of page k, pages 1..k were read, and page k+1 at most has been asked for.
      assertThat(aheadAtCommits).allSatisfy(entry -> assertThat(Integer.parseInt(entry.split(":")[1]))
          .as("requests ahead of the database at page %s", entry.split(":")[0]).isLessThanOrEqualTo(1));
    }
  }

  /**
   * The figure: a million supporters (several hundred MB as objects) through a heap of
   * 128 MB. A sync that gathered pages faster than the database takes them would run out of memory.
   */
  @Test
  void aMillionSupportersSyncInA128MegabyteHeap() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.SQLITE, folder);
    try (ListingServer server = new ListingServer()) {
      server.listMade(1_000_000);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path log = folder.resolve("child.log");
      // The test's temporary folder: a child killed at the timeout leaves the driver's native library there.
      Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + folder,
          "-cp", System.getProperty("java.class.path"), SyncChild.class.getName(), server.baseUrl(), "AC1", "token",
          db.url, "1000")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();

      boolean ended = child.waitFor(5, TimeUnit.MINUTES);
      if (!ended) {
        child.destroyForcibly();
      }

      String output = Files.readString(log);
      assertThat(ended).as(output).isTrue();
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).contains("inserted=1000000");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter")).isEqualTo("1000000");
      assertThat(Rows.value(db.dataSource, "SELECT COUNT(*) FROM supporter_phone")).isEqualTo("1000000");
    }
  }
}
