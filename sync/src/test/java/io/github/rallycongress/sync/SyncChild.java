package io.github.rallycongress.sync;

import io.github.rallycongress.client.RallyCongress;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One {@code run()} in a JVM of its own, for the tests that kill it:
 * {@code SyncChild BASE_URL ACCOUNT TOKEN JDBC_URL PAGE_SIZE}. Prints the result and exits 0.
 */
public final class SyncChild {
  private SyncChild() {
  }

  public static void main(String[] args) throws Exception {
    RallyCongress rally = RallyCongress.builder().baseUrl(args[0]).credentials(args[1], args[2])
        .retryPolicy(SandboxWrites.QUICK_RETRIES).build();
    SyncResult result = SupporterSync.builder(rally, dataSource(args[3])).pageSize(Integer.parseInt(args[4]))
        .build().run();
    System.out.println(result);
    System.exit(0);
  }

  static DataSource dataSource(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return TestDatabase.sqliteDataSource(url);
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setReWriteBatchedInserts(true); // as the rally tool opens PostgreSQL
    return dataSource;
  }
}
