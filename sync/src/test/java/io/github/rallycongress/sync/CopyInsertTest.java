package io.github.rallycongress.sync;

import static io.github.rallycongress.sync.ListingServer.supporter;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * On PostgreSQL new rows go as COPY text, which has escapes of its own: every value reads back
 * exactly as the same rows sent as INSERTs (the driver's parameters) read back, and as sent.
 */
class CopyInsertTest {
  @TempDir Path folder;

  @Test
  void everyValueReadsBackAsItDoesThroughInserts() throws Exception {
    try (ListingServer server = new ListingServer()) {
      server.list(
          // COPY's own escapes and markers, as values: backslash, tab, newline, carriage return, \N, \.,
          // an octal escape (\200)
          supporter("back\\\\slash", "Tab\\there", "2026-01-01T00:00:00.1234567Z")
              .replace("\"email\":", "\"middleName\":\"\\\\N\",\"suffix\":\"\\\\.\",\"prefix\":\"\\\\200\",\"email\":"),
          supporter("2", "New\\nline and\\r return", "9999-12-31T23:59:59.9999999Z")
              .replace("\"phones\"", "\"score\":\"a\\\\b\\t\\n\\\"q\\\"\",\"phones\"")
              .replace("\"city\"", "\"ward\":\"x\\\\y\",\"city\""),
          supporter("3", "Emoji \uD83D\uDE00, an unpaired \\ud800, A\\u0000B", "0001-01-01T00:00:00Z")
              .replace("\"email\":", "\"joinDate\":\"0001-01-01\",\"email\":"),
          supporter("4", "Last day", "2026-01-01T00:00:00+05:30")
              .replace("\"email\":", "\"joinDate\":\"9999-12-31\",\"email\":"),
          // Outside the years COPY text is written for here: this row goes as an INSERT.
          supporter("5", "Year zero", "2026-01-01T00:00:00Z")
              .replace("\"email\":", "\"joinDate\":\"0000-06-15\",\"email\":"));
      TestDatabase copied = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, folder);
      TestDatabase inserted = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, folder);
      AtomicBoolean unwrapped = new AtomicBoolean();

      SyncResult viaCopy = SupporterSync.builder(server.client(), watchingUnwrap(copied.dataSource, unwrapped))
          .build().run();
      SyncResult viaInserts = SupporterSync.builder(server.client(), withoutCopy(inserted.dataSource)).build().run();

      assertThat(unwrapped).as("the sync asked for the driver's connection, to COPY").isTrue();
      assertThat(viaCopy.inserted()).isEqualTo(5);
      assertThat(viaInserts.inserted()).isEqualTo(5);
      assertSameRows(copied.dataSource, inserted.dataSource);
      assertThat(text(copied, "first_name", "back\\slash")).isEqualTo("Tab\there");
      assertThat(text(copied, "middle_name", "back\\slash")).isEqualTo("\\N");
      assertThat(text(copied, "suffix", "back\\slash")).isEqualTo("\\.");
      assertThat(text(copied, "prefix", "back\\slash")).isEqualTo("\\200");
      assertThat(text(copied, "first_name", "2")).isEqualTo("New\nline and\r return");
      assertThat(text(copied, "first_name", "3")).isEqualTo("Emoji \uD83D\uDE00, an unpaired ?, A\uFFFDB");
      assertThat(text(copied, "join_date::text", "5")).isEqualTo("0001-06-15 BC");
      assertThat(Rows.value(copied.dataSource, "SELECT unknown_properties::text FROM supporter WHERE id = '2'"))
          .isEqualTo("{\"score\":\"a\\\\b\\t\\n\\\"q\\\"\"}");
      assertThat(Rows.value(copied.dataSource, "SELECT unknown_properties::text FROM supporter_address"
          + " WHERE supporter_id = '2'")).isEqualTo("{\"ward\":\"x\\\\y\"}");
      assertThat(Rows.value(copied.dataSource, "SELECT to_char(updated_at AT TIME ZONE 'UTC',"
          + " 'YYYY-MM-DD HH24:MI:SS.US') FROM supporter WHERE id = '2'")).isEqualTo("9999-12-31 23:59:59.999999");
      assertThat(Rows.value(copied.dataSource, "SELECT join_date::text FROM supporter WHERE id = '3'"))
          .isEqualTo("0001-01-01");

      // Read again, nothing differs: the hashes of what was sent match what is stored.
      assertThat(SupporterSync.builder(server.client(), copied.dataSource).build().runFull().unchanged())
          .isEqualTo(5);
    }
  }

  /**
   * A role under row-level security on the sync's tables (a database shared by tenants): the
   * server refuses it COPY FROM ("COPY FROM not supported with row-level security"), and the sync
   * sends its rows as INSERTs, which the policies let through.
   */
  @Test
  void aRoleUnderRowLevelSecurityGetsItsRowsInserted() throws Exception {
    try (ListingServer server = new ListingServer()) {
      TestDatabase reference = twoSupportersCopiedThroughCopy(server);
      TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, folder);
      Database.POSTGRESQL.migrate(db.dataSource);
      String role = "sync_tenant_" + ProcessHandle.current().pid();
      execute(db.dataSource, "CREATE ROLE " + role + " LOGIN PASSWORD 'tenant'",
          "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
      for (String table : List.of("supporter", "supporter_address", "supporter_phone")) {
        execute(db.dataSource, "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY tenant ON " + table + " USING (true) WITH CHECK (true)");
      }
      try {
        PGSimpleDataSource asRole = new PGSimpleDataSource();
        asRole.setURL(((PGSimpleDataSource) db.dataSource).getURL());
        asRole.setUser(role);
        asRole.setPassword("tenant");

        SyncResult result = SupporterSync.builder(server.client(), asRole).build().run();

        assertThat(result.inserted()).isEqualTo(2);
        assertSameRows(db.dataSource, reference.dataSource);
      } finally {
        execute(db.dataSource, "DROP OWNED BY " + role, "DROP ROLE " + role);
      }
    }
  }

  /**
   * A pool's wrapper that says it wraps the driver's connection but refuses to give it up (JDBC
   * forbids this, but a proxy that checks its caller does it): the sync sends INSERTs, and the run
   * ends as it does on the driver's own connection.
   */
  @Test
  void aWrapperThatWillNotUnwrapGetsItsRowsInserted() throws Exception {
    try (ListingServer server = new ListingServer()) {
      TestDatabase reference = twoSupportersCopiedThroughCopy(server);
      TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, folder);
      DataSource refusing = connections(db.dataSource, connection -> proxy(Connection.class, (method, args) -> {
        if (method.getName().equals("unwrap")) {
          throw new SQLException("not given to this caller");
        }
        return invoke(connection, method, args);
      }));

      SyncResult result = SupporterSync.builder(server.client(), refusing).build().run();

      assertThat(result.inserted()).isEqualTo(2);
      assertSameRows(db.dataSource, reference.dataSource);
    }
  }

  /** Lists two supporters on {@code server} and syncs them into a new database, by COPY: what other paths must match. */
  private TestDatabase twoSupportersCopiedThroughCopy(ListingServer server) throws Exception {
    server.list(supporter("1", "One", "2026-01-01T00:00:00Z"), supporter("2", "Two", "2026-01-01T00:00:00Z"));
    TestDatabase reference = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, folder);
    SupporterSync.builder(server.client(), reference.dataSource).build().run();
    return reference;
  }

  /** The sync's three tables hold the same rows in {@code actual} as in {@code expected}. */
  private static void assertSameRows(DataSource actual, DataSource expected) throws SQLException {
    for (Map.Entry<String, String> table : Map.of("supporter", "id", "supporter_address", "supporter_id, position",
        "supporter_phone", "supporter_id, position").entrySet()) {
      assertThat(Rows.dump(actual, table.getKey(), table.getValue()))
          .as(table.getKey())
          .isEqualTo(Rows.dump(expected, table.getKey(), table.getValue()));
    }
  }

  private static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The {@code column} of supporter {@code id}, as text. */
  private static String text(TestDatabase db, String column, String id) throws Exception {
    try (Connection connection = db.dataSource.getConnection();
         PreparedStatement select = connection.prepareStatement("SELECT " + column + " FROM supporter WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).as("supporter " + id).isTrue();
        return row.getString(1);
      }
    }
  }

  /** {@code target}, noting when a connection is asked for the driver's own. */
  private static DataSource watchingUnwrap(DataSource target, AtomicBoolean unwrapped) {
    return connections(target, connection -> proxy(Connection.class, (method, args) -> {
      if (method.getName().equals("unwrap") && args[0] == PGConnection.class) {
        unwrapped.set(true);
      }
      return invoke(connection, method, args);
    }));
  }

  /** {@code target}, whose connections do not let the driver's own be reached: the sync then sends INSERTs. */
  static DataSource withoutCopy(DataSource target) {
    return connections(target, connection -> proxy(Connection.class, (method, args) -> {
      if (method.getName().equals("isWrapperFor")) {
        return false;
      }
      return invoke(connection, method, args);
    }));
  }

  private interface Wrap {
    Connection wrap(Connection connection);
  }

  private static DataSource connections(DataSource target, Wrap wrap) {
    return proxy(DataSource.class, (method, args) -> {
      Object result = invoke(target, method, args);
      return result instanceof Connection connection ? wrap.wrap(connection) : result;
    });
  }

  private interface Handler {
    Object handle(java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Handler handler) {
    return type.cast(Proxy.newProxyInstance(CopyInsertTest.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> handler.handle(method, args)));
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

}
