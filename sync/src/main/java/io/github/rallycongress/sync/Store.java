package io.github.rallycongress.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sync's reads and writes on one connection. Each page is one transaction: its supporters,
 * their addresses and phones, and the run's checkpoint (the next page to read, and the counts)
 * commit together or not at all, so a run interrupted anywhere resumes from its last committed page
 * with nothing lost and nothing counted twice.
 */
final class Store implements AutoCloseable {
  private static final String SUPPORTER_COLUMNS = "first_name, last_name, middle_name, suffix, prefix, email,"
      + " email_optin, email_status, custom_id, join_date, updated_at, unknown_properties, content_hash, last_seen_run,"
      + " children_hash";

  private final Connection connection;
  private final Database database;
  private final Map<Integer, PreparedStatement> selectsBySize = new HashMap<>();
  private final PreparedStatement insertSupporter;
  private final PreparedStatement updateSupporter;
  private final PreparedStatement markSeen;
  private final PreparedStatement deleteAddresses;
  private final PreparedStatement deletePhones;
  private final PreparedStatement insertAddress;
  private final PreparedStatement insertPhone;
  private final PreparedStatement advanceRun;

  Store(Connection connection, Database database) throws SQLException {
    this.connection = connection;
    this.database = database;
    connection.setAutoCommit(false);
    insertSupporter = connection.prepareStatement("INSERT INTO supporter (" + SUPPORTER_COLUMNS + ", id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    updateSupporter = connection.prepareStatement("UPDATE supporter SET first_name = ?, last_name = ?,"
        + " middle_name = ?, suffix = ?, prefix = ?, email = ?, email_optin = ?, email_status = ?, custom_id = ?,"
        + " join_date = ?, updated_at = ?, unknown_properties = ?, content_hash = ?, last_seen_run = ?,"
        + " children_hash = ?, unlisted_since = NULL WHERE id = ?");
    markSeen = connection.prepareStatement("UPDATE supporter SET last_seen_run = ?, unlisted_since = NULL WHERE id = ?");
    deleteAddresses = connection.prepareStatement("DELETE FROM supporter_address WHERE supporter_id = ?");
    deletePhones = connection.prepareStatement("DELETE FROM supporter_phone WHERE supporter_id = ?");
    insertAddress = connection.prepareStatement("INSERT INTO supporter_address (supporter_id, position, address_type,"
        + " street1, street2, street3, city, state, zipcode, zipplus, congress_district, unknown_properties)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertPhone = connection.prepareStatement("INSERT INTO supporter_phone (supporter_id, position, telephone,"
        + " address_type, unknown_properties) VALUES (?, ?, ?, ?, ?)");
    // The checkpoint moves only from where this run left it: a second sync writing to the same
    // database at the same time finds it moved, and stops, instead of interleaving pages.
    advanceRun = connection.prepareStatement("UPDATE sync_run SET next_page = ?, pages = pages + 1,"
        + " inserted = inserted + ?, updated = updated + ?, unchanged = unchanged + ?, stale = stale + ?,"
        + " unlisted = unlisted + ?, status = ? WHERE id = ? AND status = 'running' AND next_page = ?");
  }

  // ------------------------------------------------------------------ runs

  /** The run that was interrupted, if any: its checkpoint is where to resume. */
  @Nullable RunState interrupted() throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT * FROM sync_run WHERE status = 'running' ORDER BY id DESC")) {
      try (ResultSet row = select.executeQuery()) {
        RunState run = row.next() ? runState(row) : null;
        connection.commit();
        return run;
      }
    }
  }

  /** The server time at which the last complete run that moves the watermark started; null before any. */
  @Nullable OffsetDateTime watermark() throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT server_started_at FROM sync_run"
        + " WHERE status = 'complete' AND advances_watermark = ? ORDER BY server_started_at DESC, id DESC")) {
      select.setBoolean(1, true);
      try (ResultSet row = select.executeQuery()) {
        OffsetDateTime watermark = row.next() ? database.getInstant(row, "server_started_at") : null;
        connection.commit();
        return watermark;
      }
    }
  }

  /** Gives up an interrupted run that the new one does not continue; its committed rows stay. */
  void abandon(RunState run) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE sync_run SET status = 'abandoned' WHERE id = ? AND status = 'running'")) {
      update.setLong(1, run.id);
      update.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly(e);
      throw e;
    }
  }

  /**
   * Starts a run with its first page: the run's row, the page's supporters and the checkpoint
   * commit together, so a run that exists in the database has read at least one page.
   */
  RunState begin(SyncResult.Mode mode, @Nullable OffsetDateTime updatedSince, boolean advancesWatermark,
      OffsetDateTime serverStartedAt, @Nullable Long expected, List<SupporterRow> rows, @Nullable String nextPage)
      throws SQLException {
    try {
      long id;
      try (Statement max = connection.createStatement();
           ResultSet row = max.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM sync_run")) {
        row.next();
        id = row.getLong(1);
      }
      RunState run = new RunState(id, mode, updatedSince, advancesWatermark, serverStartedAt, expected);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sync_run (id, mode, updated_since,"
          + " advances_watermark, server_started_at, status, next_page, expected, pages, inserted, updated, unchanged,"
          + " stale, unlisted) VALUES (?, ?, ?, ?, ?, 'running', '', ?, 0, 0, 0, 0, 0, 0)")) {
        insert.setLong(1, id);
        insert.setString(2, mode.name().toLowerCase(java.util.Locale.ROOT));
        database.setInstant(insert, 3, updatedSince);
        insert.setBoolean(4, advancesWatermark);
        database.setInstant(insert, 5, serverStartedAt);
        if (expected == null) {
          insert.setNull(6, java.sql.Types.BIGINT);
        } else {
          insert.setLong(6, expected);
        }
        insert.executeUpdate();
      }
      run.nextPage = "";
      writeInTransaction(run, rows, nextPage);
      connection.commit();
      return run;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(e);
      throw e;
    }
  }

  /** Writes one page and moves the run's checkpoint to {@code nextPage} (null: the run is complete). */
  void write(RunState run, List<SupporterRow> rows, @Nullable String nextPage) throws SQLException {
    try {
      writeInTransaction(run, rows, nextPage);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(e);
      // The counts in memory must match what is committed: take them back from the database.
      reload(run);
      throw e;
    }
  }

  private void writeInTransaction(RunState run, List<SupporterRow> rows, @Nullable String nextPage) throws SQLException {
    Counts counts = upsert(run, rows);
    long unlisted = 0;
    if (nextPage == null && run.mode == SyncResult.Mode.FULL) {
      // Every listed supporter was seen by this run: the others are no longer listed.
      try (PreparedStatement mark = connection.prepareStatement("UPDATE supporter SET unlisted_since = ?"
          + " WHERE last_seen_run <> ? AND unlisted_since IS NULL")) {
        database.setInstant(mark, 1, run.serverStartedAt);
        mark.setLong(2, run.id);
        unlisted = mark.executeUpdate();
      }
    }
    advanceRun.setString(1, nextPage);
    advanceRun.setLong(2, counts.inserted);
    advanceRun.setLong(3, counts.updated);
    advanceRun.setLong(4, counts.unchanged);
    advanceRun.setLong(5, counts.stale);
    advanceRun.setLong(6, unlisted);
    advanceRun.setString(7, nextPage == null ? "complete" : "running");
    advanceRun.setLong(8, run.id);
    advanceRun.setString(9, run.nextPage);
    if (advanceRun.executeUpdate() != 1) {
      throw new SyncDatabaseException("Sync run " + run.id + " was moved on by another sync writing to the same"
          + " database; this one stops without writing its page. Run one sync at a time per database.");
    }
    run.nextPage = nextPage;
    run.pages++;
    run.inserted += counts.inserted;
    run.updated += counts.updated;
    run.unchanged += counts.unchanged;
    run.stale += counts.stale;
    run.unlisted += unlisted;
  }

  private void reload(RunState run) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM sync_run WHERE id = ?")) {
      select.setLong(1, run.id);
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          RunState committed = runState(row);
          run.nextPage = committed.nextPage;
          run.pages = committed.pages;
          run.inserted = committed.inserted;
          run.updated = committed.updated;
          run.unchanged = committed.unchanged;
          run.stale = committed.stale;
          run.unlisted = committed.unlisted;
        }
      }
      connection.commit();
    }
  }

  // ------------------------------------------------------------------ supporters

  private record Stored(@Nullable OffsetDateTime updatedAt, String hash, @Nullable String childrenHash,
      long lastSeenRun, boolean unlisted) {
  }

  /** A page's counts. */
  private static final class Counts {
    long inserted;
    long updated;
    long unchanged;
    long stale;
  }

  /**
   * Inserts new supporters, rewrites changed ones, and leaves unchanged and older copies alone.
   * A copy is older when its {@code updatedAt} is before the stored one: it never overwrites it.
   * A copy without {@code updatedAt}, or stored without one, cannot be ordered and is taken as newer.
   */
  private Counts upsert(RunState run, List<SupporterRow> page) throws SQLException {
    // A page may list a supporter twice (items shift while a list is read): the newest copy counts.
    Map<String, SupporterRow> rows = new LinkedHashMap<>();
    for (SupporterRow row : page) {
      SupporterRow earlier = rows.get(row.id());
      if (earlier == null || !olderThan(row.updatedAt(), earlier.updatedAt())) {
        rows.put(row.id(), row);
      }
    }
    Map<String, Stored> stored = select(new ArrayList<>(rows.keySet()));
    Counts counts = new Counts();
    // One supporter per call, in methods of their own: one method doing it all was the largest
    // the JIT compiled, three times, for over a second of the other core in the first seconds.
    for (SupporterRow row : rows.values()) {
      upsert(run, row, stored.get(row.id()), counts);
    }
    // Parents before children: PostgreSQL checks the foreign keys statement by statement.
    for (PreparedStatement batch : List.of(insertSupporter, updateSupporter, markSeen, deleteAddresses, deletePhones,
        insertAddress, insertPhone)) {
      batch.executeBatch();
    }
    return counts;
  }

  private void upsert(RunState run, SupporterRow row, @Nullable Stored current, Counts counts) throws SQLException {
    if (current == null) {
      bindSupporter(insertSupporter, row, run.id);
      insertSupporter.addBatch();
      addChildren(row);
      counts.inserted++;
    } else if (olderThan(row.updatedAt(), current.updatedAt)) {
      counts.stale++;
      markSeen(run, row, current);
    } else if (row.hash().equals(current.hash)) {
      counts.unchanged++;
      markSeen(run, row, current);
    } else {
      bindSupporter(updateSupporter, row, run.id);
      updateSupporter.addBatch();
      if (!row.childrenHash().equals(current.childrenHash)) {
        deleteAddresses.setString(1, row.id());
        deleteAddresses.addBatch();
        deletePhones.setString(1, row.id());
        deletePhones.addBatch();
        addChildren(row);
      }
      counts.updated++;
    }
  }

  private void addChildren(SupporterRow row) throws SQLException {
    for (int i = 0; i < row.addresses().size(); i++) {
      addAddress(row.id(), i, row.addresses().get(i));
    }
    for (int i = 0; i < row.phones().size(); i++) {
      addPhone(row.id(), i, row.phones().get(i));
    }
  }

  private void addAddress(String supporterId, int position, SupporterRow.AddressRow a) throws SQLException {
    insertAddress.setString(1, supporterId);
    insertAddress.setInt(2, position);
    insertAddress.setString(3, a.addressType());
    insertAddress.setString(4, a.street1());
    insertAddress.setString(5, a.street2());
    insertAddress.setString(6, a.street3());
    insertAddress.setString(7, a.city());
    insertAddress.setString(8, a.state());
    insertAddress.setString(9, a.zipcode());
    insertAddress.setString(10, a.zipplus());
    insertAddress.setString(11, a.congressDistrict());
    database.setJson(insertAddress, 12, a.unknownProperties());
    insertAddress.addBatch();
  }

  private void addPhone(String supporterId, int position, SupporterRow.PhoneRow p) throws SQLException {
    insertPhone.setString(1, supporterId);
    insertPhone.setInt(2, position);
    insertPhone.setString(3, p.telephone());
    insertPhone.setString(4, p.addressType());
    database.setJson(insertPhone, 5, p.unknownProperties());
    insertPhone.addBatch();
  }

  private void markSeen(RunState run, SupporterRow row, Stored current) throws SQLException {
    // Only a full run needs to know who it saw; any run clears the mark of a supporter listed again.
    if (current.unlisted || run.mode == SyncResult.Mode.FULL && current.lastSeenRun != run.id) {
      markSeen.setLong(1, run.id);
      markSeen.setString(2, row.id());
      markSeen.addBatch();
    }
  }

  private static boolean olderThan(@Nullable OffsetDateTime candidate, @Nullable OffsetDateTime stored) {
    return candidate != null && stored != null && candidate.isBefore(stored);
  }

  private Map<String, Stored> select(List<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return Collections.emptyMap();
    }
    PreparedStatement select = selectsBySize.get(ids.size());
    if (select == null) {
      StringBuilder sql = new StringBuilder(
          "SELECT id, updated_at, content_hash, children_hash, last_seen_run, unlisted_since FROM supporter WHERE id IN (");
      for (int i = 0; i < ids.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      select = connection.prepareStatement(sql.append(')').toString());
      selectsBySize.put(ids.size(), select);
    }
    for (int i = 0; i < ids.size(); i++) {
      select.setString(i + 1, ids.get(i));
    }
    Map<String, Stored> stored = new HashMap<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        stored.put(row.getString("id"), new Stored(database.getInstant(row, "updated_at"), row.getString("content_hash"),
            row.getString("children_hash"), row.getLong("last_seen_run"), row.getString("unlisted_since") != null));
      }
    }
    return stored;
  }

  private void bindSupporter(PreparedStatement statement, SupporterRow row, long runId) throws SQLException {
    statement.setString(1, row.firstName());
    statement.setString(2, row.lastName());
    statement.setString(3, row.middleName());
    statement.setString(4, row.suffix());
    statement.setString(5, row.prefix());
    statement.setString(6, row.email());
    statement.setString(7, row.emailOptin());
    statement.setString(8, row.emailStatus());
    statement.setString(9, row.customId());
    database.setDate(statement, 10, row.joinDate());
    database.setInstant(statement, 11, row.updatedAt());
    database.setJson(statement, 12, row.unknownProperties());
    statement.setString(13, row.hash());
    statement.setLong(14, runId);
    statement.setString(15, row.childrenHash());
    statement.setString(16, row.id());
  }

  // ------------------------------------------------------------------ plumbing

  private RunState runState(ResultSet row) throws SQLException {
    long expectedValue = row.getLong("expected");
    @Nullable Long expected = row.wasNull() ? null : expectedValue;
    RunState run = new RunState(row.getLong("id"),
        SyncResult.Mode.valueOf(row.getString("mode").toUpperCase(java.util.Locale.ROOT)),
        database.getInstant(row, "updated_since"), row.getBoolean("advances_watermark"),
        requireNonNull(database.getInstant(row, "server_started_at")), expected);
    run.nextPage = row.getString("next_page");
    run.pages = row.getLong("pages");
    run.inserted = row.getLong("inserted");
    run.updated = row.getLong("updated");
    run.unchanged = row.getLong("unchanged");
    run.stale = row.getLong("stale");
    run.unlisted = row.getLong("unlisted");
    return run;
  }

  private static <T> T requireNonNull(@Nullable T value) {
    if (value == null) {
      throw new SyncDatabaseException("The sync_run table has a row without server_started_at, which the schema forbids.");
    }
    return value;
  }

  private void rollbackQuietly(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement statement : selectsBySize.values()) {
      first = closeQuietly(statement, first);
    }
    for (PreparedStatement statement : List.of(insertSupporter, updateSupporter, markSeen, deleteAddresses,
        deletePhones, insertAddress, insertPhone, advanceRun)) {
      first = closeQuietly(statement, first);
    }
    if (first != null) {
      throw first;
    }
  }

  private static @Nullable SQLException closeQuietly(PreparedStatement statement, @Nullable SQLException first) {
    try {
      statement.close();
      return first;
    } catch (SQLException e) {
      if (first != null) {
        first.addSuppressed(e);
        return first;
      }
      return e;
    }
  }

  /** A run as committed so far. */
  static final class RunState {
    final long id;
    final SyncResult.Mode mode;
    final @Nullable OffsetDateTime updatedSince;
    final boolean advancesWatermark;
    final OffsetDateTime serverStartedAt;
    final @Nullable Long expected;
    @Nullable String nextPage;
    long pages;
    long inserted;
    long updated;
    long unchanged;
    long stale;
    long unlisted;

    RunState(long id, SyncResult.Mode mode, @Nullable OffsetDateTime updatedSince, boolean advancesWatermark,
        OffsetDateTime serverStartedAt, @Nullable Long expected) {
      this.id = id;
      this.mode = mode;
      this.updatedSince = updatedSince;
      this.advancesWatermark = advancesWatermark;
      this.serverStartedAt = serverStartedAt;
      this.expected = expected;
    }
  }
}
