package io.github.rallycongress.sync;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * One row's values, given in column order: bound to a statement's parameters
 * ({@link StatementParameters}) or written as a line of PostgreSQL's COPY text ({@link CopyInsert}).
 * Each table's columns are then listed once, whichever way its rows go.
 */
interface RowWriter {
  /** Text as sent, or as near as the database can store it ({@link Database#storedText}). */
  void text(@Nullable String value) throws SQLException;

  void integer(int value) throws SQLException;

  void bigint(long value) throws SQLException;

  void date(@Nullable LocalDate value) throws SQLException;

  void instant(@Nullable OffsetDateTime value) throws SQLException;

  /** A JSON document's text, as sent. */
  void json(@Nullable String value) throws SQLException;

  /** How one table's rows of type {@code T} give their values. */
  interface Columns<T> {
    void write(RowWriter values, T row) throws SQLException;
  }
}
