package io.github.rallycongress.sandbox;

import io.github.rallycongress.generated.model.ActionForm;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignPage;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Answers every request: the concurrency limit (429), faults, authentication (401), then the
 * operations of the spec, every error in the spec's error body.
 *
 * <p>MockWebServer calls {@link #dispatch} on one thread per connection, so simultaneous
 * requests really are simultaneous here; the injected latency is spent while holding a
 * concurrency slot, as a slow server would.
 */
final class SandboxDispatcher extends Dispatcher {
  private static final String JSON = "application/json; charset=utf-8";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final List<String> NONE = Collections.emptyList();
  private static final List<String> PAGING = Collections.unmodifiableList(Arrays.asList("page", "pagesize"));

  /**
   * The query parameters each operation takes, by operationId, in the spec's order (a test checks
   * them against the spec). The published docs do not say what the API does with any other; the
   * sandbox refuses it, as the spec says: ignored, a misspelt filter would widen a search.
   */
  static final Map<String, List<String>> QUERY_PARAMETERS;
  /** The form fields each POST operation takes, by operationId, in the spec's order; any other is refused. */
  static final Map<String, List<String>> FORM_FIELDS;

  static {
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("listCampaigns", PAGING);
    query.put("getCampaign", NONE);
    query.put("getCampaignAction", Collections.singletonList("zipcode"));
    query.put("submitCampaignAction", NONE);
    List<String> supporterQuery = new ArrayList<>(SupporterFilter.NAMES);
    supporterQuery.addAll(PAGING);
    query.put("listSupporters", Collections.unmodifiableList(supporterQuery));
    query.put("createSupporter", NONE);
    query.put("getSupporter", NONE);
    query.put("updateSupporter", NONE);
    QUERY_PARAMETERS = Collections.unmodifiableMap(query);
    Map<String, List<String>> form = new LinkedHashMap<>();
    form.put("submitCampaignAction", Submissions.FIELDS);
    form.put("createSupporter", Supporters.FIELDS);
    form.put("updateSupporter", Supporters.FIELDS);
    FORM_FIELDS = Collections.unmodifiableMap(form);
  }
  /** IMF-fixdate (RFC 9110, section 5.6.7): {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /** {@code accountId:authToken}, as Basic auth carries them (RFC 7617). */
  private final String expectedCredentials;
  private final int maxConcurrentRequests;
  private final long latencyMillis;
  private final String retryAfterSeconds;
  private final double serverErrorRate;
  private final double droppedConnectionRate;
  private final long seed;
  /**
   * How many times each request (method, target and body) has arrived, for the fault it draws;
   * the oldest forgotten beyond {@link #REMEMBERED_REQUESTS}, so a long-running sandbox stays bounded.
   */
  private final Map<String, Integer> arrivals = new LinkedHashMap<String, Integer>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > REMEMBERED_REQUESTS;
    }
  };
  private static final int REMEMBERED_REQUESTS = 100_000;
  private final Supporters supporters;
  private final Submissions submissions;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final Clock clock;
  private volatile @Nullable MockWebServer server;

  SandboxDispatcher(String accountId, String authToken, int maxConcurrentRequests, long latencyMillis,
      long retryAfterSeconds, double serverErrorRate, double droppedConnectionRate, long seed, Supporters supporters, Clock clock) {
    this.expectedCredentials = accountId + ":" + authToken;
    this.maxConcurrentRequests = maxConcurrentRequests;
    this.latencyMillis = latencyMillis;
    this.retryAfterSeconds = Long.toString(retryAfterSeconds);
    this.serverErrorRate = serverErrorRate;
    this.droppedConnectionRate = droppedConnectionRate;
    this.seed = seed;
    this.supporters = supporters;
    this.submissions = new Submissions(seed);
    this.clock = clock;
  }

  void attach(MockWebServer server) {
    this.server = server;
  }

  int requestCount() {
    return requestCount.get();
  }

  /**
   * Every answer carries {@code Date}, as HTTP requires of a server with a clock (RFC 9110,
   * section 6.6.1), from the sandbox's clock: the one that stamps {@code updatedAt}, so a client
   * can take the server's time for an {@code updatedSince} watermark. Set once the answer is
   * ready, like a real server, so a change it reflects is never stamped later than its Date; the
   * converse does not hold (a change committed while the answer was made can be stamped earlier
   * than a Date whose answer lacks it), which is why a watermark needs an overlap.
   */
  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    MockResponse.Builder response = answer(request).newBuilder().setHeader("Date", HTTP_DATE.format(clock.instant()));
    if ("HEAD".equals(request.getMethod())) {
      // A HEAD answer has no content (RFC 9110, section 9.3.2): bytes after its head would be read
      // as the next answer on the connection.
      response.body("");
    }
    return response.build();
  }

  private MockResponse answer(RecordedRequest request) throws InterruptedException {
    requestCount.incrementAndGet();
    forgetRecordedRequests();
    if (inFlight.incrementAndGet() > maxConcurrentRequests) {
      inFlight.decrementAndGet();
      return error(429, "Too many simultaneous requests: this sandbox answers at most " + maxConcurrentRequests
          + " at a time. Wait for the Retry-After seconds and try again.")
          .setHeader("Retry-After", retryAfterSeconds)
          .build();
    }
    try {
      if (latencyMillis > 0) {
        Thread.sleep(latencyMillis);
      }
      SplittableRandom faults = faultsFor(request);
      if (droppedConnectionRate > 0 && faults.nextDouble() < droppedConnectionRate) {
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
      }
      if (!authorized(request.getHeaders().get("Authorization"))) {
        return error(401, "Authentication failed. Send the Account ID and Auth Token with HTTP Basic auth.")
            .setHeader("WWW-Authenticate", "Basic realm=\"Rally Congress API\"")
            .build();
      }
      if (serverErrorRate > 0 && faults.nextDouble() < serverErrorRate) {
        // The spec lists 503 for GETs only; a POST fails with 500.
        boolean unavailable = request.getMethod().equals("GET") && faults.nextBoolean();
        return unavailable
            ? error(503, "The service is temporarily unavailable. Please try again shortly.")
                .setHeader("Retry-After", retryAfterSeconds).build()
            : error(500, "An unexpected error occurred. Please try again.").build();
      }
      return route(request);
    } catch (ApiError e) {
      MockResponse.Builder response = error(e.status, e.errors);
      if (e.allow != null) {
        response.setHeader("Allow", e.allow);
      }
      return response.build();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /**
   * The faults a request draws: from the seed, the request (method, target and body) and how many
   * times that request arrived before, so the same requests meet the same faults however they
   * interleave; the n-th retry of a request always meets the same fault. Drawing them in the
   * order requests arrived made concurrent runs differ.
   */
  private SplittableRandom faultsFor(RecordedRequest request) {
    if (droppedConnectionRate == 0 && serverErrorRate == 0) {
      return NO_FAULTS;
    }
    ByteString body = request.getBody();
    String key = request.getMethod() + " " + request.getTarget() + "\n" + (body == null ? "" : body.hex());
    int arrival;
    synchronized (arrivals) {
      arrival = arrivals.merge(key, 1, Integer::sum);
    }
    return SeededRandom.of(SeededRandom.mix(seed, stableHash(key)), arrival);
  }

  private static final SplittableRandom NO_FAULTS = new SplittableRandom(0);

  /** A hash of {@code text} that is the same in every JVM (String.hashCode is too, but 32 bits). */
  private static long stableHash(String text) {
    long hash = 0xcbf29ce484222325L; // FNV-1a, 64 bits
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
    }
    return hash;
  }

  /**
   * Whether {@code authorization} is Basic auth with the account's credentials: the scheme in any
   * case and the credentials after any spaces (RFC 9110, section 11.1; RFC 7617), in UTF-8 or in
   * ISO-8859-1 (which OkHttp's {@code Credentials.basic} uses unless told otherwise).
   */
  private boolean authorized(@Nullable String authorization) {
    if (authorization == null) {
      return false;
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
      return false;
    }
    byte[] credentials;
    try {
      credentials = Base64.getDecoder().decode(value.substring(space + 1).trim());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return expectedCredentials.equals(new String(credentials, StandardCharsets.UTF_8))
        || expectedCredentials.equals(new String(credentials, StandardCharsets.ISO_8859_1));
  }

  /**
   * MockWebServer also queues every request for {@code takeRequest()}, which nobody calls on a
   * sandbox; emptying the queue keeps a long-running sandbox from growing without bound.
   */
  private void forgetRecordedRequests() throws InterruptedException {
    MockWebServer current = server;
    if (current != null) {
      while (current.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // drop it
      }
    }
  }

  private MockResponse route(RecordedRequest request) {
    HttpUrl url = asServersReadIt(request.getUrl());
    String method = request.getMethod();
    List<String> segments = url.pathSegments();
    if (segments.size() > 0 && segments.get(segments.size() - 1).isEmpty()) {
      segments = segments.subList(0, segments.size() - 1); // a trailing slash
    }
    if (segments.size() < 2 || !segments.get(0).equals("v3")) {
      throw notFound(url);
    }
    List<String> path = segments.subList(1, segments.size());
    String resource = path.get(0);
    boolean get;
    String operation;
    if (resource.equals("campaigns") && path.size() <= 3) {
      if (path.size() < 3) {
        requireMethod(method, url, "GET");
      } else {
        requireMethod(method, url, "GET", "POST");
      }
      get = method.equals("GET");
      operation = path.size() == 1 ? "listCampaigns" : path.size() == 2 ? "getCampaign"
          : get ? "getCampaignAction" : "submitCampaignAction";
    } else if (resource.equals("supporters") && path.size() <= 2) {
      requireMethod(method, url, "GET", "POST");
      get = method.equals("GET");
      operation = path.size() == 1 ? (get ? "listSupporters" : "createSupporter")
          : get ? "getSupporter" : "updateSupporter";
    } else {
      throw notFound(url);
    }
    List<String> errors = new ArrayList<>();
    onlyTaken("parameter", url.queryParameterNames(), QUERY_PARAMETERS.get(operation), method, url, errors);
    Map<String, String> form = get ? Collections.<String, String>emptyMap()
        : form(request, FORM_FIELDS.get(operation), method, url, errors);
    ApiError.throwIfAny(errors);
    switch (operation) {
      case "listCampaigns":
        return listCampaigns(url);
      case "getCampaign":
        return getCampaign(path.get(1));
      case "listSupporters":
        return listSupporters(url);
      case "createSupporter":
        return createSupporter(form);
      case "getSupporter":
        return getSupporter(path.get(1));
      case "updateSupporter":
        return updateSupporter(path.get(1), form);
      default:
        Campaigns.Entry campaign = campaign(path.get(1));
        ActionType type = actionType(campaign, path.get(2));
        return get ? actionForm(campaign, type, url) : submit(campaign, type, form);
    }
  }

  /**
   * {@code url} with its query as a server reads form-encoded text (the WHATWG URL standard's
   * parser, PHP's {@code parse_str}): an empty pair (a bare '?', "&&", a trailing '&') is nothing,
   * and a name without '=' has the empty value. OkHttp keeps both for writing the URL back (an
   * empty pair as a parameter named '', a value-less name with the value null): read as they
   * were, {@code supporters?state=NY&} was refused for a parameter named '', and
   * {@code supporters?state} was no filter at all, answering every supporter.
   */
  static HttpUrl asServersReadIt(HttpUrl url) {
    if (url.querySize() == 0) {
      return url;
    }
    HttpUrl.Builder read = url.newBuilder().query(null);
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      String value = url.queryParameterValue(i);
      if (!name.isEmpty() || value != null) {
        read.addQueryParameter(name, value == null ? "" : value);
      }
    }
    return read.build();
  }

  /**
   * Adds a message to {@code errors} for each name in {@code sent} that the operation does not
   * take. The published docs do not say whether the API ignores such a name or refuses it; the
   * sandbox refuses it (the spec says so), since ignored, a misspelt name goes unnoticed: a filter
   * {@code zipcode} for {@code zipCode} widens a search to every supporter, an update field
   * {@code firstName} for {@code firstname} changes nothing.
   */
  private static void onlyTaken(String kind, Iterable<String> sent, List<String> taken, String method, HttpUrl url,
      List<String> errors) {
    for (String name : sent) {
      if (!taken.contains(name)) {
        errors.add("The " + name + " " + kind + " is not one that " + method + " " + url.encodedPath() + " takes; it takes "
            + (taken.isEmpty() ? "none." : String.join(", ", taken) + " (names are case-sensitive)."));
      }
    }
  }

  // ------------------------------------------------------------------ campaigns

  private MockResponse listCampaigns(HttpUrl url) {
    List<String> errors = new ArrayList<>();
    Paging paging = Paging.parse(url, errors);
    ApiError.throwIfAny(errors);
    int total = Campaigns.ALL.size();
    List<Campaign> campaigns = new ArrayList<>();
    for (long i = paging.offset(); i < total && i < paging.offset() + paging.pagesize; i++) {
      campaigns.add(Campaigns.campaign(Campaigns.ALL.get((int) i)));
    }
    Map<String, String> none = Collections.emptyMap();
    CampaignPage page = new CampaignPage()
        .uri(paging.uri("campaigns", none, paging.page))
        .firstpageuri(paging.uri("campaigns", none, 0))
        .nextpageuri(paging.hasNext(total) ? paging.uri("campaigns", none, paging.page + 1L) : null)
        .previouspageuri(paging.page > 0 ? paging.uri("campaigns", none, paging.page - 1L) : null)
        .page(paging.page)
        .pagesize(paging.pagesize)
        .totalResults(total)
        .campaigns(campaigns);
    return ok(200, page);
  }

  private MockResponse getCampaign(String campaignId) {
    return ok(200, Campaigns.campaign(campaign(campaignId)));
  }

  private MockResponse actionForm(Campaigns.Entry campaign, ActionType type, HttpUrl url) {
    ActionForm form = Campaigns.form(campaign, type);
    List<String> errors = new ArrayList<>();
    String zipcode = Paging.single(url, "zipcode", errors);
    ApiError.throwIfAny(errors);
    if (zipcode == null) {
      form.targets(Geography.targets(Geography.senators(campaign.homeState)));
      return ok(200, form);
    }
    if (!Submissions.ZIPCODE.matcher(zipcode).matches()) {
      throw ApiError.badRequest("The zipcode parameter must be a 5 or 9 digit ZIP code, but was '" + zipcode + "'.");
    }
    Geography.Zip zip = Geography.zip(zipcode);
    if (zip == null) {
      throw ApiError.badRequest(Submissions.unknownZip(zipcode));
    }
    form.city(zip.city).state(zip.state).zipcode(zipcode).targets(Geography.targets(Geography.lawmakers(zip)));
    return ok(200, form);
  }

  private MockResponse submit(Campaigns.Entry campaign, ActionType type, Map<String, String> form) {
    Submissions.Outcome outcome = submissions.submit(campaign, type, form);
    MockResponse.Builder response = json(outcome.status, Json.encode(outcome.body));
    if (outcome.location != null) {
      response.setHeader("Location", outcome.location);
    }
    return response.build();
  }

  private static Campaigns.Entry campaign(String campaignId) {
    Campaigns.Entry campaign = Campaigns.find(campaignId);
    if (campaign == null) {
      throw ApiError.notFound("There is no campaign with the id '" + campaignId + "'.");
    }
    return campaign;
  }

  private static ActionType actionType(Campaigns.Entry campaign, String value) {
    ActionType type = ActionType.fromValue(value);
    if (!type.isKnown()) {
      throw ApiError.badRequest("The action type must be one of letter, twitter, phone, petition, facebook, but was '"
          + value + "'.");
    }
    if (!campaign.actions.contains(type)) {
      throw ApiError.notFound("Campaign " + campaign.id + " has no " + value + " action.");
    }
    return type;
  }

  // ------------------------------------------------------------------ supporters

  private MockResponse listSupporters(HttpUrl url) {
    List<String> errors = new ArrayList<>();
    SupporterFilter filter = SupporterFilter.parse(url, errors);
    Paging paging = Paging.parse(url, errors);
    ApiError.throwIfAny(errors);
    Supporters.Slice slice = supporters.list(filter, paging.offset(), paging.pagesize);
    SupporterPage page = new SupporterPage()
        .uri(paging.uri("supporters", filter.given, paging.page))
        .firstpageuri(paging.uri("supporters", filter.given, 0))
        .nextpageuri(paging.hasNext(slice.total) ? paging.uri("supporters", filter.given, paging.page + 1L) : null)
        .previouspageuri(paging.page > 0 ? paging.uri("supporters", filter.given, paging.page - 1L) : null)
        .page(paging.page)
        .pagesize(paging.pagesize)
        .totalResults(slice.total)
        .supporters(slice.supporters);
    return ok(200, page);
  }

  private MockResponse getSupporter(String key) {
    Supporter supporter = supporters.find(key);
    if (supporter == null) {
      throw noSupporter(key);
    }
    return ok(200, supporter);
  }

  private MockResponse createSupporter(Map<String, String> form) {
    Supporter created = supporters.create(form);
    return json(201, Json.encode(created)).setHeader("Location", "/v3/supporters/" + created.getId()).build();
  }

  private MockResponse updateSupporter(String key, Map<String, String> form) {
    if (form.isEmpty()) {
      // The spec's request body is required, and an update without a field changes nothing.
      throw ApiError.badRequest("Send at least one field to change, with a value (a blank value counts as absent).");
    }
    Supporter updated = supporters.update(key, form);
    if (updated == null) {
      throw noSupporter(key);
    }
    return ok(200, updated);
  }

  private static ApiError noSupporter(String key) {
    return ApiError.notFound("There is no supporter with the id, email or customId '" + key + "'.");
  }

  // ------------------------------------------------------------------ plumbing

  private static void requireMethod(String method, HttpUrl url, String... allowed) {
    for (String candidate : allowed) {
      if (candidate.equals(method)) {
        return;
      }
    }
    throw ApiError.methodNotAllowed(method + " is not allowed on " + url.encodedPath()
        + "; this resource answers " + String.join(" and ", allowed) + " only.", allowed);
  }

  private static ApiError notFound(HttpUrl url) {
    return ApiError.notFound("The requested resource was not found: " + url.encodedPath() + ".");
  }

  /**
   * The fields of a form-encoded body; blank values count as absent. A field sent twice is
   * refused: every field of the spec's forms is one string, and reading one of the values would
   * hide that the others were dropped. So is a field not in {@code taken} (see {@link #onlyTaken}).
   * The messages are added to {@code errors}, with those about the query, so that one answer gives
   * them all; a body that cannot be read at all is refused at once.
   */
  private static Map<String, String> form(RecordedRequest request, List<String> taken, String method, HttpUrl url,
      List<String> errors) {
    String contentType = request.getHeaders().get("Content-Type");
    // The media type itself, parameters aside: not a prefix (application/x-www-form-urlencodedx is another type).
    MediaType mediaType = contentType == null ? null : MediaType.parse(contentType);
    if (mediaType == null || !(mediaType.type() + "/" + mediaType.subtype()).equals(FORM)) {
      throw ApiError.badRequest("Send the body as " + FORM + ", not " + (contentType == null ? "without a Content-Type" : contentType) + ".");
    }
    ByteString body = request.getBody();
    String text = body == null ? "" : body.utf8();
    Map<String, String> fields = new LinkedHashMap<>();
    Set<String> sent = new LinkedHashSet<>();
    Set<String> repeated = new LinkedHashSet<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!sent.add(name)) {
        repeated.add(name);
      }
      if (!value.trim().isEmpty() && !fields.containsKey(name)) {
        fields.put(name, value);
      }
    }
    for (String name : repeated) {
      errors.add("The " + name + " field was sent more than once; send each field once.");
    }
    onlyTaken("field", sent, taken, method, url, errors);
    return fields;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, "UTF-8");
    } catch (UnsupportedEncodingException | IllegalArgumentException e) {
      throw ApiError.badRequest("The form body is not valid application/x-www-form-urlencoded text.");
    }
  }

  private static MockResponse ok(int status, Object model) {
    return json(status, Json.encode(model)).build();
  }

  private static MockResponse.Builder error(int status, String message) {
    return error(status, Collections.singletonList(message));
  }

  private static MockResponse.Builder error(int status, List<String> messages) {
    return json(status, Json.error(messages));
  }

  private static MockResponse.Builder json(int status, String body) {
    return new MockResponse.Builder().status("HTTP/1.1 " + status + " " + reasonPhrase(status))
        .setHeader("Content-Type", JSON).body(body);
  }

  /**
   * RFC 9110's reason phrase for each status this sandbox answers with. MockWebServer's own
   * ({@code code(int)}) is one per class of status: "201 OK", "404 Client Error".
   */
  static String reasonPhrase(int status) {
    switch (status) {
      case 200: return "OK";
      case 201: return "Created";
      case 202: return "Accepted";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 503: return "Service Unavailable";
      default: throw new IllegalArgumentException("The sandbox does not answer with status " + status);
    }
  }
}
