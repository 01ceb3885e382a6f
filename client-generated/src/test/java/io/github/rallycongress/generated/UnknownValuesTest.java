package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.EmailStatus;
import io.github.rallycongress.generated.model.Supporter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UnknownValuesTest {
  private final JsonAdapter<Supporter> supporters = GeneratedJson.moshi().adapter(Supporter.class);

  @Test
  void enumValueTheClientDoesNotKnowDecodesToUnrecognizedAndKeepsTheRest() throws Exception {
    Supporter supporter = supporters.fromJson("{\"id\":\"900123\",\"emailOptin\":\"double_opt_in\","
        + "\"emailStatus\":\"validated\",\"addresses\":[{\"addressType\":\"Dormitory\",\"city\":\"Albany\"}]}");

    assertThat(supporter.getId()).isEqualTo("900123");
    assertThat(supporter.getEmailOptin()).isEqualTo(EmailOptin.UNRECOGNIZED);
    assertThat(supporter.getEmailStatus()).isEqualTo(EmailStatus.VALIDATED);
    assertThat(supporter.getAddresses().get(0).getAddressType()).isEqualTo(AddressType.UNRECOGNIZED);
    assertThat(supporter.getAddresses().get(0).getCity()).isEqualTo("Albany");
  }

  @Test
  void publishedMixedCaseSpellingIsKept() throws Exception {
    JsonAdapter<AddressType> adapter = GeneratedJson.moshi().adapter(AddressType.class);

    assertThat(adapter.fromJson("\"Home\"")).isEqualTo(AddressType.HOME);
    assertThat(adapter.fromJson("\"work\"")).isEqualTo(AddressType.WORK);
    assertThat(adapter.toJson(AddressType.HOME)).isEqualTo("\"Home\"");
    assertThat(AddressType.HOME).hasToString("Home");
    assertThat(AddressType.fromValue("home")).isEqualTo(AddressType.UNRECOGNIZED);
  }

  @Test
  void datesAreJavaTimeTypesWrittenBackInTheSameForm() throws Exception {
    Supporter supporter = supporters.fromJson(
        "{\"id\":\"1\",\"joinDate\":\"2025-11-02\",\"updatedAt\":\"2026-03-14T15:09:26Z\"}");

    assertThat(supporter.getJoinDate()).isEqualTo(LocalDate.of(2025, 11, 2));
    assertThat(supporter.getUpdatedAt()).isEqualTo(OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 0, ZoneOffset.UTC));
    assertThat(supporters.toJson(supporter))
        .isEqualTo("{\"id\":\"1\",\"joinDate\":\"2025-11-02\",\"updatedAt\":\"2026-03-14T15:09:26Z\"}");
  }

  @Test
  void malformedDateNamesTheValueAndItsJsonPath() {
    assertThatThrownBy(() -> supporters.fromJson("{\"id\":\"1\",\"joinDate\":\"11/02/2025\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Expected a date such as 2025-11-02 but was '11/02/2025' at path $.joinDate");
  }
}
