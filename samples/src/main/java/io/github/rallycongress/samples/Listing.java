package io.github.rallycongress.samples;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignAction;
import io.github.rallycongress.generated.model.Supporter;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes items one at a time as they stream in: an aligned table, JSON (one object per line, the
 * generated models through {@link GeneratedJson#moshi()}) or CSV with a header row.
 */
final class Listing<T> {
  record Column<T>(String header, int width, Function<T, @Nullable Object> value) {
  }

  static final List<Column<Campaign>> CAMPAIGN_COLUMNS = List.of(
      new Column<>("id", 6, Campaign::getId),
      new Column<>("title", 36, Campaign::getTitle),
      new Column<>("actions", 0, c -> c.getActions() == null ? "" : c.getActions().stream()
          .map(CampaignAction::getType).map(String::valueOf).collect(Collectors.joining(" "))));

  static final List<Column<Supporter>> SUPPORTER_COLUMNS = List.of(
      new Column<>("id", 8, Supporter::getId),
      new Column<>("first_name", 11, Supporter::getFirstName),
      new Column<>("last_name", 11, Supporter::getLastName),
      new Column<>("email", 36, Supporter::getEmail),
      new Column<>("city", 14, s -> address(s) == null ? null : address(s).getCity()),
      new Column<>("state", 5, s -> address(s) == null ? null : address(s).getState()),
      new Column<>("zip", 5, s -> address(s) == null ? null : address(s).getZipcode()),
      new Column<>("district", 8, s -> address(s) == null ? null : address(s).getCongressDistrict()),
      new Column<>("optin", 13, Supporter::getEmailOptin),
      new Column<>("updated_at", 0, Supporter::getUpdatedAt));

  private final PrintWriter out;
  private final Rally.Format format;
  private final List<Column<T>> columns;
  private final JsonAdapter<T> json;
  private boolean headerWritten;

  Listing(PrintWriter out, Rally.Format format, Class<T> type, List<Column<T>> columns) {
    this.out = out;
    this.format = format;
    this.columns = columns;
    this.json = GeneratedJson.moshi().adapter(type);
  }

  void write(T item) {
    if (format == Rally.Format.json) {
      out.println(json.toJson(item));
      return;
    }
    if (!headerWritten) {
      headerWritten = true;
      row(columns.stream().map(Column::header).collect(Collectors.toList()));
    }
    row(columns.stream().map(c -> {
      Object value = c.value().apply(item);
      return value == null ? "" : value.toString();
    }).collect(Collectors.toList()));
  }

  private void row(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (format == Rally.Format.csv) {
        if (i > 0) {
          line.append(',');
        }
        line.append(csv(cell));
      } else {
        if (i > 0) {
          line.append("  ");
        }
        boolean last = i == cells.size() - 1;
        line.append(last ? cell : String.format("%-" + Math.max(1, columns.get(i).width()) + "s", cell));
      }
    }
    out.println(format == Rally.Format.table ? line.toString().stripTrailing() : line);
  }

  static String csv(String cell) {
    if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return '"' + cell.replace("\"", "\"\"") + '"';
    }
    return cell;
  }

  private static @Nullable Address address(Supporter supporter) {
    List<Address> addresses = supporter.getAddresses();
    return addresses == null || addresses.isEmpty() ? null : addresses.get(0);
  }
}
