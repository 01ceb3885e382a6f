package io.github.rallycongress.speccompat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Breaking changes that openapi-diff does not report, most of them visible only to generated code.
 * Each rule exists because a client generated from the baseline breaks:
 *
 * <ul>
 *   <li><b>Renamed path parameters.</b> openapi-diff matches {@code /supporters/{supporterId}} with
 *       {@code /supporters/{id}} and sees no change, but generated clients expose the name: TypeScript's
 *       request field, Python's and Kotlin's named argument.
 *   <li><b>Response properties that became nullable.</b> openapi-diff calls this compatible, but a model
 *       generated from the baseline rejects the null (Moshi's Kotlin adapter throws, pydantic refuses it)
 *       and the Kotlin property's type changes.
 *   <li><b>Removed or renamed schemas, changed operationIds, tags removed from an operation.</b> They
 *       name the generated model classes, the generated methods, and the API class an operation is
 *       generated into (an untagged operation goes to {@code default}); callers stop compiling.
 *   <li><b>Removed servers, a new first server.</b> The first server is the generated default base
 *       URL; a removed one is a URL apps may have configured.
 *   <li><b>Removed enum values</b>, from a component schema or an inline one: the generated constant
 *       disappears. Schemas a request uses are left out of this list: openapi-diff already reports
 *       (and counts as breaking) a request enum that accepts fewer values.
 *   <li><b>Patterns.</b> The gate turns off openapi-diff's rule, which refuses any pattern change,
 *       removal included, and applies this one: a pattern added or changed in a request may refuse a
 *       request that was valid (whether a new pattern accepts all that the old one did is not decided
 *       here, so a widening counts too); removed in a request is compatible; in a response, a pattern
 *       changed or removed may fail a client that validates it (pydantic does), added is compatible.
 * </ul>
 *
 * <p>Operations are matched by method and path with the parameter names blanked, parameters by
 * location and name, request and response bodies by status and media type, response headers by name.
 * Schemas are compared in parallel, each document resolving its own {@code $ref}s, through
 * properties, items, {@code allOf}, {@code oneOf} and {@code anyOf} (by index) and
 * {@code additionalProperties}; a schema pair is compared once per use, which ends cycles. A finding
 * names the operation, or the JSON pointer of the baseline's schema once a {@code $ref} was followed.
 * Not compared, so a pattern change there is no longer refused: a parameter's {@code content}
 * (instead of {@code schema}), {@code not}, callbacks, and servers below the top level.
 */
@SuppressWarnings("rawtypes") // swagger-models hands out its schema maps and lists with raw Schema elements
final class GeneratedCodeChanges {

  private static final String GENERATED = " (breaking for generated clients)";
  private static final String RENAMED_PATH_PARAMETERS = "Renamed path parameters" + GENERATED;
  private static final String NULLABLE = "Response properties that became nullable" + GENERATED;
  private static final String SCHEMAS = "Removed or renamed schemas" + GENERATED;
  private static final String OPERATION_IDS = "Changed operationIds" + GENERATED;
  private static final String TAGS = "Tags removed from operations" + GENERATED;
  private static final String SERVERS = "Removed servers and changed default server" + GENERATED;
  private static final String ENUMS = "Removed enum values" + GENERATED;
  private static final String PATTERNS =
      "Changed patterns (breaking: added or changed in a request, changed or removed in a response)";

  private static final String SCHEMA_REF = "#/components/schemas/";
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]*)}");

  private enum Use { REQUEST, RESPONSE, DEFINITION }

  private final OpenAPI baseline;
  private final OpenAPI current;
  private final Map<String, Set<String>> findings = new LinkedHashMap<>();
  /** Cycle guard: the schema pairs already compared, per use. */
  private final Set<String> compared = new HashSet<>();
  /** The baseline's schemas that a request uses: openapi-diff reports their removed enum values. */
  private final Set<String> requestSchemas = new HashSet<>();
  private final Map<String, String> removedEnumValues = new LinkedHashMap<>();

  private GeneratedCodeChanges(OpenAPI baseline, OpenAPI current) {
    this.baseline = baseline;
    this.current = current;
    for (String section : List.of(RENAMED_PATH_PARAMETERS, NULLABLE, SCHEMAS, OPERATION_IDS, TAGS, SERVERS, ENUMS,
        PATTERNS)) {
      findings.put(section, new LinkedHashSet<>());
    }
  }

  /**
   * The findings by section heading (in report order), one line each; a section may be empty. The
   * documents are parsed here, not taken from openapi-diff's result: openapi-diff rewrites the models
   * it compares (it merges {@code allOf} into the schema that holds it).
   */
  static Map<String, Set<String>> between(String baselineDocument, String currentDocument) {
    GeneratedCodeChanges changes = new GeneratedCodeChanges(parse(baselineDocument), parse(currentDocument));
    changes.compareServers();
    changes.compareOperations();
    changes.compareSchemas();
    changes.removedEnumValues.forEach((schema, line) -> {
      if (!changes.requestSchemas.contains(schema)) {
        changes.findings.get(ENUMS).add(line);
      }
    });
    return Collections.unmodifiableMap(changes.findings);
  }

  private void compareServers() {
    List<String> before = urls(baseline.getServers());
    List<String> after = urls(current.getServers());
    for (String url : before) {
      if (!after.contains(url)) {
        findings.get(SERVERS).add(url + " removed");
      }
    }
    if (!before.isEmpty() && !after.isEmpty() && !before.get(0).equals(after.get(0))) {
      findings.get(SERVERS).add("default server " + before.get(0) + " is now " + after.get(0));
    }
  }

  private void compareSchemas() {
    Map<String, Schema> before = schemas(baseline);
    Map<String, Schema> after = schemas(current);
    for (Map.Entry<String, Schema> schema : before.entrySet()) {
      if (after.containsKey(schema.getKey())) {
        compare(schema.getValue(), after.get(schema.getKey()), SCHEMA_REF + schema.getKey(), Use.DEFINITION);
      } else {
        findings.get(SCHEMAS).add(SCHEMA_REF + schema.getKey());
      }
    }
  }

  private void compareOperations() {
    Map<String, Endpoint> after = endpoints(current);
    for (Map.Entry<String, Endpoint> entry : endpoints(baseline).entrySet()) {
      Endpoint now = after.get(entry.getKey());
      if (now != null) { // a removed operation is openapi-diff's
        Endpoint old = entry.getValue();
        String where = old.method() + " " + old.path();
        compareNames(old, now, where);
        compareParameters(old, now, where);
        compareBodies(old.operation(), now.operation(), where);
      }
    }
  }

  private void compareNames(Endpoint old, Endpoint now, String where) {
    List<String> oldNames = pathParameterNames(old.path());
    List<String> newNames = pathParameterNames(now.path());
    if (!oldNames.equals(newNames)) {
      findings.get(RENAMED_PATH_PARAMETERS).add(where + ": path parameters " + oldNames + " are now " + newNames);
    }
    String oldId = old.operation().getOperationId();
    String newId = now.operation().getOperationId();
    if (!Objects.equals(oldId, newId)) {
      findings.get(OPERATION_IDS).add(where + ": " + oldId + " is now " + newId);
    }
    List<String> newTags = tags(now.operation());
    for (String tag : tags(old.operation())) {
      if (!newTags.contains(tag)) {
        findings.get(TAGS).add(where + ": " + tag);
      }
    }
  }

  private void compareBodies(Operation old, Operation now, String where) {
    RequestBody oldBody = resolve(baseline, old.getRequestBody(), "requestBodies", Components::getRequestBodies,
        RequestBody::get$ref);
    RequestBody newBody = resolve(current, now.getRequestBody(), "requestBodies", Components::getRequestBodies,
        RequestBody::get$ref);
    if (oldBody != null && newBody != null) {
      compareContent(oldBody.getContent(), newBody.getContent(), where + " request body ", Use.REQUEST);
    }
    if (old.getResponses() == null || now.getResponses() == null) {
      return;
    }
    old.getResponses().forEach((status, response) -> {
      ApiResponse oldResponse = resolve(baseline, response, "responses", Components::getResponses,
          ApiResponse::get$ref);
      ApiResponse newResponse = resolve(current, now.getResponses().get(status), "responses", Components::getResponses,
          ApiResponse::get$ref);
      if (oldResponse != null && newResponse != null) {
        compareContent(oldResponse.getContent(), newResponse.getContent(), where + " " + status + " ", Use.RESPONSE);
        Map<String, Header> newHeaders = orEmpty(newResponse.getHeaders());
        orEmpty(oldResponse.getHeaders()).forEach((name, header) -> {
          Header oldHeader = resolve(baseline, header, "headers", Components::getHeaders, Header::get$ref);
          Header newHeader = resolve(current, newHeaders.get(name), "headers", Components::getHeaders, Header::get$ref);
          if (oldHeader != null && newHeader != null) {
            compare(oldHeader.getSchema(), newHeader.getSchema(), where + " " + status + " header " + name,
                Use.RESPONSE);
          }
        });
      }
    });
  }

  private void compareParameters(Endpoint old, Endpoint now, String where) {
    Map<String, Parameter> after = parameters(current, now);
    for (Map.Entry<String, Parameter> parameter : parameters(baseline, old).entrySet()) {
      Parameter match = after.get(parameter.getKey());
      if (match != null) {
        compare(parameter.getValue().getSchema(), match.getSchema(), where + " " + parameter.getKey(), Use.REQUEST);
      }
    }
  }

  private void compareContent(Content old, Content now, String where, Use use) {
    if (old == null || now == null) {
      return;
    }
    old.forEach((mediaType, media) -> {
      if (now.get(mediaType) != null) {
        compare(media.getSchema(), now.get(mediaType).getSchema(), where + mediaType, use);
      }
    });
  }

  /**
   * Compares one schema of each document: {@code where} names the baseline's, before a {@code $ref} is
   * followed.
   */
  private void compare(Schema<?> old, Schema<?> now, String where, Use use) {
    if (old == null || now == null) {
      return;
    }
    Schema<?> oldResolved = resolve(baseline, old);
    Schema<?> newResolved = resolve(current, now);
    if (oldResolved == null || newResolved == null) {
      return;
    }
    if (use == Use.RESPONSE && !nullable(old, oldResolved) && nullable(now, newResolved)) {
      findings.get(NULLABLE).add(where);
    }
    String oldWhere = old.get$ref() != null ? old.get$ref() : where;
    String newWhere = now.get$ref() != null ? now.get$ref() : where;
    if (!compared.add(use + " " + oldWhere + " " + newWhere)) {
      return;
    }
    if (use == Use.REQUEST) {
      requestSchemas.add(oldWhere);
    }
    compareEnum(oldResolved, newResolved, oldWhere);
    comparePattern(oldResolved.getPattern(), newResolved.getPattern(), oldWhere, use);

    Map<String, Schema> oldProperties = orEmpty(oldResolved.getProperties());
    Map<String, Schema> newProperties = orEmpty(newResolved.getProperties());
    oldProperties.forEach((name, property) ->
        compare(property, newProperties.get(name), oldWhere + "/properties/" + name, use));
    compare(oldResolved.getItems(), newResolved.getItems(), oldWhere + "/items", use);
    compareByIndex(oldResolved.getAllOf(), newResolved.getAllOf(), oldWhere + "/allOf/", use);
    compareByIndex(oldResolved.getOneOf(), newResolved.getOneOf(), oldWhere + "/oneOf/", use);
    compareByIndex(oldResolved.getAnyOf(), newResolved.getAnyOf(), oldWhere + "/anyOf/", use);
    if (oldResolved.getAdditionalProperties() instanceof Schema
        && newResolved.getAdditionalProperties() instanceof Schema) {
      compare((Schema<?>) oldResolved.getAdditionalProperties(), (Schema<?>) newResolved.getAdditionalProperties(),
          oldWhere + "/additionalProperties", use);
    }
  }

  private void compareByIndex(List<Schema> old, List<Schema> now, String where, Use use) {
    for (int i = 0; old != null && now != null && i < Math.min(old.size(), now.size()); i++) {
      compare(old.get(i), now.get(i), where + i, use);
    }
  }

  private void compareEnum(Schema<?> old, Schema<?> now, String where) {
    if (old.getEnum() == null || now.getEnum() == null) {
      return; // an enum turned into a plain type (or the reverse) is a type change: openapi-diff's
    }
    List<Object> removed = new ArrayList<>(old.getEnum());
    removed.removeAll(now.getEnum());
    if (!removed.isEmpty()) {
      StringBuilder values = new StringBuilder();
      for (Object value : removed) {
        values.append(values.length() == 0 ? "" : ", ").append(value);
      }
      removedEnumValues.put(where, where + ": " + values);
    }
  }

  private void comparePattern(String old, String now, String where, Use use) {
    if (Objects.equals(old, now) || use == Use.DEFINITION) {
      return;
    }
    String suffix = use == Use.REQUEST ? " (request)" : " (response)";
    if (old == null) {
      if (use == Use.REQUEST) {
        findings.get(PATTERNS).add(where + ": " + now + " added" + suffix);
      }
    } else if (now == null) {
      if (use == Use.RESPONSE) {
        findings.get(PATTERNS).add(where + ": " + old + " removed" + suffix);
      }
    } else {
      findings.get(PATTERNS).add(where + ": " + old + " is now " + now + suffix);
    }
  }

  /** As openapi-diff reads a document: references to other files resolved, internal ones kept. */
  private static OpenAPI parse(String document) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    OpenAPI parsed = new OpenAPIV3Parser().readContents(document, null, options).getOpenAPI();
    if (parsed == null) {
      throw new IllegalArgumentException("Not an OpenAPI 3 document.");
    }
    return parsed;
  }

  /** Follows {@code $ref}s to {@code #/components/schemas/}; null when the target is missing. */
  private static Schema<?> resolve(OpenAPI document, Schema<?> schema) {
    for (int hops = 0; schema != null && schema.get$ref() != null && hops < 32; hops++) {
      String ref = schema.get$ref();
      schema = ref.startsWith(SCHEMA_REF) ? schemas(document).get(ref.substring(SCHEMA_REF.length())) : null;
    }
    return schema;
  }

  private static <T> T resolve(OpenAPI document, T item, String kind,
      Function<Components, Map<String, T>> components, Function<T, String> ref) {
    String prefix = "#/components/" + kind + "/";
    for (int hops = 0; item != null && ref.apply(item) != null && hops < 32; hops++) {
      String target = ref.apply(item);
      item = document.getComponents() == null || !target.startsWith(prefix)
          ? null
          : orEmpty(components.apply(document.getComponents())).get(target.substring(prefix.length()));
    }
    return item;
  }

  private static boolean nullable(Schema<?> schema, Schema<?> resolved) {
    return Boolean.TRUE.equals(schema.getNullable()) || Boolean.TRUE.equals(resolved.getNullable());
  }

  /** Path-level then operation-level parameters, keyed like {@code query parameter zipCode}. */
  private static Map<String, Parameter> parameters(OpenAPI document, Endpoint endpoint) {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    List<Parameter> declared = new ArrayList<>();
    if (endpoint.item().getParameters() != null) {
      declared.addAll(endpoint.item().getParameters());
    }
    if (endpoint.operation().getParameters() != null) {
      declared.addAll(endpoint.operation().getParameters());
    }
    for (Parameter parameter : declared) {
      Parameter resolved = resolve(document, parameter, "parameters", Components::getParameters, Parameter::get$ref);
      if (resolved != null) {
        parameters.put(resolved.getIn() + " parameter " + resolved.getName(), resolved);
      }
    }
    return parameters;
  }

  /** Operations by method and path with the parameter names blanked, e.g. {@code GET /supporters/{}}. */
  private static Map<String, Endpoint> endpoints(OpenAPI document) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    if (document.getPaths() != null) {
      document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
          endpoints.put(method + " " + PATH_PARAMETER.matcher(path).replaceAll("{}"),
              new Endpoint(method.toString(), path, item, operation))));
    }
    return endpoints;
  }

  private static List<String> pathParameterNames(String path) {
    List<String> names = new ArrayList<>();
    Matcher matcher = PATH_PARAMETER.matcher(path);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** An operation's tags; openapi-generator puts an untagged operation in its {@code default} API class. */
  private static List<String> tags(Operation operation) {
    return operation.getTags() == null || operation.getTags().isEmpty() ? List.of("default") : operation.getTags();
  }

  private static List<String> urls(List<Server> servers) {
    List<String> urls = new ArrayList<>();
    if (servers != null) {
      servers.forEach(server -> urls.add(server.getUrl()));
    }
    return urls;
  }

  private static Map<String, Schema> schemas(OpenAPI document) {
    return document.getComponents() == null ? Map.of() : orEmpty(document.getComponents().getSchemas());
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private record Endpoint(String method, String path, PathItem item, Operation operation) {}
}
