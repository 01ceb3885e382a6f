package io.github.rallycongress.benchmarks;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.sync.SupporterSync;
import io.github.rallycongress.sync.SyncResult;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One measured step of the sync benchmark, in a JVM of its own:
 * {@code SyncRun count BASE_URL PAGE_SIZE} reads the supporters stream and counts it (the plain
 * read); {@code SyncRun insert BASE_URL PAGE_SIZE JDBC_URL} writes it with {@link PlainInsert};
 * {@code SyncRun sync BASE_URL PAGE_SIZE JDBC_URL} runs {@code SupporterSync.run()}. Prints
 * {@code sync items=N nanos=T inserted=I updated=U unchanged=C cpuNanos=P}, then the heap line of
 * {@link ClientRun}, and exits. {@code T} is the step's wall time and {@code P} the CPU time (user
 * and system) of this whole JVM over the same interval: every thread, the JIT's and the
 * collector's too, and SQLite's, which runs inside it.
 */
final class SyncRun {
  private SyncRun() {
  }

  public static void main(String[] args) throws Exception {
    AtomicLong maxLiveAfterGc = ClientRun.watchLiveHeap();
    RallyCongress rally = RallyCongress.builder().baseUrl(args[1])
        .credentials(PageServer.ACCOUNT_ID, PageServer.AUTH_TOKEN).build();
    int pageSize = Integer.parseInt(args[2]);
    long startCpu = processCpuNanos();
    long start = System.nanoTime();
    String line;
    if (args[0].equals("count")) {
      long items = rally.supporters(SupporterQuery.all(), PageOptions.builder().pageSize(pageSize).build())
          .count().blockingGet();
      line = "sync items=" + items + " nanos=" + (System.nanoTime() - start) + " inserted=0 updated=0 unchanged=0";
    } else if (args[0].equals("insert")) {
      long items = PlainInsert.run(rally, pageSize, dataSource(args[3]));
      line = "sync items=" + items + " nanos=" + (System.nanoTime() - start) + " inserted=" + items
          + " updated=0 unchanged=0";
    } else {
      SyncResult result = SupporterSync.builder(rally, dataSource(args[3])).pageSize(pageSize).build().run();
      line = "sync items=" + result.read() + " nanos=" + (System.nanoTime() - start) + " inserted=" + result.inserted()
          + " updated=" + result.updated() + " unchanged=" + result.unchanged();
    }
    System.out.println(line + " cpuNanos=" + (processCpuNanos() - startCpu));
    System.out.println("heap peakUsed=" + ClientRun.peakHeapUsed() + " maxLiveAfterGc=" + maxLiveAfterGc.get());
    System.out.flush();
    System.exit(0);
  }

  /** This JVM's CPU time so far, user and system, of all its threads. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * As {@code rally sync} opens them: SQLite with its write-ahead log synced at checkpoints and a
   * busy timeout of 10 s, PostgreSQL by URL with batches sent as multi-row inserts.
   */
  static DataSource dataSource(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(10_000);
      SQLiteDataSource dataSource = new SQLiteDataSource(config);
      dataSource.setUrl(url);
      return dataSource;
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setReWriteBatchedInserts(true);
    return dataSource;
  }
}
