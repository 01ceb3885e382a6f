package io.github.rallycongress.sync;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** A row's values bound to a statement's parameters, from a first one on; reused from row to row. */
final class StatementParameters implements RowWriter {
  private final Database database;
  private @Nullable PreparedStatement statement;
  private int next;

  StatementParameters(Database database) {
    this.database = database;
  }

  /** The row's first value goes to parameter {@code first} of {@code statement}, the next to the one after. */
  StatementParameters at(PreparedStatement statement, int first) {
    this.statement = statement;
    this.next = first;
    return this;
  }

  private PreparedStatement statement() {
    PreparedStatement current = statement;
    if (current == null) {
      throw new IllegalStateException("at(statement, first) was not called");
    }
    return current;
  }

  @Override
  public void text(@Nullable String value) throws SQLException {
    database.setText(statement(), next++, value);
  }

  @Override
  public void integer(int value) throws SQLException {
    statement().setInt(next++, value);
  }

  @Override
  public void bigint(long value) throws SQLException {
    statement().setLong(next++, value);
  }

  @Override
  public void date(@Nullable LocalDate value) throws SQLException {
    database.setDate(statement(), next++, value);
  }

  @Override
  public void instant(@Nullable OffsetDateTime value) throws SQLException {
    database.setInstant(statement(), next++, value);
  }

  @Override
  public void json(@Nullable String value) throws SQLException {
    database.setJson(statement(), next++, value);
  }
}
