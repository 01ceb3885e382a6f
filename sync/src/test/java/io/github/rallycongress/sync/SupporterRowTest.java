package io.github.rallycongress.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.Phone;
import io.github.rallycongress.generated.model.Supporter;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The content hash decides that a supporter read again is unchanged and is not rewritten: any
 * difference in a stored value must change it, and nothing else may. Supporters are decoded from
 * JSON by the client's own adapters, as the sync receives them.
 */
class SupporterRowTest {
  private static final JsonAdapter<Supporter> ADAPTER = GeneratedJson.moshi().adapter(Supporter.class);
  private static final String BASE = "{\"id\":\"3000001\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
      + "\"middleName\":\"King\",\"suffix\":\"Jr.\",\"prefix\":\"Ms.\",\"email\":\"ada@example.org\","
      + "\"emailOptin\":\"optedin\",\"emailStatus\":\"valid\",\"customId\":\"0035e00000AbCdE\","
      + "\"addresses\":[{\"addressType\":\"home\",\"street1\":\"1 Main St\",\"street2\":\"Apt 2\",\"street3\":\"Rear\","
      + "\"city\":\"Albany\",\"state\":\"NY\",\"zipcode\":\"12207\",\"zipplus\":\"1234\",\"congressDistrict\":\"NY-20\"},"
      + "{\"addressType\":\"work\",\"street1\":\"9 State St\",\"city\":\"Troy\",\"state\":\"NY\",\"zipcode\":\"12180\"}],"
      + "\"phones\":[{\"telephone\":\"5185551234\",\"addressType\":\"home\"}],"
      + "\"joinDate\":\"2020-01-02\",\"updatedAt\":\"2026-03-14T15:09:26.5Z\"}";

  private static String hash(String json) throws IOException {
    return SupporterRow.from(ADAPTER.fromJson(json), new SupporterRow.Hasher()).hash();
  }

  @Test
  void everyStoredValueChangesTheHash() throws IOException {
    Map<String, String> variants = new LinkedHashMap<>();
    variants.put("base", BASE);
    variants.put("first name", BASE.replace("\"Ada\"", "\"Ado\""));
    variants.put("first name null", BASE.replace("\"firstName\":\"Ada\",", ""));
    variants.put("first name empty", BASE.replace("\"Ada\"", "\"\""));
    variants.put("a letter moved between names", BASE.replace("\"Ada\",\"lastName\":\"Lovelace\"",
        "\"AdaL\",\"lastName\":\"ovelace\""));
    variants.put("non-ASCII", BASE.replace("\"Ada\"", "\"Adà\""));
    variants.put("other non-ASCII", BASE.replace("\"Ada\"", "\"Adá\""));
    variants.put("last name", BASE.replace("Lovelace", "Byron"));
    variants.put("middle name", BASE.replace("King", "Kinf"));
    variants.put("suffix", BASE.replace("Jr.", "Sr."));
    variants.put("prefix", BASE.replace("Ms.", "Dr."));
    variants.put("email", BASE.replace("ada@", "ada2@"));
    variants.put("email opt-in", BASE.replace("optedin", "optedout"));
    variants.put("unknown opt-in", BASE.replace("optedin", "pending"));
    variants.put("email status", BASE.replace("valid", "bounced"));
    variants.put("custom id", BASE.replace("AbCdE", "AbCdF"));
    variants.put("join date", BASE.replace("2020-01-02", "2020-01-03"));
    variants.put("updatedAt, a nanosecond", BASE.replace("26.5Z", "26.500000001Z"));
    variants.put("updatedAt, a second", BASE.replace("26.5Z", "27.5Z"));
    variants.put("updatedAt absent", BASE.replace(",\"updatedAt\":\"2026-03-14T15:09:26.5Z\"", ""));
    variants.put("unknown property", BASE.replace("{\"id\"", "{\"tier\":\"gold\",\"id\""));
    variants.put("unknown property, other value", BASE.replace("{\"id\"", "{\"tier\":\"silver\",\"id\""));
    variants.put("address type", BASE.replace("\"home\",\"street1\"", "\"work\",\"street1\""));
    variants.put("street1", BASE.replace("1 Main St", "2 Main St"));
    variants.put("street2", BASE.replace("Apt 2", "Apt 3"));
    variants.put("street3", BASE.replace("Rear", "Front"));
    variants.put("city", BASE.replace("Albany", "Albanz"));
    variants.put("state", BASE.replace("\"NY\",\"zipcode\":\"12207\"", "\"NJ\",\"zipcode\":\"12207\""));
    variants.put("zipcode", BASE.replace("12207", "12208"));
    variants.put("zipplus", BASE.replace("1234\"", "1235\""));
    variants.put("congress district", BASE.replace("NY-20", "NY-21"));
    variants.put("address unknown property", BASE.replace("{\"addressType\":\"home\"", "{\"geo\":[1,2],\"addressType\":\"home\""));
    variants.put("addresses swapped", BASE.replace(
        "{\"addressType\":\"home\",\"street1\":\"1 Main St\",\"street2\":\"Apt 2\",\"street3\":\"Rear\","
            + "\"city\":\"Albany\",\"state\":\"NY\",\"zipcode\":\"12207\",\"zipplus\":\"1234\",\"congressDistrict\":\"NY-20\"},"
            + "{\"addressType\":\"work\",\"street1\":\"9 State St\",\"city\":\"Troy\",\"state\":\"NY\",\"zipcode\":\"12180\"}",
        "{\"addressType\":\"work\",\"street1\":\"9 State St\",\"city\":\"Troy\",\"state\":\"NY\",\"zipcode\":\"12180\"},"
            + "{\"addressType\":\"home\",\"street1\":\"1 Main St\",\"street2\":\"Apt 2\",\"street3\":\"Rear\","
            + "\"city\":\"Albany\",\"state\":\"NY\",\"zipcode\":\"12207\",\"zipplus\":\"1234\",\"congressDistrict\":\"NY-20\"}"));
    variants.put("no phones", BASE.replace("\"phones\":[{\"telephone\":\"5185551234\",\"addressType\":\"home\"}],",
        "\"phones\":[],"));
    variants.put("telephone", BASE.replace("5185551234", "5185551235"));
    variants.put("phone type", BASE.replace("\"5185551234\",\"addressType\":\"home\"",
        "\"5185551234\",\"addressType\":\"cell\""));
    variants.put("phone unknown property", BASE.replace("{\"telephone\"", "{\"sms\":true,\"telephone\""));
    variants.put("id", BASE.replace("3000001", "3000002"));

    Map<String, String> hashes = new LinkedHashMap<>();
    for (Map.Entry<String, String> variant : variants.entrySet()) {
      assertThat(variant.getValue()).as(variant.getKey()).isNotEqualTo(variant.getKey().equals("base") ? "" : BASE);
      hashes.put(variant.getKey(), hash(variant.getValue()));
    }
    assertThat(hashes.values()).as(hashes.toString()).doesNotHaveDuplicates()
        .allSatisfy(hash -> assertThat(hash).matches("[A-Za-z0-9+/]{22}"));
  }

