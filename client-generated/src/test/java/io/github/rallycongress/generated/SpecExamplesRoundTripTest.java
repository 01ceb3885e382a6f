package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The spec's examples are the oracle for the generated models: every example of every schema and
 * of every JSON response decodes into its generated class with the project's Moshi setup and
 * encodes back with no property lost or changed. A template that drops, renames or mistypes a
 * property fails here.
 */
class SpecExamplesRoundTripTest {
  private static final String MODEL_PACKAGE = "io.github.rallycongress.generated.model.";
  private static final Moshi MOSHI = GeneratedJson.moshi();
  private static final JsonAdapter<Object> TREE = MOSHI.adapter(Object.class);

  private static OpenAPI spec;

  @BeforeAll
  static void parseSpec() {
    ParseOptions options = new ParseOptions();
    options.setResolve(false); // keep $ref names: they name the generated classes
    String location = Path.of(System.getProperty("rally.spec", "../spec/rally-congress-v3.yaml")).toString();
    SwaggerParseResult result = new OpenAPIV3Parser().readLocation(location, null, options);
    assertThat(result.getMessages()).as("parser messages for %s", location).isEmpty();
    spec = result.getOpenAPI();
    collectEnumValues();
  }

  /** One JSON example, with where it came from and the schema it must satisfy. */
  private record JsonExample(String where, String schemaName, Object value) {}

