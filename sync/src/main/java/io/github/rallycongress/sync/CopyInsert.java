package io.github.rallycongress.sync;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * New rows for one PostgreSQL table, sent as one {@code COPY … FROM STDIN} a page: the server then
 * parses no statement per row and writes the rows to the table's pages in batches. Inserting
 * 200,000 supporters with an address and a phone each, a page a transaction, took the server 6.9
 * to 8.4 s of CPU as multi-row INSERTs and 5.3 to 5.7 s as COPY; without the foreign keys, whose
 * check runs a query for each address and phone, COPY took 2.0 s.
 *
 * <p>Text goes as COPY's text format: tab between values, {@code \N} for NULL, a backslash before
 * the backslash, tab, newline and carriage return of a value. U+0000 becomes U+FFFD, as
 * {@link Database#setText} does, and the page is encoded in UTF-8, as the driver encodes a bound
 * string (an unpaired surrogate becomes '?'), so a row reads back the same whichever way it went.
 * JSON is written as {@link Database#storedJson} gives it. A row with a date or instant outside
 * the years 1 to 9999 goes as an INSERT instead, whose values the driver writes as it always has.
 * COPY runs a table's triggers and checks its constraints, as INSERTs do, but not its rules
 * ({@code CREATE RULE}).
 *
 * @param <T> a row
 */
final class CopyInsert<T> implements TableInsert<T> {
  private final Connection connection;
  private final Database database;
  private final String table;
  private final List<String> columns;
  private final RowWriter.Columns<T> values;
  private final CopyManager copy;
  private final String sql;
  private final CopyText line = new CopyText();
  private @Nullable MultiRowInsert<T> inserts;

  CopyInsert(Connection connection, Database database, String table, List<String> columns, RowWriter.Columns<T> values)
      throws SQLException {
    this.connection = connection;
    this.database = database;
    this.table = table;
    this.columns = columns;
    this.values = values;
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    this.sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT text)";
  }

  /**
   * Whether rows for {@code table} can go as COPY on {@code connection}: it is the PostgreSQL
   * driver's connection or wraps one (a pool's) and gives it up to {@code unwrap}, and no row-level
   * security applies to the table for this role, under which the server refuses COPY FROM ("COPY
   * FROM not supported with row-level security"). Ends the read it makes, as {@link Store} ends
   * each of its reads.
   */
  static boolean canCopy(Connection connection, String table) throws SQLException {
    try {
      // Both asked: a wrapper may say it wraps the driver's connection and then refuse to give it
      // (a proxy that checks its caller, a pool's leak guard), which JDBC's contract forbids but
      // which must cost a run no more than its speed.
      if (!connection.isWrapperFor(PGConnection.class) || connection.unwrap(PGConnection.class) == null) {
        return false;
      }
    } catch (SQLException | LinkageError | RuntimeException e) {
      return false; // another driver, this one's classes absent, or a wrapper that will not unwrap: INSERTs
    }
    boolean rowSecurity;
    try (PreparedStatement select = connection.prepareStatement("SELECT row_security_active(?::regclass)")) {
      select.setString(1, table);
      try (ResultSet row = select.executeQuery()) {
        rowSecurity = row.next() && row.getBoolean(1);
      }
    }
    connection.commit();
    return !rowSecurity;
  }

  @Override
  public void add(T row) throws SQLException {
    int start = line.text.length();
    line.fits = true;
    line.first = true;
    values.write(line, row);
    if (line.fits) {
      line.text.append('\n');
    } else {
      line.text.setLength(start);
      inserts().add(row);
    }
  }

  private MultiRowInsert<T> inserts() throws SQLException {
    MultiRowInsert<T> current = inserts;
    if (current == null) {
      current = new MultiRowInsert<>(connection, database, table, columns, values);
      inserts = current;
    }
    return current;
  }

  @Override
  public void execute() throws SQLException {
    if (line.text.length() > 0) {
      byte[] page = line.text.toString().getBytes(StandardCharsets.UTF_8);
      line.text.setLength(0);
      try {
        copy.copyIn(sql, new ByteArrayInputStream(page));
      } catch (IOException e) {
        throw new SQLException("Could not send the COPY of " + table + ": " + e.getMessage(), e);
      }
    }
    if (inserts != null) {
      inserts.execute();
    }
  }

  @Override
  public void close() throws SQLException {
    line.text.setLength(0);
    if (inserts != null) {
      inserts.close();
    }
  }

  /** The lines of the rows added since the last COPY. */
  private static final class CopyText implements RowWriter {
    final StringBuilder text = new StringBuilder();
    boolean first;
    /** False once a value cannot be written as COPY text: the row goes as an INSERT. */
    boolean fits;

    private StringBuilder next() {
      if (first) {
        first = false;
      } else {
        text.append('\t');
      }
      return text;
    }

    private void nul() {
      next().append("\\N");
    }

    @Override
    public void text(@Nullable String value) {
      if (value == null) {
        nul();
        return;
      }
      StringBuilder out = next();
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '\t' -> out.append("\\t");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\0' -> out.append('\uFFFD');
          default -> out.append(c);
        }
      }
    }

    @Override
    public void integer(int value) {
      next().append(value);
    }

    @Override
    public void bigint(long value) {
      next().append(value);
    }

    @Override
    public void date(@Nullable LocalDate value) {
      if (value == null) {
        nul();
      } else if (value.getYear() < 1 || value.getYear() > 9999) {
        fits = false;
      } else {
        day(next(), value.getYear(), value.getMonthValue(), value.getDayOfMonth());
      }
    }

    /** {@code YYYY-MM-DD HH:MM:SS.ffffff+00}: the instant as {@link Database#stored} keeps it, in microseconds. */
    @Override
    public void instant(@Nullable OffsetDateTime value) {
      if (value == null) {
        nul();
        return;
      }
      OffsetDateTime utc = Database.POSTGRESQL.stored(value);
      if (utc.getYear() < 1 || utc.getYear() > 9999) {
        fits = false;
        return;
      }
      StringBuilder out = next();
      day(out, utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth());
      out.append(' ');
      digits(out, utc.getHour(), 2).append(':');
      digits(out, utc.getMinute(), 2).append(':');
      digits(out, utc.getSecond(), 2).append('.');
      digits(out, utc.getNano() / 1000, 6).append("+00");
    }

    @Override
    public void json(@Nullable String value) {
      text(value == null ? null : Database.POSTGRESQL.storedJson(value));
    }

    private static void day(StringBuilder out, int year, int month, int dayOfMonth) {
      digits(out, year, 4).append('-');
      digits(out, month, 2).append('-');
      digits(out, dayOfMonth, 2);
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
      String text = Integer.toString(value);
      for (int i = text.length(); i < width; i++) {
        out.append('0');
      }
      return out.append(text);
    }
  }
}
