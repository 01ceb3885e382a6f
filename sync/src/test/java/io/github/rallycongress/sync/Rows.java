package io.github.rallycongress.sync;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.EmailStatus;
import io.github.rallycongress.generated.model.Phone;
import io.github.rallycongress.generated.model.Supporter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The test's own reading of the sync's tables, written apart from the code under test: every
 * supporter row turned back into the generated model, so that a database compares with the API
 * field by field (the model's equals covers every property, addresses and phones included).
 */
final class Rows {
  private Rows() {
  }

  /** Every stored supporter, by id. */
  static Map<String, Supporter> supporters(DataSource dataSource) throws SQLException {
    Map<String, Supporter> supporters = new TreeMap<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet row = statement.executeQuery("SELECT * FROM supporter")) {
        while (row.next()) {
          Supporter s = new Supporter()
              .id(row.getString("id"))
              .firstName(row.getString("first_name"))
              .lastName(row.getString("last_name"))
              .middleName(row.getString("middle_name"))
              .suffix(row.getString("suffix"))
              .prefix(row.getString("prefix"))
              .email(row.getString("email"))
              .emailOptin(row.getString("email_optin") == null ? null : EmailOptin.fromValue(row.getString("email_optin")))
              .emailStatus(row.getString("email_status") == null ? null : EmailStatus.fromValue(row.getString("email_status")))
              .customId(row.getString("custom_id"))
              .joinDate(row.getString("join_date") == null ? null : LocalDate.parse(row.getString("join_date")))
              .updatedAt(instant(row.getString("updated_at")))
              .addresses(new ArrayList<>())
              .phones(new ArrayList<>());
          supporters.put(s.getId(), s);
        }
      }
      try (ResultSet row = statement.executeQuery("SELECT * FROM supporter_address ORDER BY supporter_id, position")) {
        while (row.next()) {
          Address a = new Address()
              .addressType(type(row.getString("address_type")))
              .street1(row.getString("street1"))
              .street2(row.getString("street2"))
              .street3(row.getString("street3"))
              .city(row.getString("city"))
              .state(row.getString("state"))
              .zipcode(row.getString("zipcode"))
              .zipplus(row.getString("zipplus"))
              .congressDistrict(row.getString("congress_district"));
          supporters.get(row.getString("supporter_id")).getAddresses().add(a);
        }
      }
      try (ResultSet row = statement.executeQuery("SELECT * FROM supporter_phone ORDER BY supporter_id, position")) {
        while (row.next()) {
          supporters.get(row.getString("supporter_id")).getPhones()
              .add(new Phone().telephone(row.getString("telephone")).addressType(type(row.getString("address_type"))));
        }
      }
    }
    return supporters;
  }

  /** Every supporter the API lists, by id, with empty lists where the API sent none (as stored). */
  static Map<String, Supporter> listed(RallyCongress rally) {
    Map<String, Supporter> supporters = new TreeMap<>();
    rally.supporters(SupporterQuery.all(), PageOptions.builder().pageSize(1000).build()).blockingForEach(s -> {
      if (s.getAddresses() == null) {
        s.addresses(new ArrayList<>());
      }
      if (s.getPhones() == null) {
        s.phones(new ArrayList<>());
      }
      if (s.getUpdatedAt() != null) {
        s.updatedAt(s.getUpdatedAt().withOffsetSameInstant(ZoneOffset.UTC));
      }
      supporters.put(s.getId(), s);
    });
    return supporters;
  }

  /** Every row of {@code table} as text, in primary key order: two databases compare exactly. */
  static List<Map<String, String>> dump(DataSource dataSource, String table, String orderBy) throws SQLException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
         PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table + " ORDER BY " + orderBy);
         ResultSet row = select.executeQuery()) {
      ResultSetMetaData meta = row.getMetaData();
      while (row.next()) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          values.put(meta.getColumnName(i), row.getString(i));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  /** One value of the first row of {@code sql}. */
  static String value(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery(sql)) {
      return row.next() ? row.getString(1) : null;
    }
  }

  private static OffsetDateTime instant(String text) {
    if (text == null) {
      return null;
    }
    // SQLite keeps RFC 3339 text; PostgreSQL's text form of timestamptz is "2026-01-01 00:00:00+00".
    String iso = text.replace(' ', 'T');
    if (iso.endsWith("+00")) {
      iso = iso + ":00";
    }
    return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static AddressType type(String text) {
    return text == null ? null : AddressType.fromValue(text);
  }
}
