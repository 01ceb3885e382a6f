package io.github.rallycongress.benchmarks;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.Phone;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import io.github.rallycongress.sync.SupporterSync;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The floor under the sync: the same stream written into the sync's own tables by the plainest
 * JDBC loop, three prepared batches and one commit per page, with none of the sync's work (no
 * lookup of stored rows, no hash, no checkpoint, no duplicates handled). Pages are read one ahead
 * of the writing, as the sync reads them.
 */
final class PlainInsert {
  private PlainInsert() {
  }

  /** Writes every supporter of {@code rally} into {@code dataSource}'s empty sync tables; returns how many. */
  static long run(RallyCongress rally, int pageSize, DataSource dataSource) throws SQLException {
    SupporterSync.builder(rally, dataSource).build().nextUpdatedSince(); // creates the sync's tables
    long count = 0;
    try (Connection connection = dataSource.getConnection();
         PreparedStatement supporter = connection.prepareStatement("INSERT INTO supporter (id, first_name,"
             + " last_name, middle_name, suffix, prefix, email, email_optin, email_status, custom_id, join_date,"
             + " updated_at, content_hash, last_seen_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0)");
         PreparedStatement address = connection.prepareStatement("INSERT INTO supporter_address (supporter_id,"
             + " position, address_type, street1, street2, street3, city, state, zipcode, zipplus, congress_district)"
             + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
         PreparedStatement phone = connection.prepareStatement("INSERT INTO supporter_phone (supporter_id, position,"
             + " telephone, address_type) VALUES (?, ?, ?, ?)");
         Stream<SupporterPage> pages = rally.supporterPages(SupporterQuery.all(),
             PageOptions.builder().pageSize(pageSize).build()).blockingStream(1)) {
      connection.setAutoCommit(false);
      for (Iterator<SupporterPage> iterator = pages.iterator(); iterator.hasNext(); ) {
        List<Supporter> supporters = iterator.next().getSupporters();
        for (Supporter s : supporters == null ? List.<Supporter>of() : supporters) {
          supporter.setString(1, s.getId());
          supporter.setString(2, s.getFirstName());
          supporter.setString(3, s.getLastName());
          supporter.setString(4, s.getMiddleName());
          supporter.setString(5, s.getSuffix());
          supporter.setString(6, s.getPrefix());
          supporter.setString(7, s.getEmail());
          supporter.setString(8, s.getEmailOptin() == null ? null : s.getEmailOptin().getValue());
          supporter.setString(9, s.getEmailStatus() == null ? null : s.getEmailStatus().getValue());
          supporter.setString(10, s.getCustomId());
          supporter.setString(11, s.getJoinDate() == null ? null : s.getJoinDate().toString());
          supporter.setString(12, s.getUpdatedAt() == null ? null : s.getUpdatedAt().toString());
          supporter.addBatch();
          List<Address> addresses = s.getAddresses() == null ? List.of() : s.getAddresses();
          for (int i = 0; i < addresses.size(); i++) {
            Address a = addresses.get(i);
            address.setString(1, s.getId());
            address.setInt(2, i);
            address.setString(3, a.getAddressType() == null ? null : a.getAddressType().getValue());
            address.setString(4, a.getStreet1());
            address.setString(5, a.getStreet2());
            address.setString(6, a.getStreet3());
            address.setString(7, a.getCity());
            address.setString(8, a.getState());
            address.setString(9, a.getZipcode());
            address.setString(10, a.getZipplus());
            address.setString(11, a.getCongressDistrict());
            address.addBatch();
          }
          List<Phone> phones = s.getPhones() == null ? List.of() : s.getPhones();
          for (int i = 0; i < phones.size(); i++) {
            Phone p = phones.get(i);
            phone.setString(1, s.getId());
            phone.setInt(2, i);
            phone.setString(3, p.getTelephone());
            phone.setString(4, p.getAddressType() == null ? null : p.getAddressType().getValue());
            phone.addBatch();
          }
          count++;
        }
        supporter.executeBatch();
        address.executeBatch();
        phone.executeBatch();
        connection.commit();
      }
    }
    return count;
  }
}
