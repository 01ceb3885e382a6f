package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.EmailStatus;
import io.github.rallycongress.generated.model.Supporter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values and properties the client does not know: kept as the server sent them, never invented. */
class UnknownValuesTest {
  private final JsonAdapter<Supporter> supporters = GeneratedJson.moshi().adapter(Supporter.class);

  @Test
  void enumValueTheClientDoesNotKnowKeepsTheExactStringAndTheRest() throws Exception {
    // The example: an opt-in value the API added later, and a lowercase address type.
    String json = "{\"id\":\"900123\",\"emailOptin\":\"double_opt_in\",\"emailStatus\":\"validated\","
        + "\"addresses\":[{\"addressType\":\"Dormitory\",\"city\":\"Albany\"},{\"addressType\":\"home\"}]}";
    Supporter supporter = supporters.fromJson(json);

    assertThat(supporter.getId()).isEqualTo("900123");
    assertThat(supporter.getEmailOptin().getValue()).isEqualTo("double_opt_in");
    assertThat(supporter.getEmailOptin().isKnown()).isFalse();
    assertThat(supporter.getEmailOptin()).hasToString("double_opt_in").isNotEqualTo(EmailOptin.YES);
    assertThat(supporter.getEmailStatus()).isSameAs(EmailStatus.VALIDATED);
    Address dormitory = supporter.getAddresses().get(0);
    assertThat(dormitory.getAddressType().getValue()).isEqualTo("Dormitory");
    assertThat(dormitory.getCity()).isEqualTo("Albany");
    assertThat(supporters.toJson(supporter)).isEqualTo(json);
  }

  @Test
  void addressTypeIgnoresCaseAsTheSpecSaysButKeepsTheSpellingReceived() throws Exception {
    JsonAdapter<AddressType> adapter = GeneratedJson.moshi().adapter(AddressType.class);

    assertThat(adapter.fromJson("\"Home\"")).isSameAs(AddressType.HOME);
    assertThat(adapter.fromJson("\"work\"")).isSameAs(AddressType.WORK);
    AddressType lower = adapter.fromJson("\"home\"");
    AddressType upper = adapter.fromJson("\"WORK\"");
    assertThat(lower).isEqualTo(AddressType.HOME).hasSameHashCodeAs(AddressType.HOME).hasToString("home");
    assertThat(lower.isKnown()).isTrue();
    assertThat(lower.canonical()).isSameAs(AddressType.HOME);
    assertThat(upper).isEqualTo(AddressType.WORK);
    assertThat(upper.getValue()).isEqualTo("WORK");
    assertThat(adapter.toJson(lower)).isEqualTo("\"home\"");
    assertThat(adapter.toJson(AddressType.HOME)).isEqualTo("\"Home\"");
  }

  @Test
  void enumsTheSpecDoesNotMarkCaseInsensitiveCompareExactly() {
    // The spec marks only AddressType with x-case-insensitive.
    assertThat(EmailOptin.fromValue("YES")).isNotEqualTo(EmailOptin.YES);
    assertThat(EmailOptin.fromValue("YES").isKnown()).isFalse();
    assertThat(ActionType.fromValue("Letter")).isNotEqualTo(ActionType.LETTER);
    assertThat(ActionType.fromValue("letter")).isSameAs(ActionType.LETTER);
    assertThat(EmailOptin.knownValues()).extracting(EmailOptin::getValue)
        .containsExactly("not_collected", "no", "yes", "pending", "unsubscribed", "spam");
  }

