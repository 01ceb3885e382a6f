package io.github.rallycongress.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * New rows for one table, gathered through a page and sent at its end: as PostgreSQL's COPY where
 * the connection is the PostgreSQL driver's and the table allows it ({@link CopyInsert}), as
 * multi-row INSERTs otherwise ({@link MultiRowInsert}).
 *
 * @param <T> a row
 */
interface TableInsert<T> extends AutoCloseable {
  /** Adds a row. */
  void add(T row) throws SQLException;

  /** Sends the rows added since the last call, in this transaction. */
  void execute() throws SQLException;

  @Override
  void close() throws SQLException;

  /** The fastest way {@code connection} has to insert into {@code table}. */
  static <T> TableInsert<T> of(Connection connection, Database database, String table, List<String> columns,
      RowWriter.Columns<T> values) throws SQLException {
    if (database == Database.POSTGRESQL && CopyInsert.canCopy(connection, table)) {
      return new CopyInsert<>(connection, database, table, columns, values);
    }
    return new MultiRowInsert<>(connection, database, table, columns, values);
  }
}
