package io.github.rallycongress.sandbox;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import okio.Buffer;

/**
 * The oracle: checks every request a client sends and every response the sandbox returns against
 * the spec, with Atlassian's swagger-request-validator, as an OkHttp interceptor that records
 * each exchange and its findings. Properties the spec does not describe are errors (the
 * validator's {@code additionalProperties} check raised to ERROR), so the sandbox cannot send a
 * field the spec does not have.
 */
final class SpecValidator implements Interceptor {
  /** One request and response, and the validator's messages about each (keys and text). */
  record Exchange(String method, String pathAndQuery, int status, List<String> requestErrors,
      List<String> responseErrors, String responseBody) {
    boolean valid() {
      return requestErrors.isEmpty() && responseErrors.isEmpty();
    }

    @Override
    public String toString() {
      return method + " " + pathAndQuery + " -> " + status + " request " + requestErrors
          + " response " + responseErrors + " body " + responseBody;
    }
  }

  static final String SPEC_RESOURCE = "io/github/rallycongress/spec/rally-congress-v3.yaml";

  private final OpenApiInteractionValidator validator;
  final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  SpecValidator() {
    this.validator = OpenApiInteractionValidator
        .createForInlineApiSpecification(specText())
        .withLevelResolver(LevelResolver.create()
            .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.ERROR)
            .withLevel("validation.response.body.schema.additionalProperties", ValidationReport.Level.ERROR)
            .build())
        // Merges each allOf into one schema; otherwise the additionalProperties check would
        // reject every page, each part of its allOf lacking the other part's properties.
        .withResolveCombinators(true)
        .build();
  }

  static String specText() {
    try (InputStream in = SpecValidator.class.getClassLoader().getResourceAsStream(SPEC_RESOURCE)) {
      return new String(Objects.requireNonNull(in, SPEC_RESOURCE).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 9110, section 15: the reason phrase of each status the spec gives. */
  private static final Map<Integer, String> REASON_PHRASES = Map.ofEntries(
      Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
      Map.entry(204, "No Content"), Map.entry(400, "Bad Request"),
      Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
      Map.entry(409, "Conflict"), Map.entry(422, "Unprocessable Content"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"));

  @Override
  public Response intercept(Chain chain) throws IOException {
    okhttp3.Request request = chain.request();
    Request validated = toValidatorRequest(request);
    Response response = chain.proceed(request);
    String body = response.peekBody(Long.MAX_VALUE).string();
    SimpleResponse.Builder simple = new SimpleResponse.Builder(response.code()).withBody(body);
    for (String name : response.headers().names()) {
      simple.withHeader(name, response.headers(name));
    }
    ValidationReport requestReport = validator.validateRequest(validated);
    boolean form = request.body() != null && String.valueOf(request.body().contentType()).startsWith("application/x-www-form-urlencoded");
    ValidationReport responseReport = validator.validateResponse(
        request.url().encodedPath(), validated.getMethod(), simple.build());
    HttpUrl url = request.url();
    List<String> responseErrors = new ArrayList<>(messages(responseReport));
    String phrase = REASON_PHRASES.get(response.code());
    if (!response.message().equals(phrase)) {
      responseErrors.add("The status line's reason phrase is '" + response.message() + "', where RFC 9110 gives '"
          + phrase + "' for " + response.code());
    }
    exchanges.add(new Exchange(request.method(),
        url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()),
        response.code(), form ? formMessages(requestReport) : messages(requestReport), responseErrors, body));
    return response;
  }

  private static Request toValidatorRequest(okhttp3.Request request) throws IOException {
    HttpUrl url = request.url();
    SimpleRequest.Builder simple = new SimpleRequest.Builder(request.method(), url.encodedPath());
    // The query as a server reads it: OkHttp keeps an empty pair ('?', a trailing '&') as a
    // parameter named '' and a name without '=' with the value null (which String.valueOf made
    // "null"); a server skips the one and reads the other as the empty value.
    Map<String, List<String>> query = new java.util.LinkedHashMap<>();
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      String value = url.queryParameterValue(i);
      if (!name.isEmpty() || value != null) {
        query.computeIfAbsent(name, n -> new ArrayList<>()).add(value == null ? "" : value);
      }
    }
    query.forEach(simple::withQueryParam);
    for (String name : request.headers().names()) {
      simple.withHeader(name, request.headers(name));
    }
    if (request.body() != null) {
      Buffer buffer = new Buffer();
      request.body().writeTo(buffer);
      simple.withBody(buffer.readUtf8());
      if (request.body().contentType() != null) {
        simple.withContentType(request.body().contentType().toString());
      }
    }
    return simple.build();
  }

  /**
   * The validator turns form values that look like numbers ({@code zipcode=12207}) into JSON
   * numbers before checking them, then finds "integer" where the spec says "string"; on the wire
   * every form value is a string, so exactly that complaint is dropped for form bodies.
   */
  private static final java.util.regex.Pattern FORM_NUMBER = java.util.regex.Pattern.compile(
      "validation\\.request\\.body\\.schema\\.type: \\[Path '/[a-z0-9]+'\\] Instance type \\((integer|number)\\)"
          + " does not match any allowed primitive type \\(allowed: \\[\"string\"\\]\\)");

  private static List<String> formMessages(ValidationReport report) {
    List<String> messages = messages(report);
    messages.removeIf(m -> FORM_NUMBER.matcher(m).matches());
    return messages;
  }

  private static List<String> messages(ValidationReport report) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .map(m -> m.getKey() + ": " + m.getMessage())
        .collect(Collectors.toCollection(ArrayList::new));
  }

  /** The validator's errors for a 200 answer of GET {@code path} with {@code body}. */
  List<String> responseErrors(String path, String body) {
    return messages(validator.validateResponse(path, Request.Method.GET,
        SimpleResponse.Builder.ok().withContentType("application/json").withBody(body).build()));
  }

  List<Exchange> invalid() {
    return exchanges.stream().filter(e -> !e.valid()).toList();
  }
}
