package io.github.rallycongress.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The sync's reads and writes on one connection. Each page is one transaction: its supporters,
 * their addresses and phones, and the run's checkpoint (the next page to read, and the counts)
 * commit together or not at all, so a run interrupted anywhere resumes from its last committed page
 * with nothing lost and nothing counted twice.
 */
final class Store implements AutoCloseable {
  private static final List<String> SUPPORTER_COLUMNS = List.of("first_name", "last_name", "middle_name", "suffix",
      "prefix", "email", "email_optin", "email_status", "custom_id", "join_date", "updated_at", "unknown_properties",
      "content_hash", "last_seen_run", "children_hash", "id");

  private final Connection connection;
  private final Database database;
  /** This machine's clock, and the overlap: a stored {@code updatedAt} later than both is not trusted. */
  private final Clock clock;
  private final Duration overlap;
  private final Map<Integer, PreparedStatement> selectsBySize = new HashMap<>();
  private final TableInsert<SupporterRow> insertSupporters;
  private final PreparedStatement updateSupporter;
  /** Ids a statement marks seen: a page's are sent in statements of this many, the last one padded. */
  static final int SEEN_PER_STATEMENT = 64;
  private final PreparedStatement markSeen;
  /** The page's ids to mark seen by the run being written. */
  private final List<String> seen = new ArrayList<>();
  private final PreparedStatement deleteAddresses;
  private final PreparedStatement deletePhones;
  private final TableInsert<Child<SupporterRow.AddressRow>> insertAddresses;
  private final TableInsert<Child<SupporterRow.PhoneRow>> insertPhones;
  private final StatementParameters parameters;
  private final PreparedStatement claimRun;
  private final PreparedStatement advanceRun;
  /** The run whose rows {@link #writeSupporter} writes: the one whose page is being written. */
  private long writingRun;
  /** Null where the probe's text order could differ from the database's: see {@link #noneStoredBetween}. */
  private final @Nullable PreparedStatement anyBetween;
  /** SQLite's file and its identity when this connection opened it: null for PostgreSQL, or where unknown. */
  private final @Nullable Path file;
  private final @Nullable Object fileKey;

  /** The connection's autocommit as the data source gave it: {@link #close} gives it back so. */
  private final boolean autoCommit;

