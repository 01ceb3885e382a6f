package io.github.rallycongress.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of rows for one table, sent as {@code INSERT … VALUES (…), (…), …} of
 * {@link #ROWS_PER_STATEMENT} rows, and the rest one by one. Through SQLite's driver every
 * statement executed costs its own calls into SQLite (reset, step, changes) and a start of the
 * statement's program; a supporter page of a thousand is then forty statements instead of a
 * thousand. On PostgreSQL, rows go this way only where {@link CopyInsert} cannot take them.
 *
 * @param <T> a row
 */
final class MultiRowInsert<T> implements TableInsert<T> {
  /** Rows per statement: 16 supporters bind 256 values, far under either database's limit (32,766 and 65,535). */
  static final int ROWS_PER_STATEMENT = 16;

  private final PreparedStatement one;
  private final PreparedStatement many;
  private final int columns;
  private final RowWriter.Columns<T> values;
  private final StatementParameters parameters;
  private final List<T> pending = new ArrayList<>(ROWS_PER_STATEMENT);

  /** {@code INSERT INTO table (columns) VALUES …} for the {@code columns}, whose {@code values} each row gives. */
  MultiRowInsert(Connection connection, Database database, String table, List<String> columns,
      RowWriter.Columns<T> values) throws SQLException {
    this.columns = columns.size();
    this.values = values;
    this.parameters = new StatementParameters(database);
    String into = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
    String row = "(?" + ", ?".repeat(columns.size() - 1) + ")";
    one = connection.prepareStatement(into + row);
    PreparedStatement prepared = null;
    try {
      prepared = connection.prepareStatement(into + row + (", " + row).repeat(ROWS_PER_STATEMENT - 1));
    } finally {
      if (prepared == null) {
        one.close();
      }
    }
    many = prepared;
  }

  @Override
  public void add(T row) throws SQLException {
    pending.add(row);
    if (pending.size() == ROWS_PER_STATEMENT) {
      for (int i = 0; i < pending.size(); i++) {
        values.write(parameters.at(many, 1 + i * columns), pending.get(i));
      }
      many.addBatch();
      pending.clear();
    }
  }

  /** Sends the batch in the order the rows were added: full statements first, then the rest. */
  @Override
  public void execute() throws SQLException {
    for (T row : pending) {
      values.write(parameters.at(one, 1), row);
      one.addBatch();
    }
    pending.clear();
    many.executeBatch();
    one.executeBatch();
  }

  @Override
  public void close() throws SQLException {
    try {
      many.close();
    } finally {
      one.close();
    }
  }
}
