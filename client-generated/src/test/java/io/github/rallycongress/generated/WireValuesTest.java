package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.rallycongress.generated.api.CampaignsApi;
import io.github.rallycongress.generated.api.SupportersApi;
import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Retrofit;
import retrofit2.adapter.rxjava3.RxJava3CallAdapterFactory;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * Every path, query and form parameter of both generated APIs, called for real over a socket: an
 * enum value read from the server goes back exactly as it was read, a published constant goes as
 * the API spells it, and no request ever carries a Java constant's name (such as a fallback like
 * {@code UNRECOGNIZED}). Which parameters are enums comes from the spec, not from this test.
 */
class WireValuesTest {
  private static final Moshi MOSHI = GeneratedJson.moshi();
  private static final String UNKNOWN = "value_added_later";
  private static final List<Class<?>> APIS = List.of(CampaignsApi.class, SupportersApi.class);

  private static OpenAPI spec;
  private final MockWebServer server = new MockWebServer();
  private Retrofit retrofit;

  @BeforeAll
  static void parseSpec() {
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    spec = new OpenAPIV3Parser().readLocation(System.getProperty("rally.spec", "../spec/rally-congress-v3.yaml"),
        null, options).getOpenAPI();
  }

  @BeforeEach
  void start() throws IOException {
    server.start();
    retrofit = new Retrofit.Builder().baseUrl(server.url("/v3/"))
        .addCallAdapterFactory(RxJava3CallAdapterFactory.create())
        .addConverterFactory(MoshiConverterFactory.create(MOSHI))
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void enumValuesReadFromTheServerGoBackUnchangedInEveryParameter() throws Exception {
    Map<String, String> sent = callEveryOperation(type -> decode(type, UNKNOWN));

    Set<String> enumParameters = new TreeSet<>();
    sent.forEach((where, value) -> {
      if (value.equals(UNKNOWN)) {
        enumParameters.add(where);
      }
    });
    assertThat(enumParameters).isEqualTo(enumParametersOfTheSpec());
    assertNoConstantNames(sent);
  }

  @Test
  void publishedConstantsGoAsTheApiSpellsThem() throws Exception {
    for (int index = 0; ; index++) {
      int i = index;
      boolean[] exhausted = {true};
      Map<String, String> sent = callEveryOperation(type -> {
        List<?> known = knownValues(type);
        if (i < known.size()) {
          exhausted[0] = false;
        }
        return known.get(Math.min(i, known.size() - 1));
      });
      for (String where : enumParametersOfTheSpec()) {
        assertThat(sent.get(where)).as(where).isIn(enumSchemaByParameter().get(where));
      }
      assertNoConstantNames(sent);
      if (exhausted[0]) {
        return;
      }
    }
  }

  @Test
  void aCaseVariantTheSpecAllowsIsSentAsReceived() throws Exception {
    Map<String, String> sent = callEveryOperation(type -> decode(type,
        type.getSimpleName().equals("AddressType") ? "WORK" : knownValues(type).get(0).toString()));

    assertThat(sent).containsEntry("createSupporter form addresstype", "WORK")
        .containsEntry("updateSupporter form addresstype", "WORK");
  }

  @Test
  void everyStreetLineOfTheSupporterFormIsSentAndReadBack() throws Exception {
    SupportersApi api = retrofit.create(SupportersApi.class);
    String supporter = "{\"id\":\"900124\",\"addresses\":[{\"addressType\":\"work\",\"street1\":\"45 Eagle Street\","
        + "\"street2\":\"Suite 300\",\"street3\":\"Mail Stop 12\"}]}";
    server.enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
        .body(supporter).build());
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body(supporter).build());