  Store(Connection connection, Database database, Clock clock, Duration overlap) throws SQLException {
    this.connection = connection;
    this.database = database;
    this.clock = clock;
    this.overlap = overlap;
    autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      parameters = new StatementParameters(database);
      insertSupporters = TableInsert.of(connection, database, "supporter", SUPPORTER_COLUMNS, this::writeSupporter);
      updateSupporter = connection.prepareStatement("UPDATE supporter SET first_name = ?, last_name = ?,"
          + " middle_name = ?, suffix = ?, prefix = ?, email = ?, email_optin = ?, email_status = ?, custom_id = ?,"
          + " join_date = ?, updated_at = ?, unknown_properties = ?, content_hash = ?, last_seen_run = ?,"
          + " children_hash = ?, unlisted_since = NULL WHERE id = ?");
      // One statement for many ids: a full run marks every unchanged supporter of a page, and a
      // thousand statements a page made it slower than the first copy on PostgreSQL.
      markSeen = connection.prepareStatement("UPDATE supporter SET last_seen_run = ?, unlisted_since = NULL"
          + " WHERE id IN (?" + ", ?".repeat(SEEN_PER_STATEMENT - 1) + ")");
      deleteAddresses = connection.prepareStatement("DELETE FROM supporter_address WHERE supporter_id = ?");
      deletePhones = connection.prepareStatement("DELETE FROM supporter_phone WHERE supporter_id = ?");
      insertAddresses = TableInsert.of(connection, database, "supporter_address", List.of("supporter_id", "position",
          "address_type", "street1", "street2", "street3", "city", "state", "zipcode", "zipplus", "congress_district",
          "unknown_properties"), Store::writeAddress);
      insertPhones = TableInsert.of(connection, database, "supporter_phone", List.of("supporter_id", "position",
          "telephone", "address_type", "unknown_properties"), Store::writePhone);
      // The checkpoint moves only from where this run left it: a second sync writing to the same
      // database at the same time finds it moved, and stops, instead of interleaving pages.
      claimRun = connection.prepareStatement("UPDATE sync_run SET next_page = next_page"
          + " WHERE id = ? AND status = 'running' AND next_page = ?");
      advanceRun = connection.prepareStatement("UPDATE sync_run SET next_page = ?, pages = pages + 1,"
          + " inserted = inserted + ?, updated = updated + ?, unchanged = unchanged + ?, stale = stale + ?,"
          + " unlisted = unlisted + ?, status = ? WHERE id = ? AND status = 'running' AND next_page = ?");
      anyBetween = comparesTextAsUtf8Bytes(connection, database)
          ? connection.prepareStatement("SELECT 1 FROM supporter WHERE id >= ? AND id <= ? LIMIT 1")
          : null;
      file = database == Database.SQLITE ? sqliteFile(connection) : null;
      fileKey = file == null ? null : fileKey(file);
    } catch (SQLException | RuntimeException e) {
      try {
        handBack();
      } catch (SQLException restoring) {
        e.addSuppressed(restoring);
      }
      throw e;
    }
  }

  /** The main database's file, as SQLite names it; null in memory. */
  private static @Nullable Path sqliteFile(Connection connection) throws SQLException {
    String name;
    try (Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("PRAGMA database_list")) {
      name = row.next() ? row.getString("file") : null;
    }
    connection.commit(); // after the statement is closed: see endRead
    try {
      return name == null || name.isEmpty() ? null : Path.of(name);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** The file's identity (device and inode where the system has them); null if it is gone or unknown. */
  private static @Nullable Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Refuses to write to a SQLite file that was deleted or replaced since this connection opened it:
   * the connection keeps writing to the old file, which nobody can open any more, and every page
   * committed there is lost (SQLite notices only in its rollback-journal mode, not in WAL). A run
   * went on writing for nothing until its end, then failed on the new, empty file with "no such
   * table: supporter".
   */
  private void requireSameFile() {
    if (file != null && fileKey != null && !fileKey.equals(fileKey(file))) {
      throw new SyncDatabaseException("The database file " + file + " was deleted or replaced while the sync wrote to"
          + " it; the sync stops without writing its page. The next run starts again in the file at that place"
          + " (a new one if there is none).");
    }
  }

  /**
   * Whether the database orders the supporter ids as Java orders strings without surrogates (by
   * code point), which is the order of their UTF-8 bytes: SQLite's default BINARY collation in a
   * database whose encoding is UTF-8 (the default); PostgreSQL's "C" collation, which migration V5
   * gives the ids, in a UTF-8 database (the usual). Elsewhere the ids are looked up one by one.
   */
  private static boolean comparesTextAsUtf8Bytes(Connection connection, Database database) throws SQLException {
    String sql = database == Database.SQLITE
        ? "PRAGMA encoding"
        : "SELECT CASE WHEN c.collname = 'C' AND pg_encoding_to_char(d.encoding) = 'UTF8' THEN 'UTF-8' END"
            + " FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation"
            + " JOIN pg_database d ON d.datname = current_database()"
            + " WHERE a.attrelid = 'supporter'::regclass AND a.attname = 'id'";
    boolean utf8;
    try (Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery(sql)) {
      utf8 = row.next() && "UTF-8".equals(row.getString(1));
    }
    connection.commit(); // after the statement is closed: see endRead
    return utf8;
  }

  // ------------------------------------------------------------------ runs

  /**
   * Ends a read, its statements closed first. Committed with a statement still open, SQLite keeps
   * the read's snapshot until the statement is reset, and a run that read the database, then
   * fetched a page while another connection wrote to the file (an app's own table), could not
   * write that page: SQLITE_BUSY_SNAPSHOT.
   */
  private void endRead() throws SQLException {
    connection.commit();
  }

  /** The run that was interrupted, if any: its checkpoint is where to resume. */
  @Nullable RunState interrupted() throws SQLException {
    RunState run;
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT * FROM sync_run WHERE status = 'running' ORDER BY id DESC");
         ResultSet row = select.executeQuery()) {
      run = row.next() ? runState(row) : null;
    }
    endRead();
    return run;
  }

  /**
   * An account other than {@code accountId} that a run in this database read, or null if there is
   * none (runs from before migration V4 recorded no account, and match any).
   */
  @Nullable String otherAccount(String accountId) throws SQLException {
    return otherAccount(accountId, true);
  }

  /** As {@link #otherAccount(String)}; within a write transaction ({@code endRead} false), which it leaves open. */
  private @Nullable String otherAccount(String accountId, boolean endRead) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT account_id FROM sync_run WHERE account_id IS NOT NULL AND account_id <> ? ORDER BY id DESC")) {
      select.setString(1, accountId);
      String other;
      try (ResultSet row = select.executeQuery()) {
        other = row.next() ? row.getString(1) : null;
      }
      select.close();
      if (endRead) {
        endRead();
      }
      return other;
    }
  }

  /**
   * The server time at which the last complete run that moves the watermark started; null before
   * any. The last run's, not the latest time: a time from a clock that was set wrong, then put
   * right, would otherwise hold every later run's filter at it.
   */
  @Nullable OffsetDateTime watermark() throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT server_started_at FROM sync_run"
        + " WHERE status = 'complete' AND advances_watermark = ? ORDER BY id DESC")) {
      select.setBoolean(1, true);
      OffsetDateTime watermark;
      try (ResultSet row = select.executeQuery()) {
        watermark = row.next() ? database.getInstant(row, "server_started_at") : null;
      }
      select.close();
      endRead();
      return watermark;
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
  RunState begin(String accountId, SyncResult.Mode mode, @Nullable OffsetDateTime updatedSince,
      boolean advancesWatermark, OffsetDateTime serverStartedAt, @Nullable Long expected, List<SupporterRow> rows,
      @Nullable String nextPage) throws SQLException {
    try {
      // First, before anything is read: another sync beginning a run (or writing a page) at the
      // same time waits here until it commits, and what follows sees its run.
      try (Statement lock = connection.createStatement()) {
        lock.execute(database.lockRunsSql());
      }
      long id;
      try (Statement max = connection.createStatement();
           ResultSet row = max.executeQuery("SELECT COALESCE(MAX(id), 0) + 1,"
               + " (SELECT COUNT(*) FROM sync_run WHERE status = 'running') FROM sync_run")) {
        row.next();
        id = row.getLong(1);
        // This call found no interrupted run, or gave it up: one running now was begun by another
        // sync since. Two at once would each take the other's supporters for unlisted.
        if (row.getLong(2) > 0) {
          throw new SyncDatabaseException("Another sync began a run in this database while this one read its first"
              + " page; this one stops without writing. Run one sync at a time per database.");
        }
      }
      // The account was checked before the first page was read; a sync of another account may
      // have begun (and ended) a run on this database since, when it held none.
      String other = otherAccount(accountId, false);
      if (other != null) {
        throw new IllegalArgumentException("This database keeps account " + other + "'s supporters in step, not "
            + accountId + "'s (its run began while this one read its first page): give each account a database of"
            + " its own. No supporter was written.");
      }
      RunState run = new RunState(id, mode, updatedSince, advancesWatermark, serverStartedAt, expected);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sync_run (id, mode, updated_since,"
          + " advances_watermark, server_started_at, status, next_page, expected, pages, inserted, updated, unchanged,"
          + " stale, unlisted, account_id) VALUES (?, ?, ?, ?, ?, 'running', '', ?, 0, 0, 0, 0, 0, 0, ?)")) {
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
        insert.setString(7, accountId);
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

  /**
   * Writes one page (rows of distinct ids, as {@link SupporterSource#rows} gives them) and moves the
   * run's checkpoint to {@code nextPage} (null: the run is complete).
   */
  void write(RunState run, List<SupporterRow> rows, @Nullable String nextPage) throws SQLException {
    @Nullable String checkpoint = run.nextPage;
    try {
      requireSameFile();
      claim(run);
      writeInTransaction(run, rows, nextPage);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(e);
      // The counts in memory must match what is committed: take them back from the database. If
      // that fails too (the connection is gone), the write's failure is still the one reported.
      boolean movedOn = false;
      try {
        movedOn = !reload(run) || !Objects.equals(run.nextPage, checkpoint);
      } catch (SQLException | RuntimeException reloading) {
        e.addSuppressed(reloading);
      }
      if (movedOn && !(e instanceof SyncDatabaseException)) {
        // Under REPEATABLE READ or SERIALIZABLE (a role's default_transaction_isolation), or a
        // lock_timeout, PostgreSQL fails the claim instead of waiting and reading the new checkpoint.
        throw movedOn(run, e);
      }
      throw e;
    }
  }

  /**
   * The page's first statement, a write, takes the run's row as it was left by this run's last
   * page, or finds that another sync moved it on. Being a write, it waits for any other writer,
   * as the busy timeout says: SQLite fails at once (SQLITE_BUSY) a transaction that has read
   * and then writes while another connection holds the write lock (an application's own
   * transaction on another table of the file, or a second sync); and PostgreSQL would let the
   * second of two syncs writing the same page insert its supporters first, to fail on the other's
   * keys (a duplicate key error) instead of finding the checkpoint moved.
   */
  private void claim(RunState run) throws SQLException {
    claimRun.setLong(1, run.id);
    claimRun.setString(2, run.nextPage);
    if (claimRun.executeUpdate() != 1) {
      throw movedOn(run, null);
    }
  }

  private static SyncDatabaseException movedOn(RunState run, @Nullable Throwable cause) {
    String message = "Sync run " + run.id + " was moved on by another sync writing to the same database; this one"
        + " stops without writing its page. Run one sync at a time per database.";
    return cause == null ? new SyncDatabaseException(message) : new SyncDatabaseException(message, cause);
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
      throw movedOn(run, null);
    }
    run.nextPage = nextPage;
    run.pages++;
    run.inserted += counts.inserted;
    run.updated += counts.updated;
    run.unchanged += counts.unchanged;
    run.stale += counts.stale;
    run.unlisted += unlisted;
  }

  /** Takes back the run's committed checkpoint and counts; false if it is no longer running. */
  private boolean reload(RunState run) throws SQLException {
    boolean running = false;
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM sync_run WHERE id = ?")) {
      select.setLong(1, run.id);
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          running = "running".equals(row.getString("status"));
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
    }
    endRead();
    return running;
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
   * The page's ids are distinct, as {@link SupporterSource#rows} gives them.
   */
  private Counts upsert(RunState run, List<SupporterRow> page) throws SQLException {
    List<String> ids = new ArrayList<>(page.size());
    for (SupporterRow row : page) {
      ids.add(row.id());
    }
    Map<String, Stored> stored = select(ids);
    writingRun = run.id;
    seen.clear(); // a page that failed before its marks were sent left its ids here
    Counts counts = new Counts();
    // One supporter per call, in methods of their own: one method doing it all was the largest
    // the JIT compiled, three times, for over a second of the other core in the first seconds.
    for (SupporterRow row : asStored(page)) {
      upsert(run, row, stored.get(database.storedText(row.id())), counts);
    }
    addSeenMarks(run);
    // Parents before children: PostgreSQL checks the foreign keys statement by statement.
    insertSupporters.execute();
    for (PreparedStatement batch : List.of(updateSupporter, markSeen, deleteAddresses, deletePhones)) {
      batch.executeBatch();
    }
    insertAddresses.execute();
    insertPhones.execute();
    return counts;
  }

  private void upsert(RunState run, SupporterRow row, @Nullable Stored current, Counts counts) throws SQLException {
    if (current == null) {
      insertSupporters.add(row);
      addChildren(row);
      counts.inserted++;
    } else if (SupporterRow.olderThan(stored(row.updatedAt()), current.updatedAt) && !fromAhead(current.updatedAt)) {
      counts.stale++;
      markSeen(run, row, current);
    } else if (row.hash().equals(current.hash)) {
      counts.unchanged++;
      markSeen(run, row, current);
    } else {
      writeSupporter(parameters.at(updateSupporter, 1), row);
      updateSupporter.addBatch();
      if (!row.childrenHash().equals(current.childrenHash)) {
        database.setText(deleteAddresses, 1, row.id());
        deleteAddresses.addBatch();
        database.setText(deletePhones, 1, row.id());
        deletePhones.addBatch();
        addChildren(row);
      }
      counts.updated++;
    }
  }

  /**
   * The page with one row per id as the database stores it. An id the database cannot keep as sent
   * (U+0000 in PostgreSQL, an unpaired surrogate in either) is stored changed; read back, it must
   * find its row, and two ids stored alike are one row: the newer copy counts, unless stamped
   * ahead of this machine's clock plus the overlap, as in {@link SupporterSource#rows}. Nearly every page has no such id and is returned as it is.
   */
  private List<SupporterRow> asStored(List<SupporterRow> page) {
    boolean changed = false;
    for (SupporterRow row : page) {
      changed |= !database.storedText(row.id()).equals(row.id());
    }
    if (!changed) {
      return page;
    }
    Map<String, SupporterRow> byStoredId = new LinkedHashMap<>();
    for (SupporterRow row : page) {
      String key = database.storedText(row.id());
      SupporterRow earlier = byStoredId.get(key);
      if (earlier == null || !SupporterRow.olderThan(row.updatedAt(), earlier.updatedAt())
          || fromAhead(earlier.updatedAt())) {
        byStoredId.put(key, row);
      }
    }
    return new ArrayList<>(byStoredId.values());
  }

  /**
   * Whether a stored {@code updatedAt} is later than this machine's clock plus the overlap: stamped
   * by a server clock that ran ahead. Trusted, it would make every later copy "older" and keep the
   * row as it is until that time, through full runs too; so the copy read now is taken instead.
   */
  private boolean fromAhead(@Nullable OffsetDateTime storedUpdatedAt) {
    return storedUpdatedAt != null && storedUpdatedAt.toInstant().isAfter(clock.instant().plus(overlap));
  }

  /** {@code updatedAt} at the database's precision, to compare with a stored one. */
  private @Nullable OffsetDateTime stored(@Nullable OffsetDateTime updatedAt) {
    return updatedAt == null ? null : database.stored(updatedAt);
  }

  /** An address or phone of a supporter, at its place among them. */
  private record Child<R>(String supporterId, int position, R row) {
  }

  private void addChildren(SupporterRow row) throws SQLException {
    for (int i = 0; i < row.addresses().size(); i++) {
      insertAddresses.add(new Child<>(row.id(), i, row.addresses().get(i)));
    }
    for (int i = 0; i < row.phones().size(); i++) {
      insertPhones.add(new Child<>(row.id(), i, row.phones().get(i)));
    }
  }

  private static void writeAddress(RowWriter values, Child<SupporterRow.AddressRow> address) throws SQLException {
    SupporterRow.AddressRow a = address.row();
    values.text(address.supporterId());
    values.integer(address.position());
    values.text(a.addressType());
    values.text(a.street1());
    values.text(a.street2());
    values.text(a.street3());
    values.text(a.city());
    values.text(a.state());
    values.text(a.zipcode());
    values.text(a.zipplus());
    values.text(a.congressDistrict());
    values.json(a.unknownProperties());
  }

  private static void writePhone(RowWriter values, Child<SupporterRow.PhoneRow> phone) throws SQLException {
    SupporterRow.PhoneRow p = phone.row();
    values.text(phone.supporterId());
    values.integer(phone.position());
    values.text(p.telephone());
    values.text(p.addressType());
    values.json(p.unknownProperties());
  }

  private void markSeen(RunState run, SupporterRow row, Stored current) throws SQLException {
    // Only a full run needs to know who it saw; any run clears the mark of a supporter listed again.
    if (current.unlisted || run.mode == SyncResult.Mode.FULL && current.lastSeenRun != run.id) {
      seen.add(row.id());
    }
  }
  /** The page's ids to mark seen, as statements of {@link #SEEN_PER_STATEMENT} added to the batch. */
  private void addSeenMarks(RunState run) throws SQLException {
    for (int first = 0; first < seen.size(); first += SEEN_PER_STATEMENT) {
      markSeen.setLong(1, run.id);
      for (int i = 0; i < SEEN_PER_STATEMENT; i++) {
        // An id listed twice is marked once: the last statement is padded with its last id.
        database.setText(markSeen, 2 + i, seen.get(Math.min(first + i, seen.size() - 1)));
      }
      markSeen.addBatch();
    }
    seen.clear();
  }


  private Map<String, Stored> select(List<String> ids) throws SQLException {
    if (ids.isEmpty() || noneStoredBetween(ids)) {
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
      database.setText(select, i + 1, ids.get(i));
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

  /**
   * Whether no supporter is stored with an id from the lowest of {@code ids} to the highest: one
   * seek in the primary key. The first copy of an account lists ids never stored, in pages whose
   * ranges do not overlap what is stored: looking each id up took a sixth of the writing thread.
   * False when it cannot tell (ids with surrogates, which Java orders apart from UTF-8 bytes).
   * The ids compared are the ones stored ({@link Database#storedText}: PostgreSQL's U+FFFD for U+0000).
   */
  private boolean noneStoredBetween(List<String> ids) throws SQLException {
    if (anyBetween == null) {
      return false;
    }
    @Nullable String lowest = null;
    @Nullable String highest = null;
    for (String sent : ids) {
      if (hasSurrogate(sent)) {
        return false;
      }
      String id = database.storedText(sent);
      if (lowest == null || id.compareTo(lowest) < 0) {
        lowest = id;
      }
      if (highest == null || id.compareTo(highest) > 0) {
        highest = id;
      }
    }
    anyBetween.setString(1, lowest);
    anyBetween.setString(2, highest);
    try (ResultSet row = anyBetween.executeQuery()) {
      return !row.next();
    }
  }

  private static boolean hasSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** The {@link #SUPPORTER_COLUMNS} of {@code row}, written by the run being written. */
  private void writeSupporter(RowWriter values, SupporterRow row) throws SQLException {
    values.text(row.firstName());
    values.text(row.lastName());
    values.text(row.middleName());
    values.text(row.suffix());
    values.text(row.prefix());
    values.text(row.email());
    values.text(row.emailOptin());
    values.text(row.emailStatus());
    values.text(row.customId());
    values.date(row.joinDate());
    values.instant(row.updatedAt());
    values.json(row.unknownProperties());
    values.text(row.hash());
    values.bigint(writingRun);
    values.text(row.childrenHash());
    values.text(row.id());
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
    for (PreparedStatement statement : List.of(updateSupporter, markSeen, deleteAddresses, deletePhones, claimRun,
        advanceRun)) {
      first = closeQuietly(statement, first);
    }
    for (TableInsert<?> insert : List.of(insertSupporters, insertAddresses, insertPhones)) {
      try {
        insert.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (anyBetween != null) {
      first = closeQuietly(anyBetween, first);
    }
    try {
      handBack();
    } catch (SQLException e) {
      if (first == null) {
        first = e;
      } else {
        first.addSuppressed(e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * The connection as the data source gave it: no transaction open, autocommit as it was. A pool
   * resets what it hands out, but a data source that hands out an application's one connection
   * (Spring's SingleConnectionDataSource) does not: left without autocommit, the application's
   * own writes after a run were never committed; left in a transaction a failed read had aborted
   * (PostgreSQL), its every statement failed. What is open here is a read, or a write that failed:
   * every page commits.
   */
  private void handBack() throws SQLException {
    if (connection.isClosed()) {
      return;
    }
    connection.rollback();
    connection.setAutoCommit(autoCommit);
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
