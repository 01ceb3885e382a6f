package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An application's connection pool (HikariCP) as the sync's data source, as apps hand it over. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionPoolTest {
  @TempDir Path folder;

  private static HikariDataSource pool(TestDatabase db, int size) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(db.dataSource);
    config.setMaximumPoolSize(size);
    // Hikari's default is 30 s: a sync waiting for a connection it holds itself fails within this.
    config.setConnectionTimeout(2_000);
    return new HikariDataSource(config);
  }

  /**
   * A run holds one connection; creating the tables took three at once on PostgreSQL (the
   * migration's lock, and Flyway's two), so a pool of one or two failed the first run, and the
   * first after an upgrade, once the pool gave up waiting for a connection the sync held itself.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aPoolOfOneConnectionCreatesTheTablesAndSyncs(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = TestDatabase.create(kind, folder);
    try (ListingServer server = new ListingServer(); HikariDataSource pool = pool(db, 1)) {
      server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"),
          supporter("3", "Three", "2026-01-01T00:00:00Z"));
      SupporterSync sync = SupporterSync.builder(server.client(), pool).pageSize(2).build();

      assertThat(sync.nextUpdatedSince()).isEmpty();
      SyncResult first = sync.run();
      SyncResult second = sync.run();

      assertThat(first.complete()).isTrue();
      assertThat(first.inserted()).isEqualTo(3);
      assertThat(second.mode()).isEqualTo(SyncResult.Mode.INCREMENTAL);
      assertThat(second.unchanged()).isEqualTo(3);
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
      assertThat(Rows.supporters(db.dataSource)).containsOnlyKeys("1", "2", "3");
    }
  }
}