  @TestFactory
  List<DynamicTest> everyExampleRoundTripsThroughItsGeneratedModel() {
    List<JsonExample> examples = collectExamples();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonExample example : examples) {
      tests.add(DynamicTest.dynamicTest(example.where(), () -> assertRoundTrip(example)));
    }
    return tests;
  }

  @Test
  void examplesCoverEverySchemaThatHasAGeneratedModel() {
    Set<String> covered = new TreeSet<>();
    for (JsonExample example : collectExamples()) {
      covered.add(example.schemaName());
    }
    Set<String> expected = new TreeSet<>(spec.getComponents().getSchemas().keySet());
    expected.removeAll(formBodySchemas());
    assertThat(covered).isEqualTo(expected);
    // Form bodies become Retrofit @Field parameters, not models.
    assertThat(formBodySchemas()).containsExactlyInAnyOrder("ActionSubmissionForm", "SupporterForm");
    for (String name : formBodySchemas()) {
      assertThat(modelClass(name)).as("a model for form body %s", name).isNull();
    }
  }

  @Test
  void responseExamplesAreCheckedNotOnlySchemaExamples() {
    long responseExamples = collectExamples().stream().filter(e -> e.where().startsWith("response ")).count();
    assertThat(responseExamples).isGreaterThanOrEqualTo(spec.getPaths().size());
  }

  private static void assertRoundTrip(JsonExample example) throws Exception {
    Class<?> type = modelClass(example.schemaName());
    assertThat(type).as("generated class for schema %s", example.schemaName()).isNotNull();
    String json = Json.mapper().writeValueAsString(example.value());
    @SuppressWarnings("unchecked")
    JsonAdapter<Object> adapter = (JsonAdapter<Object>) MOSHI.adapter(type);
    Object decoded = adapter.fromJson(json);
    assertThat(decoded).as("decoded %s", example.where()).isNotNull();
    if (isOpenEnum(type)) {
      assertThat(type.getMethod("isKnown").invoke(decoded)).as("enum example %s is a published value", example.where())
          .isEqualTo(true);
    }
    String encoded = adapter.toJson(decoded);
    Object expectedTree = withoutNulls(TREE.fromJson(json));
    Object actualTree = withoutNulls(TREE.fromJson(encoded));
    assertThat(actualTree).as("%s re-encoded as %s", example.where(), encoded).isEqualTo(expectedTree);
  }

  /**
   * The spec's {@code required} lists, both ways: every schema's example with one of its
   * properties left out decodes if the spec does not require that property, and fails naming it if
   * it does. A model that required more than the spec failed a real answer that the spec allows
   * (a page of supporters, for one phone without a number); one that required less would hand a
   * null to code that the spec promised a value.
   */
  @TestFactory
  List<DynamicTest> aModelRequiresExactlyWhatTheSpecRequires() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonExample example : collectExamples()) {
      Class<?> type = modelClass(example.schemaName());
      if (!example.where().startsWith("schema ") || type == null || isOpenEnum(type)) {
        continue;
      }
      Set<String> required = requiredOf(spec.getComponents().getSchemas().get(example.schemaName()));
      @SuppressWarnings("unchecked")
      Map<String, Object> properties = (Map<String, Object>) treeOf(example.value());
      for (String property : properties.keySet()) {
        boolean isRequired = required.contains(property);
        tests.add(DynamicTest.dynamicTest(example.schemaName() + " without " + property
            + (isRequired ? " (required)" : ""), () -> {
              Map<String, Object> without = new LinkedHashMap<>(properties);
              without.remove(property);
              JsonAdapter<?> adapter = MOSHI.adapter(type);
              if (isRequired) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> adapter.fromJson(TREE.toJson(without)))
                    .isInstanceOf(com.squareup.moshi.JsonDataException.class)
                    .hasMessageContaining("'" + property + "'");
              } else {
                assertThat((Object) adapter.fromJson(TREE.toJson(without))).isNotNull();
              }
            }));
      }
    }
    assertThat(tests).as("properties left out").hasSizeGreaterThan(50);
    return tests;
  }

  private static Object treeOf(Object example) {
    try {
      return TREE.fromJson(Json.mapper().writeValueAsString(example));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A schema's {@code required} names, with those of the schemas it extends by {@code allOf}. */
  private static Set<String> requiredOf(Schema<?> schema) {
    Set<String> required = new TreeSet<>();
    if (schema.get$ref() != null) {
      return requiredOf(spec.getComponents().getSchemas().get(refName(schema.get$ref())));
    }
    if (schema.getRequired() != null) {
      required.addAll(schema.getRequired());
    }
    if (schema.getAllOf() != null) {
      for (Schema<?> part : schema.getAllOf()) {
        required.addAll(requiredOf(part));
      }
    }
    return required;
  }

  /**
   * Every example again, with a property the spec does not name added to every object at every
   * level (supporter, address, phone, page, campaign, action, form field, error...) and every enum
   * value replaced by one the spec does not list: each decodes with the extra property kept on the
   * model of its own level and encodes back to the same JSON.
   */
  @TestFactory
  List<DynamicTest> everyExampleKeepsUnknownPropertiesAndValuesAtEveryLevel() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonExample example : collectExamples()) {
      tests.add(DynamicTest.dynamicTest(example.where(), () -> assertUnknownsSurvive(example)));
    }
    return tests;
  }

  @Test
  void unknownPropertiesAreKeptOnEveryModelThatTheIssueNames() throws Exception {
    // The levels named by issue 12, reached from the examples of the two page schemas and the form.
    Set<String> levels = new TreeSet<>();
    for (JsonExample example : collectExamples()) {
      Object decoded = decodeWithUnknowns(example);
      collectModelsWithUnknowns(decoded, levels);
    }
    assertThat(levels).contains("Supporter", "Address", "Phone", "SupporterPage", "CampaignPage", "Campaign",
        "CampaignAction", "ActionForm", "FormField", "ErrorResponse", "ErrorDetail");
  }

  private static final String EXTRA = "futureProperty";
  private static final Object EXTRA_VALUE = Map.of("level", "gold", "score", List.of(1, 2.5, true));

  private static void assertUnknownsSurvive(JsonExample example) throws Exception {
    Class<?> type = modelClass(example.schemaName());
    @SuppressWarnings("unchecked")
    JsonAdapter<Object> adapter = (JsonAdapter<Object>) MOSHI.adapter(type);
    String json = TREE.toJson(withUnknowns(example.value()));
    Object decoded = adapter.fromJson(json);
    if (isOpenEnum(type)) {
      assertThat(decoded).hasToString(UNKNOWN_ENUM_VALUE);
      assertThat(type.getMethod("isKnown").invoke(decoded)).isEqualTo(false);
    } else {
      assertEveryModelKeptTheExtra(decoded, example.where());
    }
    String encoded = adapter.toJson(decoded);
    assertThat(withoutNulls(TREE.fromJson(encoded))).as("%s re-encoded as %s", example.where(), encoded)
        .isEqualTo(withoutNulls(TREE.fromJson(json)));
  }

  private static final String UNKNOWN_ENUM_VALUE = "value_added_later";

  private static Object decodeWithUnknowns(JsonExample example) throws Exception {
    return MOSHI.adapter(modelClass(example.schemaName())).fromJson(TREE.toJson(withUnknowns(example.value())));
  }

  /** The example as a JSON tree, with {@link #EXTRA} in every object and enum strings made unknown. */
  private static Object withUnknowns(Object example) throws Exception {
    Object tree = TREE.fromJson(Json.mapper().writeValueAsString(example));
    return addUnknowns(tree);
  }

  private static Object addUnknowns(Object tree) {
    if (tree instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, value) -> copy.put(key, addUnknowns(value)));
      copy.put(EXTRA, EXTRA_VALUE);
      return copy;
    }
    if (tree instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object item : list) {
        copy.add(addUnknowns(item));
      }
      return copy;
    }
    if (tree instanceof String text && ENUM_VALUES.contains(text)) {
      return UNKNOWN_ENUM_VALUE;
    }
    return tree;
  }

  /** Every value of every enum schema of the spec (examples' strings that are one get replaced). */
  private static final Set<String> ENUM_VALUES = new TreeSet<>();

  private static void collectEnumValues() {
    spec.getComponents().getSchemas().values().forEach(schema -> {
      if (schema.getEnum() != null) {
        schema.getEnum().forEach(value -> ENUM_VALUES.add(String.valueOf(value)));
      }
    });
  }

  private static void assertEveryModelKeptTheExtra(Object decoded, String where) throws Exception {
    Set<String> levels = new TreeSet<>();
    int models = collectModelsWithUnknowns(decoded, levels);
    assertThat(models).as("models decoded from %s", where).isPositive();
  }

  /** Walks the decoded models; fails unless each kept exactly {@link #EXTRA}; returns how many there were. */
  private static int collectModelsWithUnknowns(Object value, Set<String> levels) throws Exception {
    if (value instanceof List<?> list) {
      int count = 0;
      for (Object item : list) {
        count += collectModelsWithUnknowns(item, levels);
      }
      return count;
    }
    if (value == null || !value.getClass().getName().startsWith(MODEL_PACKAGE) || isOpenEnum(value.getClass())) {
      return 0;
    }
    Object unknown = value.getClass().getMethod("getUnknownProperties").invoke(value);
    assertThat(unknown).as("unknown properties of a %s", value.getClass().getSimpleName())
        .isEqualTo(Map.of(EXTRA, TREE.toJson(EXTRA_VALUE)));
    levels.add(value.getClass().getSimpleName());
    int count = 1;
    for (java.lang.reflect.Field field : value.getClass().getDeclaredFields()) {
      if (field.isAnnotationPresent(com.squareup.moshi.Json.class)) {
        field.setAccessible(true);
        count += collectModelsWithUnknowns(field.get(value), levels);
      }
    }
    return count;
  }

  private static boolean isOpenEnum(Class<?> type) {
    try {
      return type.getMethod("fromValue", String.class) != null;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /**
   * Moshi writes an absent (null) property by leaving it out, so {@code "nextpageuri": null} and a
   * missing {@code nextpageuri} mean the same thing to a client: compare with null members removed.
   */
  private static Object withoutNulls(Object tree) {
    if (tree instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, value) -> {
        if (value != null) {
          copy.put(key, withoutNulls(value));
        }
      });
      return copy;
    }
    if (tree instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object item : list) {
        copy.add(withoutNulls(item));
      }
      return copy;
    }
    return tree;
  }

  private static Class<?> modelClass(String schemaName) {
    try {
      return Class.forName(MODEL_PACKAGE + schemaName);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static Set<String> formBodySchemas() {
    Set<String> names = new TreeSet<>();
    for (PathItem item : spec.getPaths().values()) {
      for (Operation operation : item.readOperations()) {
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
          MediaType form = operation.getRequestBody().getContent().get("application/x-www-form-urlencoded");
          if (form != null && form.getSchema() != null && form.getSchema().get$ref() != null) {
            names.add(refName(form.getSchema().get$ref()));
          }
        }
      }
    }
    return names;
  }

  private static List<JsonExample> collectExamples() {
    List<JsonExample> examples = new ArrayList<>();
    Set<String> forms = formBodySchemas();
    spec.getComponents().getSchemas().forEach((name, schema) -> {
      if (!forms.contains(name)) {
        assertThat(schema.getExample()).as("schema %s has an example", name).isNotNull();
        examples.add(new JsonExample("schema " + name, name, schema.getExample()));
      }
    });
    spec.getComponents().getResponses().forEach((name, response) ->
        addResponseExamples(examples, "components/responses/" + name, response));
    spec.getPaths().forEach((path, item) -> {
      for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
        entry.getValue().getResponses().forEach((status, response) -> {
          if (response.get$ref() == null) {
            addResponseExamples(examples, entry.getKey() + " " + path + " " + status, response);
          }
        });
      }
    });
    return examples;
  }

  private static void addResponseExamples(List<JsonExample> examples, String where, ApiResponse response) {
    if (response.getContent() == null) {
      return; // 302 and 304 have no body
    }
    MediaType json = response.getContent().get("application/json");
    assertThat(json).as("%s has an application/json body", where).isNotNull();
    Schema<?> schema = json.getSchema();
    assertThat(schema.get$ref()).as("%s names its schema", where).isNotNull();
    String schemaName = refName(schema.get$ref());
    boolean any = false;
    if (json.getExample() != null) {
      examples.add(new JsonExample("response " + where, schemaName, json.getExample()));
      any = true;
    }
    if (json.getExamples() != null) {
      for (Map.Entry<String, Example> named : json.getExamples().entrySet()) {
        Example example = named.getValue();
        if (example.get$ref() != null) {
          example = spec.getComponents().getExamples().get(refName(example.get$ref()));
        }
        examples.add(new JsonExample("response " + where + " (" + named.getKey() + ")", schemaName, example.getValue()));
        any = true;
      }
    }
    assertThat(any).as("%s has an example", where).isTrue();
  }

  private static String refName(String ref) {
    return ref.substring(ref.lastIndexOf('/') + 1);
  }
}
