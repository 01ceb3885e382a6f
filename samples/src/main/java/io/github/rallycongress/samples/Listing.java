package io.github.rallycongress.samples;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignAction;
import io.github.rallycongress.generated.model.Supporter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes items one at a time as they stream in: an aligned table, JSON (one object per line, the
 * generated models through {@link GeneratedJson#moshi()}) or CSV with a header row. Each row is
 * flushed and checked ({@link Io#checkOut()}), so a full disk or a closed pipe stops the stream at
 * the next row.
 *
 * <p>What the server sent cannot attack the reader: table cells (and csv cells on a terminal) show
 * control characters escaped ({@link TerminalText}); csv cells that a spreadsheet would run as a
 * formula get a leading {@code '} unless {@code rawCsv}; json is exact (control characters are JSON
 * escapes there).
 */
final class Listing<T> {
  record Column<T>(String header, int width, Function<T, @Nullable Object> value) {
  }

  static final List<Column<Campaign>> CAMPAIGN_COLUMNS = List.of(
      new Column<>("id", 6, Campaign::getId),
      new Column<>("title", 36, Campaign::getTitle),
      new Column<>("actions", 0, c -> c.getActions() == null ? "" : c.getActions().stream()
          .map(CampaignAction::getType).map(String::valueOf).collect(Collectors.joining(" "))));

  /** Every supporter's first address. */
  static final List<Column<Supporter>> SUPPORTER_COLUMNS = supporterColumns(address -> true);

  /**
   * The columns of a supporter with the address {@code shown}: the first of its addresses that
   * matches (the one a {@code --state} filter matched), else its first.
   */
  static List<Column<Supporter>> supporterColumns(Predicate<Address> shown) {
    Function<Supporter, @Nullable Address> address = s -> address(s, shown);
    return List.of(
        new Column<>("id", 8, Supporter::getId),
        new Column<>("first_name", 11, Supporter::getFirstName),
        new Column<>("last_name", 11, Supporter::getLastName),
        new Column<>("email", 36, Supporter::getEmail),
        new Column<>("city", 14, s -> address.apply(s) == null ? null : address.apply(s).getCity()),
        new Column<>("state", 5, s -> address.apply(s) == null ? null : address.apply(s).getState()),
        new Column<>("zip", 5, s -> address.apply(s) == null ? null : address.apply(s).getZipcode()),
        new Column<>("district", 8, s -> address.apply(s) == null ? null : address.apply(s).getCongressDistrict()),
        new Column<>("optin", 13, Supporter::getEmailOptin),
        new Column<>("updated_at", 0, Supporter::getUpdatedAt));
  }

  /** Cells that a spreadsheet reads as a formula (OWASP, "CSV Injection"). */
  private static final String FORMULA_STARTS = "=+-@\t\r";

  private final Io io;
  private final Rally.Format format;
  private final boolean rawCsv;
  private final List<Column<T>> columns;
  private final JsonAdapter<T> json;
  private boolean headerWritten;

  Listing(Io io, Rally.Format format, boolean rawCsv, Class<T> type, List<Column<T>> columns) {
    this.io = io;
    this.format = format;
    this.rawCsv = rawCsv;
    this.columns = columns;
    this.json = GeneratedJson.moshi().adapter(type);
  }

  /**
   * Writes one item (after the header row, the first time).
   *
   * @throws Io.OutputException when stdout cannot be written
   */
  void write(T item) {
    if (format == Rally.Format.json) {
      io.out.println(escapeJson(json.toJson(item)));
      io.checkOut();
      return;
    }
    if (!headerWritten) {
      headerWritten = true;
      row(columns.stream().map(Column::header).collect(Collectors.toList()));
    }
    row(columns.stream().map(c -> cell(c.value().apply(item))).collect(Collectors.toList()));
    io.checkOut();
  }

  /**
   * Ends the listing: csv of no item is still its header row, since a program or a spreadsheet
   * reads an empty file as one without columns.
   *
   * @throws Io.OutputException when stdout cannot be written
   */
  void end() {
    if (format == Rally.Format.csv && !headerWritten) {
      headerWritten = true;
      row(columns.stream().map(Column::header).collect(Collectors.toList()));
      io.checkOut();
    }
  }

  /** RFC 3339 with seconds always (the JSON's {@code 05:26:00Z}, not {@code 05:26Z}). */
  static String cell(@Nullable Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof OffsetDateTime dateTime) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
    }
    return value.toString();
  }

  private void row(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (format == Rally.Format.csv) {
        if (i > 0) {
          line.append(',');
        }
        line.append(csv(io.outIsTerminal ? TerminalText.escape(cell) : cell, rawCsv));
      } else {
        if (i > 0) {
          line.append("  ");
        }
        String visible = TerminalText.escape(cell);
        boolean last = i == cells.size() - 1;
        line.append(visible);
        if (!last) {
          // Padded by the columns the text takes on a terminal, not by its UTF-16 length.
          line.append(" ".repeat(Math.max(0, Math.max(1, columns.get(i).width()) - TerminalText.width(visible))));
        }
      }
    }
    io.out.println(format == Rally.Format.table ? line.toString().stripTrailing() : line);
  }

  /**
   * One csv cell: quoted when it holds a comma, a quote or a line break; unless {@code raw}, a cell
   * beginning with {@code = + - @}, TAB or CR gets a leading {@code '} so that a spreadsheet shows it
   * as text instead of running it ({@code =HYPERLINK(...)}).
   */
  static String csv(String cell, boolean raw) {
    String safe = !raw && !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }

  /**
   * Moshi escapes the C0 controls; DEL, the C1 controls and the direction marks it leaves as they
   * are. In JSON they can only occur inside strings, where {@code \}{@code uXXXX} is the same value.
   */
  static String escapeJson(String json) {
    if (json.chars().noneMatch(TerminalText::needsEscape)) {
      return json;
    }
    StringBuilder escaped = new StringBuilder(json.length() + 16);
    json.chars().forEach(c -> {
      if (TerminalText.needsEscape(c)) {
        escaped.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        escaped.append((char) c);
      }
    });
    return escaped.toString();
  }

  private static @Nullable Address address(Supporter supporter, Predicate<Address> shown) {
    List<Address> addresses = supporter.getAddresses();
    if (addresses == null || addresses.isEmpty()) {
      return null;
    }
    return addresses.stream().filter(shown).findFirst().orElse(addresses.get(0));
  }
}