    Supporter created = api.createSupporter(SupportersApi.CreateSupporterRequest.builder().email("lee.chen@example.org")
        .street1("45 Eagle Street").street2("Suite 300").street3("Mail Stop 12").build()).blockingGet().body();
    Supporter updated = api.updateSupporter("900124",
        SupportersApi.UpdateSupporterRequest.builder().street3("Mail Stop 12").build()).blockingGet();

    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).isEqualTo(
        "email=lee.chen%40example.org&street1=45+Eagle+Street&street2=Suite+300&street3=Mail+Stop+12");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).isEqualTo("street3=Mail+Stop+12");
    for (Supporter read : List.of(created, updated)) {
      assertThat(read.getAddresses()).singleElement().satisfies(address -> {
        assertThat(address.getStreet2()).isEqualTo("Suite 300");
        assertThat(address.getStreet3()).isEqualTo("Mail Stop 12");
      });
    }
  }

  /** Every value each request carried, keyed by {@code "operationId query|form|path name"}. */
  private Map<String, String> callEveryOperation(Function<Class<?>, Object> enumValue) throws Exception {
    Map<String, String> sent = new LinkedHashMap<>();
    for (Class<?> api : APIS) {
      Object service = retrofit.create(api);
      for (Method method : api.getMethods()) {
        if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
          continue;
        }
        Object[] args = new Object[method.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
          args[i] = argument(method.getParameterTypes()[i], method.getName() + "-" + i, enumValue);
        }
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
            .body("{}").build());
        Object call = method.invoke(service, args);
        if (call instanceof Single<?> single) {
          // "{}" lacks the properties most answers require: only what was sent matters here.
          single.ignoreElement().onErrorComplete(e -> e instanceof com.squareup.moshi.JsonDataException).blockingAwait();
        } else {
          ((Completable) call).blockingAwait();
        }
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        record(sent, method.getName(), request);
      }
    }
    return sent;
  }

  private static Object argument(Class<?> type, String text, Function<Class<?>, Object> enumValue) {
    if (isOpenEnum(type)) {
      return enumValue.apply(type);
    }
    if (type == String.class) {
      return "text-" + text;
    }
    if (type == Integer.class) {
      return 7;
    }
    if (type == OffsetDateTime.class) {
      return OffsetDateTime.parse("2026-03-14T15:09:26Z");
    }
    if (Map.class.isAssignableFrom(type)) {
      return requestObject(type, text, enumValue);
    }
    throw new AssertionError("no test value for a parameter of type " + type);
  }

  /** A generated request object with every parameter set, through its builder's setters. */
  private static Object requestObject(Class<?> type, String text, Function<Class<?>, Object> enumValue) {
    try {
      Object builder = type.getMethod("builder").invoke(null);
      int set = 0;
      for (Method setter : builder.getClass().getMethods()) {
        if (setter.getDeclaringClass() == builder.getClass() && setter.getParameterCount() == 1) {
          setter.invoke(builder, argument(setter.getParameterTypes()[0], text + "-" + setter.getName(), enumValue));
          set++;
        }
      }
      assertThat(set).as("setters of %s", type.getSimpleName()).isGreaterThanOrEqualTo(4);
      return builder.getClass().getMethod("build").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void record(Map<String, String> sent, String operation, RecordedRequest request) {
    HttpUrl url = request.getUrl();
    List<String> segments = url.pathSegments();
    for (int i = 0; i < segments.size(); i++) {
      sent.put(operation + " path " + i, segments.get(i));
    }
    for (String name : url.queryParameterNames()) {
      sent.put(operation + " query " + name, url.queryParameter(name));
    }
    if (request.getBodySize() > 0) {
      HttpUrl form = HttpUrl.get("http://form.invalid/?" + request.getBody().utf8());
      for (String name : form.queryParameterNames()) {
        sent.put(operation + " form " + name, form.queryParameter(name));
      }
    }
  }

  /** No value on the wire is the name of a Java constant of an enum class (UNRECOGNIZED, HOME, ...). */
  private static void assertNoConstantNames(Map<String, String> sent) throws Exception {
    Set<String> constantNames = new TreeSet<>(List.of("UNRECOGNIZED", "UNKNOWN_TO_SDK_VERSION", "null"));
    for (String schema : enumSchemas()) {
      for (Field field : Class.forName("io.github.rallycongress.generated.model." + schema).getFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          constantNames.add(field.getName());
        }
      }
    }
    sent.forEach((where, value) -> assertThat(value).as(where).isNotIn(constantNames));
  }

  // ------------------------------------------------------------------ the spec as oracle

  /** {@code "operationId query|form|path name"} of every parameter whose schema is an enum of the spec. */
  private static Set<String> enumParametersOfTheSpec() {
    Set<String> names = new TreeSet<>(enumSchemaByParameter().keySet());
    assertThat(names).as("enum parameters in the spec").isNotEmpty();
    return names;
  }

  /** The published values of each enum parameter, keyed like {@link #enumParametersOfTheSpec()}. */
  private static Map<String, List<String>> enumSchemaByParameter() {
    Map<String, List<String>> schemas = new LinkedHashMap<>();
    for (Map.Entry<String, PathItem> path : spec.getPaths().entrySet()) {
      for (Operation operation : path.getValue().readOperations()) {
        List<Parameter> parameters = new ArrayList<>();
        if (path.getValue().getParameters() != null) {
          parameters.addAll(path.getValue().getParameters());
        }
        if (operation.getParameters() != null) {
          parameters.addAll(operation.getParameters());
        }
        for (Parameter parameter : parameters) {
          Parameter resolved = resolve(parameter);
          if (isEnumRef(resolved.getSchema())) {
            schemas.put(operation.getOperationId() + " " + resolved.getIn() + " "
                + (resolved.getIn().equals("path") ? pathIndex(path.getKey(), resolved.getName()) : resolved.getName()),
                wireValuesOfSchema(refName(resolved.getSchema().get$ref())));
          }
        }
        if (operation.getRequestBody() != null) {
          MediaType form = operation.getRequestBody().getContent().get("application/x-www-form-urlencoded");
          Schema<?> body = spec.getComponents().getSchemas().get(refName(form.getSchema().get$ref()));
          body.getProperties().forEach((name, property) -> {
            if (property.getEnum() != null) {
              // An inline enum (ActionSubmissionForm.mode): the generator's RESOLVE_INLINE_ENUMS names it
              // (the pom's inlineSchemaNameMappings), so it is an open enumeration like a named schema's.
              List<String> values = new ArrayList<>();
              property.getEnum().forEach(v -> values.add(String.valueOf(v)));
              schemas.put(operation.getOperationId() + " form " + name, values);
            } else if (isEnumRef(property)) {
              schemas.put(operation.getOperationId() + " form " + name, wireValuesOfSchema(refName(property.get$ref())));
            }
          });
        }
      }
    }
    return schemas;
  }

  private static List<String> wireValuesOfSchema(String schema) {
    List<String> values = new ArrayList<>();
    spec.getComponents().getSchemas().get(schema).getEnum().forEach(v -> values.add(String.valueOf(v)));
    return values;
  }

  private static Set<String> enumSchemas() {
    Set<String> names = new TreeSet<>();
    spec.getComponents().getSchemas().forEach((name, schema) -> {
      if (schema.getEnum() != null) {
        names.add(name);
      }
    });
    return names;
  }

  /** The path segment index of {@code {name}} after the {@code /v3/} base path segment. */
  private static int pathIndex(String path, String name) {
    String[] segments = path.substring(1).split("/");
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].equals("{" + name + "}")) {
        return i + 1;
      }
    }
    throw new AssertionError(name + " is not in " + path);
  }

  private static Parameter resolve(Parameter parameter) {
    return parameter.get$ref() == null ? parameter : spec.getComponents().getParameters().get(refName(parameter.get$ref()));
  }

  private static boolean isEnumRef(Schema<?> schema) {
    if (schema == null) {
      return false;
    }
    assertThat(schema.getEnum()).as("an inline enum of a parameter (it must be a named schema, see templates/README.md)")
        .isNull();
    return schema.get$ref() != null && spec.getComponents().getSchemas().get(refName(schema.get$ref())).getEnum() != null;
  }

  private static String refName(String ref) {
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  // ------------------------------------------------------------------ open enums by reflection

  private static boolean isOpenEnum(Class<?> type) {
    return type.getPackage().getName().equals("io.github.rallycongress.generated.model")
        && hasMethod(type, "fromValue", String.class);
  }

  private static boolean hasMethod(Class<?> type, String name, Class<?>... parameters) {
    try {
      type.getMethod(name, parameters);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** A value as the client reads it from a response body. */
  private static Object decode(Class<?> type, String wire) {
    try {
      return MOSHI.adapter(type).fromJson("\"" + wire + "\"");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<?> knownValues(Class<?> type) {
    try {
      return (List<?>) type.getMethod("knownValues").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