  @Test
  void theChildrensHashCoversTheAddressesAndPhonesAlone() throws IOException {
    String children = SupporterRow.from(ADAPTER.fromJson(BASE), new SupporterRow.Hasher()).childrenHash();
    for (String supporterOnly : new String[] {BASE.replace("\"Ada\"", "\"Ado\""), BASE.replace("optedin", "optedout"),
        BASE.replace("26.5Z", "27.5Z"), BASE.replace("{\"id\"", "{\"tier\":\"gold\",\"id\"")}) {
      assertThat(SupporterRow.from(ADAPTER.fromJson(supporterOnly), new SupporterRow.Hasher()).childrenHash())
          .isEqualTo(children);
    }
    for (String childChanged : new String[] {BASE.replace("Albany", "Troy"), BASE.replace("5185551234", "5185551235"),
        BASE.replace("{\"telephone\"", "{\"sms\":true,\"telephone\""), BASE.replace(",\"phones\":[{\"telephone\""
            + ":\"5185551234\",\"addressType\":\"home\"}]", "")}) {
      assertThat(SupporterRow.from(ADAPTER.fromJson(childChanged), new SupporterRow.Hasher()).childrenHash())
          .as(childChanged).isNotEqualTo(children);
    }
  }

  @Test
  void theSameValuesHashAlikeWhateverTheOffsetOrTheHashersHistory() throws IOException {
    SupporterRow.Hasher reused = new SupporterRow.Hasher();
    Supporter supporter = ADAPTER.fromJson(BASE);
    String first = SupporterRow.from(supporter, reused).hash();
    SupporterRow.from(ADAPTER.fromJson(BASE.replace("Lovelace", "a much longer last name than before")), reused);

    assertThat(SupporterRow.from(supporter, reused).hash()).isEqualTo(first);
    assertThat(hash(BASE)).isEqualTo(first);
    assertThat(hash(BASE.replace("2026-03-14T15:09:26.5Z", "2026-03-14T16:09:26.500+01:00"))).isEqualTo(first);
  }

