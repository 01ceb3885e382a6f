package io.github.rallycongress.speccompat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
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
import java.util.IdentityHashMap;
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
 *   <li><b>Changed generated type names.</b> openapi-generator names an inline enum or inline object
 *       after where it is ({@code ActionSubmissionFormModeEnum}, {@code ActionSubmissionForm.Mode}), a
 *       {@code $ref} after its target: an inline schema turned into a {@code $ref} (or the reverse), or a
 *       {@code $ref} to another schema, renames a type client code imports, in a request as in a response.
 *   <li><b>allOf, oneOf and anyOf members</b>, matched by what they are, never by position (see
 *       {@link #compareMembers}): removed from a oneOf or anyOf, added to one a response uses, removed
 *       from an allOf a response uses when the member carries properties.
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
 * properties, items, {@code allOf}, {@code oneOf} and {@code anyOf} (members matched by {@code $ref} target,
 * then inline content, then shape) and
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
  private static final String TYPE_NAMES = "Changed generated type names" + GENERATED;
  private static final String MEMBERS =
      "Changed allOf, oneOf and anyOf members (breaking: any member removed from a oneOf or anyOf; added to"
          + " a oneOf or anyOf a response uses; removed from an allOf a response uses, when it carries properties)";
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
        TYPE_NAMES, MEMBERS, PATTERNS)) {
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
        // Compared as references, so that the definition's own name is its type name.
        Schema<?> reference = new Schema<>().$ref(SCHEMA_REF + schema.getKey());
        compare(reference, reference, SCHEMA_REF + schema.getKey(), Use.DEFINITION);
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
    compare(old, now, where, use, true);
  }

  /** {@code named}: false for an allOf member, which generators merge into its model rather than name. */
  private void compare(Schema<?> old, Schema<?> now, String where, Use use, boolean named) {
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
    String oldType = typeName(old);
    String newType = typeName(now);
    if (named && !Objects.equals(oldType, newType)) {
      findings.get(TYPE_NAMES).add(where + ": " + (oldType == null ? "no type of its own" : oldType) + " is now "
          + (newType == null ? "no type of its own" : newType));
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
    compareMembers("allOf", oldResolved.getAllOf(), newResolved.getAllOf(), oldWhere, use);
    compareMembers("oneOf", oldResolved.getOneOf(), newResolved.getOneOf(), oldWhere, use);
    compareMembers("anyOf", oldResolved.getAnyOf(), newResolved.getAnyOf(), oldWhere, use);
    if (oldResolved.getAdditionalProperties() instanceof Schema
        && newResolved.getAdditionalProperties() instanceof Schema) {
      compare((Schema<?>) oldResolved.getAdditionalProperties(), (Schema<?>) newResolved.getAdditionalProperties(),
          oldWhere + "/additionalProperties", use);
    }
  }

  /**
   * Matches the members of one composition keyword regardless of their order: a {@code $ref} member by
   * its target, an inline one by its content (descriptions and examples aside), then by its shape (the
   * same type and the most property names in common; a non-object of the same type). Matched members
   * are compared; a member left over was removed or added, and is reported when openapi-generator's
   * clients break on it:
   *
   * <ul>
   *   <li>{@code allOf}: the members are merged into one generated model, so a removed member that
   *       carries properties (or {@code required}) takes their getters with it; breaking where a
   *       response uses the schema. An added member only adds properties (a new required request
   *       field is openapi-diff's).
   *   <li>{@code oneOf}, {@code anyOf}: a generated union with one accessor or constructor per
   *       alternative (Java's and Python's wrapper classes, TypeScript's union type). A removed
   *       alternative is breaking anywhere (its accessor disappears; a request the client sends in
   *       it is no longer valid). An added one is breaking in a response: Python's wrapper refuses a
   *       value that matches none of the alternatives it knows, Java's has no accessor for it.
   * </ul>
   */
  private void compareMembers(String keyword, List<Schema> old, List<Schema> now, String where, Use use) {
    List<Schema> oldLeft = new ArrayList<>(old == null ? List.of() : old);
    List<Schema> newLeft = new ArrayList<>(now == null ? List.of() : now);
    if (oldLeft.isEmpty() && newLeft.isEmpty()) {
      return;
    }
    Map<Schema, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < oldLeft.size(); i++) {
      index.put(oldLeft.get(i), i);
    }
    // 1. $ref members by their target, 2. inline members of equal content, 3. inline members by shape.
    for (int pass = 0; pass < 3; pass++) {
      for (Schema member : new ArrayList<>(oldLeft)) {
        Schema match = null;
        int best = 0;
        for (Schema candidate : newLeft) {
          int score = matchScore(pass, member, candidate, resolve(baseline, member), resolve(current, candidate));
          if (score > best) {
            best = score;
            match = candidate;
          }
        }
        if (match != null) {
          oldLeft.remove(member);
          newLeft.remove(match);
          compare(member, match, where + "/" + keyword + "/" + index.get(member), use, !keyword.equals("allOf"));
        }
      }
    }
    boolean union = !keyword.equals("allOf");
    for (Schema member : oldLeft) {
      if (union || use == Use.RESPONSE && carriesProperties(resolve(baseline, member))) {
        findings.get(MEMBERS).add(where + ": " + keyword + " member " + describe(member) + " removed");
      }
    }
    for (Schema member : newLeft) {
      if (union && use == Use.RESPONSE) {
        findings.get(MEMBERS).add(where + ": " + keyword + " member " + describe(member) + " added (response)");
      }
    }
  }

  /** How well two members match in one pass of {@link #compareMembers}; 0 for not at all. */
  private static int matchScore(int pass, Schema<?> oldMember, Schema<?> newMember, Schema<?> old, Schema<?> now) {
    if (pass == 0) {
      return oldMember.get$ref() != null && oldMember.get$ref().equals(newMember.get$ref()) ? 1 : 0;
    }
    if (pass == 1) {
      return oldMember.get$ref() == null && newMember.get$ref() == null
          && content(oldMember).equals(content(newMember)) ? 1 : 0;
    }
    // By shape, references resolved: an inline member that became a $ref (or the reverse), a renamed target.
    if (old == null || now == null || !Objects.equals(old.getType(), now.getType())) {
      return 0;
    }
    Set<String> shared = new HashSet<>(orEmpty(old.getProperties()).keySet());
    shared.retainAll(orEmpty(now.getProperties()).keySet());
    if (!shared.isEmpty()) {
      return 1 + shared.size();
    }
    // Neither has properties: the same non-object type (two bare objects included).
    return orEmpty(old.getProperties()).isEmpty() && orEmpty(now.getProperties()).isEmpty() ? 1 : 0;
  }

  /** An inline schema's content without what generated code does not see (descriptions, examples). */
  private static JsonNode content(Schema<?> schema) {
    JsonNode tree = Json.mapper().valueToTree(schema);
    strip(tree);
    return tree;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(List.of("description", "example", "examples", "title"));
    }
    node.forEach(GeneratedCodeChanges::strip);
  }

  private static boolean carriesProperties(Schema<?> schema) {
    return schema != null && (!orEmpty(schema.getProperties()).isEmpty()
        || (schema.getRequired() != null && !schema.getRequired().isEmpty())
        || schema.getAllOf() != null && !schema.getAllOf().isEmpty());
  }

  /** A member as a reader knows it: its schema's name, or a short description of an inline schema. */
  private static String describe(Schema<?> member) {
    if (member.get$ref() != null) {
      return refName(member.get$ref());
    }
    if (member.getEnum() != null) {
      return "inline enum " + member.getEnum();
    }
    if (!orEmpty(member.getProperties()).isEmpty()) {
      return "inline object with properties " + new ArrayList<>(member.getProperties().keySet());
    }
    if (member.getItems() != null) {
      return "inline array";
    }
    return "inline " + (member.getType() == null ? "schema" : member.getType())
        + (member.getFormat() == null ? "" : " (" + member.getFormat() + ")");
  }

  /**
   * The name of the type a generator makes for this use of a schema, or null when it makes none of its
   * own (a string, a number, an array, a free-form map: the type is a language's). openapi-generator
   * names an inline enum or an inline object after where it is (its parent model and property, its
   * operation and parameter: TypeScript's {@code ActionSubmissionFormModeEnum}, Kotlin's
   * {@code ActionSubmissionForm.Mode}, Java's {@code ModeEnum}); a {@code $ref} (or an {@code allOf}
   * of one {@code $ref} and nothing else, which generators read as the reference) by its target.
   */
  private static String typeName(Schema<?> schema) {
    if (schema.get$ref() != null) {
      return "$ref " + refName(schema.get$ref());
    }
    if (schema.getAllOf() != null && schema.getAllOf().size() == 1 && schema.getAllOf().get(0).get$ref() != null
        && orEmpty(schema.getProperties()).isEmpty() && schema.getOneOf() == null && schema.getAnyOf() == null) {
      return "$ref " + refName(schema.getAllOf().get(0).get$ref());
    }
    if (schema.getEnum() != null) {
      return "an inline enum (named after where it is)";
    }
    if (!orEmpty(schema.getProperties()).isEmpty() || schema.getAllOf() != null || schema.getOneOf() != null
        || schema.getAnyOf() != null) {
      return "an inline object (named after where it is)";
    }
    return null;
  }

  private static String refName(String ref) {
    return ref.startsWith(SCHEMA_REF) ? ref.substring(SCHEMA_REF.length()) : ref;
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