  @Test
  void propertiesTheSpecDoesNotNameAreKeptAsJsonTextAndWrittenBack() throws Exception {
    String json = "{\"id\":\"900123\",\"email\":\"maria@example.org\","
        + "\"addresses\":[{\"city\":\"Albany\",\"county\":\"Albany County\"}],"
        + "\"membershipLevel\":\"gold\",\"donorId\":12345678901234567890,"
        + "\"customFields\":{\"tshirt\":\"M\",\"tags\":[1,2.50,null,true]},\"nickname\":null}";
    Supporter supporter = supporters.fromJson(json);

    assertThat(supporter.getUnknownProperties()).containsExactly(
        entry("membershipLevel", "\"gold\""),
        entry("donorId", "12345678901234567890"),
        entry("customFields", "{\"tshirt\":\"M\",\"tags\":[1,2.50,null,true]}"),
        entry("nickname", "null"));
    assertThat(supporter.getAddresses().get(0).getUnknownProperties())
        .containsExactly(entry("county", "\"Albany County\""));
    assertThat(supporters.toJson(supporter)).isEqualTo(json);
    assertThatThrownBy(() -> supporter.getUnknownProperties().put("x", "1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void textWithAnUnpairedSurrogateIsWrittenBackAsTheEscapeItWasReadFrom() throws Exception {
    // JSON may escape a lone half of a UTF-16 pair; Moshi reads it into the String, and its writer
    // would put '?' in its place: the model written out would not read back equal.
    String json = "{\"id\":\"1\",\"firstName\":\"Zo\\ud800e \\\"Z\\\" \\u2028\",\"emailOptin\":\"x\\udc00\","
        + "\"addresses\":[{\"city\":\"\\ud83d\\ude00 \\udbff\"}]}";
    Supporter supporter = supporters.fromJson(json);
    assertThat(supporter.getFirstName()).isEqualTo("Zo\uD800e \"Z\" \u2028");

    String written = supporters.toJson(supporter);

    assertThat(written).isEqualTo("{\"id\":\"1\",\"firstName\":\"Zo\\ud800e \\\"Z\\\" \\u2028\",\"emailOptin\":\"x\\udc00\","
        + "\"addresses\":[{\"city\":\"\uD83D\uDE00 \\udbff\"}]}");
    assertThat(supporters.fromJson(written)).isEqualTo(supporter);
    // Text without one is written by Moshi as before.
    assertThat(supporters.toJson(new Supporter().id("2").firstName("Zo\u00EB \uD83D\uDE00")))
        .isEqualTo("{\"id\":\"2\",\"firstName\":\"Zo\u00EB \uD83D\uDE00\"}");
    // A map's key is a name, which Moshi writes itself: as before, with '?' in place, and no failure.
    java.lang.reflect.Type map = com.squareup.moshi.Types.newParameterizedType(java.util.Map.class, String.class,
        String.class);
    assertThat(GeneratedJson.moshi().<java.util.Map<String, String>>adapter(map)
        .toJson(java.util.Collections.singletonMap("k\uD800", "v\uD800"))).isEqualTo("{\"k?\":\"v\\ud800\"}");
  }

  @Test
  void unknownPropertiesTakePartInEquality() throws Exception {
    Supporter plain = supporters.fromJson("{\"id\":\"1\"}");
    Supporter gold = supporters.fromJson("{\"id\":\"1\",\"level\":\"gold\"}");
    Supporter silver = supporters.fromJson("{\"id\":\"1\",\"level\":\"silver\"}");

    assertThat(plain.getUnknownProperties()).isEmpty();
    assertThat(plain).isEqualTo(new Supporter().id("1"));
    assertThat(gold).isNotEqualTo(plain).isNotEqualTo(silver).isEqualTo(supporters.fromJson("{\"id\":\"1\",\"level\":\"gold\"}"));
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

  /** RFC 3339's full-date has a four-digit year; java.time alone would read and write others. */
  @ParameterizedTest
  @ValueSource(strings = {"+12025-11-02", "-0001-11-02", "2025-02-30", "2025-11-2"})
  void aDateThatIsNotAnRfc3339FullDateIsRefusedNamingItsPath(String date) {
    assertThatThrownBy(() -> supporters.fromJson("{\"id\":\"1\",\"joinDate\":\"" + date + "\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Expected a date such as 2025-11-02 but was '" + date + "' at path $.joinDate");
  }

  @Test
  void aDateRfc3339CannotWriteIsRefusedWhereItIsWritten() {
    Supporter farOff = new Supporter().id("1").joinDate(LocalDate.of(12025, 11, 2));

    assertThatThrownBy(() -> supporters.toJson(farOff)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RFC 3339 writes years 0000 to 9999, but the date was +12025-11-02.");
  }

  /**
   * Text that is not JSON in a property the spec does not name fails as it would in a known one:
   * it was kept as sent and written back, so the client's own output was not JSON.
   */
  @ParameterizedTest
  @ValueSource(strings = {"{\"a\" 1]", "[1,]", "[1,,2]", "NaN", "tru", "'s'", "\"a\\qb\"", "{a:1}", "[1/*c*/]", "01"})
  void anUnknownPropertyThatIsNotJsonFailsTheDecoding(String value) {
    assertThatThrownBy(() -> supporters.fromJson("{\"id\":\"1\",\"x\":" + value + "}"))
        .isInstanceOf(java.io.IOException.class);
  }

  /**
   * Supporters, addresses and phones are people's data (x-personal-data in the spec): toString()
   * names the properties set, never their values, which an app's log would keep. Other models
   * (campaigns, lawmakers) show their values.
   */
  @Test
  void toStringOfPeoplesDataNamesThePropertiesButShowsNoValue() throws Exception {
    Supporter supporter = supporters.fromJson("{\"id\":\"900123\",\"firstName\":\"Maria\","
        + "\"email\":\"maria.gonzalez@example.org\",\"addresses\":[{\"addressType\":\"Home\","
        + "\"street1\":\"350 Fifth Avenue\",\"city\":\"Albany\"}],\"phones\":[{\"telephone\":\"518-555-0147\"}],"
        + "\"ssn\":\"123-45-6789\"}");

    assertThat(supporter).hasToString("Supporter{id, firstName, email, addresses=[Address{addressType, street1, city}],"
        + " phones=[Phone{telephone}], unknownProperties=[ssn]}");
    assertThat(GeneratedJson.moshi().adapter(io.github.rallycongress.generated.model.Target.class)
        .fromJson("{\"id\":\"S000101\",\"name\":\"Alex Rivera\"}").toString()).contains("Alex Rivera");
    // A page of supporters too: its links repeat the filters it was read with, an email among them.
    io.github.rallycongress.generated.model.SupporterPage page = GeneratedJson.moshi()
        .adapter(io.github.rallycongress.generated.model.SupporterPage.class).fromJson("{\"uri\":"
            + "\"/v3/supporters?email=maria.gonzalez%40example.org\",\"firstpageuri\":\"/v3/supporters?email="
            + "maria.gonzalez%40example.org&page=0\",\"page\":0,\"pagesize\":50,\"totalResults\":1,"
            + "\"supporters\":[{\"id\":\"900123\",\"email\":\"maria.gonzalez@example.org\"}]}");
    assertThat(page.toString()).doesNotContain("maria").contains("uri").contains("supporters=[Supporter{id, email}]");
  }

  @Test
  void anEnumThatIsNotAStringNamesItsPath() {
    assertThatThrownBy(() -> supporters.fromJson("{\"id\":\"1\",\"emailOptin\":{\"v\":1}}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Expected a string but was BEGIN_OBJECT at path $.emailOptin");
  }
}