  @Test
  void aLongNonAsciiValueGrowsTheBuffer() throws IOException {
    String longName = "é".repeat(5_000);
    String json = BASE.replace("\"Ada\"", "\"" + longName + "\"");
    assertThat(hash(json)).isEqualTo(hash(json)).isNotEqualTo(hash(BASE.replace("\"Ada\"", "\"" + "e".repeat(5_000) + "\"")));
  }

  /**
   * A property the spec adds reaches the sync as an unknown property, stored in
   * {@code unknown_properties}, until the client is regenerated; from then on the generated model
   * knows it and only {@link SupporterRow#from} can store it. The compiler cannot say so (nothing
   * that compiled stops compiling), so this does: every property the generated models know, varied
   * alone, must change both a stored value and the hash. Seen failing with an optional
   * {@code nickname} added to the spec's {@code Supporter}.
   */
  @Test
  void everyPropertyTheGeneratedModelsKnowIsStored() throws IOException {
    List<String> notStored = new ArrayList<>();
    for (Class<?> model : List.of(Supporter.class, Address.class, Phone.class)) {
      for (Map.Entry<String, Field> known : properties(model).entrySet()) {
        if (known.getValue().getType() == List.class) {
          continue; // addresses, phones: their items' properties are varied one by one
        }
        String property = known.getKey();
        SupporterRow a = SupporterRow.from(ADAPTER.fromJson(everyProperty(null, null)), new SupporterRow.Hasher());
        SupporterRow b = SupporterRow.from(ADAPTER.fromJson(everyProperty(model, property)), new SupporterRow.Hasher());
        if (storedValues(a).equals(storedValues(b)) || a.hash().equals(b.hash())) {
          notStored.add(model.getSimpleName() + "." + property);
        }
      }
    }
    assertThat(notStored)
        .as("properties of the spec that the generated models know but SupporterRow.from does not store (before the "
            + "client was regenerated they were kept in unknown_properties; store each in a column of its own, with a "
            + "Flyway migration, and in the hash)")
        .isEmpty();
  }

  /** A supporter with one address and one phone, every known property set; {@code varied}'s second value. */
  private static String everyProperty(Class<?> variedModel, String varied) {
    return object(Supporter.class, variedModel, varied);
  }

  private static String object(Class<?> model, Class<?> variedModel, String varied) {
    StringJoiner json = new StringJoiner(",", "{", "}");
    for (Map.Entry<String, Field> property : properties(model).entrySet()) {
      Field field = property.getValue();
      String value;
      if (field.getType() == List.class) {
        Class<?> item = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
        value = "[" + object(item, variedModel, varied) + "]";
      } else {
        value = value(model.getSimpleName() + "." + property.getKey(), field.getType(),
            model == variedModel && property.getKey().equals(varied));
      }
      json.add("\"" + property.getKey() + "\":" + value);
    }
    return json.toString();
  }

  private static String value(String property, Class<?> type, boolean second) {
    if (type == String.class || isOpenEnum(type)) {
      return second ? "\"b\"" : "\"a\"";
    } else if (type == LocalDate.class) {
      return second ? "\"2020-01-03\"" : "\"2020-01-02\"";
    } else if (type == OffsetDateTime.class) {
      return second ? "\"2026-03-14T15:09:27Z\"" : "\"2026-03-14T15:09:26Z\"";
    } else if (type == Integer.class || type == Long.class || type == Double.class || type == Float.class
        || type == java.math.BigDecimal.class) {
      return second ? "2" : "1";
    } else if (type == Boolean.class) {
      return second ? "true" : "false";
    }
    throw new AssertionError(property + " is of a type this test cannot fill (" + type.getName() + "): teach it one");
  }

  private static boolean isOpenEnum(Class<?> type) {
    try {
      return type.getMethod("fromValue", String.class).getReturnType() == type;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** The JSON names of the properties a generated model knows, with their fields. */
  private static Map<String, Field> properties(Class<?> model) {
    Map<String, Field> properties = new LinkedHashMap<>();
    for (Field field : model.getDeclaredFields()) {
      Json json = field.getAnnotation(Json.class);
      if (json != null) {
        properties.put(json.name(), field);
      }
    }
    assertThat(properties).as(model.getName() + " has no @Json fields: has the generator's output changed?").isNotEmpty();
    return properties;
  }

  /** Every value the row stores, the hashes left out. */
  private static List<Object> storedValues(SupporterRow row) {
    List<Object> values = new ArrayList<>();
    for (RecordComponent component : SupporterRow.class.getRecordComponents()) {
      if (!component.getName().equals("hash") && !component.getName().equals("childrenHash")) {
        try {
          values.add(component.getAccessor().invoke(row));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
    return values;
  }
}
