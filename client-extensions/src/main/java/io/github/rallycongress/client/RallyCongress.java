package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.Moshi;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.api.CampaignsApi;
import io.github.rallycongress.generated.api.SupportersApi;
import io.github.rallycongress.generated.model.ActionMode;
import io.github.rallycongress.generated.model.ActionForm;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignPage;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.io.File;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Cache;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.logging.HttpLoggingInterceptor;
import org.jspecify.annotations.Nullable;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.adapter.rxjava3.RxJava3CallAdapterFactory;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * The Rally Congress API v3 client: the generated Retrofit interfaces, wired with host-scoped
 * HTTP Basic auth, an HTTPS guard, typed errors and safe retries, plus RxJava 3 streams of every
 * item of a paged list.
 *
 * <pre>{@code
 * RallyCongress rally = RallyCongress.builder().build(); // RALLY_ACCOUNT_ID, RALLY_AUTH_TOKEN
 * rally.supporters(SupporterQuery.builder().state("NY").build())
 *     .subscribe(supporter -> System.out.println(supporter.getEmail()));
 * }</pre>
 *
 * <h2>What reaches {@code onError}</h2>
 * Every {@code Single} and {@code Flowable} of this client, and of the APIs it hands out, fails
 * with exactly one of: a {@link RallyApiException} subclass for a non-2xx status (after retries);
 * a {@link RallyDecodingException} for a 2xx body that does not decode; a
 * {@link RallyPagingException} for a list whose links cannot be followed safely; or the
 * {@link java.io.IOException} of a network failure (after retries). Nothing is thrown into
 * {@code RxJavaPlugins.onError} after a subscriber disposes.
 *
 * <h2>Threads</h2>
 * Calls are asynchronous on OkHttp's dispatcher, at most {@link Builder#maxConcurrentRequests} at a
 * time; results are delivered on its threads. Use {@code observeOn} to move them. Like RxJava's
 * schedulers, those threads are daemons: they never keep a JVM alive, so a {@code main} that
 * subscribes must wait for the result (a {@code blocking} operator) before it returns.
 *
 * <p>Instances are immutable and thread-safe; share one per account.
 */
public final class RallyCongress {
  /** The published base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.rallycongress.net/v3/";

  private final HttpUrl baseUrl;
  private final String accountId;
  private final OkHttpClient okHttpClient;
  private final CampaignsApi campaigns;
  private final SupportersApi supporters;
  private final PageLinks links;
  private final RetryPolicy retryPolicy;
  private final int maxConcurrentRequests;

  private RallyCongress(Builder builder, HttpUrl baseUrl, String accountId, String authToken) {
    this.baseUrl = baseUrl;
    this.accountId = accountId;
    this.retryPolicy = builder.retryPolicy;
    this.maxConcurrentRequests = builder.maxConcurrentRequests;

    Dispatcher dispatcher = new Dispatcher(new DispatcherExecutor());
    dispatcher.setMaxRequests(builder.maxConcurrentRequests);
    dispatcher.setMaxRequestsPerHost(builder.maxConcurrentRequests);

    OkHttpClient.Builder http = (builder.okHttpClient != null ? builder.okHttpClient.newBuilder() : new OkHttpClient.Builder())
        .dispatcher(dispatcher)
        // Our RetryInterceptor decides what may be retried; OkHttp's own silent retry could resend a POST.
        .retryOnConnectionFailure(false)
        // A redirect from https to http is refused (the 3xx reaches the caller as an error).
        .followSslRedirects(false)
        .addInterceptor(new RetryInterceptor(builder.retryPolicy, builder.clock))
        .addNetworkInterceptor(new SendMarker())
        .addNetworkInterceptor(new TransportGuard(baseUrl, accountId, authToken));
    if (builder.connectTimeout != null) {
      http.connectTimeout(builder.connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (builder.readTimeout != null) {
      http.readTimeout(builder.readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (builder.callTimeout != null) {
      http.callTimeout(builder.callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (builder.cacheDirectory != null) {
      // One directory per account: cached bodies are keyed by URL only, and accounts must not share them.
      http.cache(new Cache(new File(builder.cacheDirectory, accountDirectory(accountId)), builder.cacheMaxBytes));
    }
    if (builder.logLevel != HttpLoggingInterceptor.Level.NONE) {
      HttpLoggingInterceptor logging = new HttpLoggingInterceptor(builder.logger);
      logging.setLevel(builder.logLevel);
      logging.redactHeader("Authorization");
      http.addNetworkInterceptor(logging); // after TransportGuard: it sees, and redacts, the real header
    }
    this.okHttpClient = http.build();

    Moshi moshi = GeneratedJson.moshi();
    Retrofit retrofit = new Retrofit.Builder()
        .baseUrl(baseUrl)
        .client(okHttpClient)
        .addConverterFactory(new QueryValues())
        .addConverterFactory(MoshiConverterFactory.create(moshi))
        .addCallAdapterFactory(new ErrorMapping(RxJava3CallAdapterFactory.create(), moshi, builder.clock, builder.retryPolicy))
        .build();
    this.campaigns = retrofit.create(CampaignsApi.class);
    this.supporters = retrofit.create(SupportersApi.class);
    this.links = retrofit.create(PageLinks.class);
  }

  /**
   * A builder with the defaults: credentials from {@code RALLY_ACCOUNT_ID} and
   * {@code RALLY_AUTH_TOKEN}, the production base URL, the default {@link RetryPolicy}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The generated Campaigns operations, wired with auth, typed errors and retries. */
  public CampaignsApi campaignsApi() {
    return campaigns;
  }

  /** The generated Supporters operations, wired with auth, typed errors and retries. */
  public SupportersApi supportersApi() {
    return supporters;
  }

  /** The base URL every request goes to. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  // ---------------------------------------------------------------------------------------------
  // Streams of paged lists

  /**
   * Every campaign of the account, page after page.
   *
   * <dl>
   * <dt><b>Backpressure:</b></dt>
   * <dd>Honours downstream demand: a page is requested only when the items already received are
   * all emitted and more are requested; nothing is requested before the first {@code request(n)}.
   * With {@link PageOptions.Builder#parallelism} above 1, up to that many pages run ahead.</dd>
   * <dt><b>Scheduler:</b></dt>
   * <dd>Items arrive on OkHttp's dispatcher threads.</dd>
   * </dl>
   */
  public Flowable<Campaign> campaigns(PageOptions options) {
    return limited(campaignPageStream(options, PageShape.CAMPAIGNS::items), options);
  }

  /** {@link #campaigns(PageOptions)} with {@link PageOptions#defaults()}. */
  public Flowable<Campaign> campaigns() {
    return campaigns(PageOptions.defaults());
  }

  /**
   * The pages of the campaign list, envelope included ({@code totalResults}, {@code nextpageuri}).
   * Backpressure and scheduler as {@link #campaigns(PageOptions)}, a page being one item; the
   * options' limit counts campaigns, and the last page is not cut.
   */
  public Flowable<CampaignPage> campaignPages(PageOptions options) {
    return limitedPages(campaignPageStream(options, Collections::singletonList), options, PageShape.CAMPAIGNS::items);
  }

  /**
   * Every supporter that matches {@code query}, page after page.
   *
   * <dl>
   * <dt><b>Backpressure:</b></dt>
   * <dd>Honours downstream demand: a page is requested only when the items already received are
   * all emitted and more are requested; nothing is requested before the first {@code request(n)}.
   * With {@link PageOptions.Builder#parallelism} above 1, up to that many pages run ahead.</dd>
   * <dt><b>Scheduler:</b></dt>
   * <dd>Items arrive on OkHttp's dispatcher threads.</dd>
   * </dl>
   */
  public Flowable<Supporter> supporters(SupporterQuery query, PageOptions options) {
    return limited(supporterPageStream(query, options, PageShape.SUPPORTERS::items), options);
  }

  /** {@link #supporters(SupporterQuery, PageOptions)} with {@link PageOptions#defaults()}. */
  public Flowable<Supporter> supporters(SupporterQuery query) {
    return supporters(query, PageOptions.defaults());
  }

  /** The pages of the supporter list; see {@link #campaignPages(PageOptions)}. */
  public Flowable<SupporterPage> supporterPages(SupporterQuery query, PageOptions options) {
    return limitedPages(supporterPageStream(query, options, Collections::singletonList), options,
        PageShape.SUPPORTERS::items);
  }

  private <T> Flowable<T> campaignPageStream(PageOptions options, Function<CampaignPage, List<T>> items) {
    requireNonNull(options, "options == null");
    Function<Integer, Single<Response<CampaignPage>>> byNumber = page -> campaigns.listCampaigns(page, options.pageSize());
    return pages(options, byNumber, links::campaignPage, PageShape.CAMPAIGNS, items);
  }

  private <T> Flowable<T> supporterPageStream(SupporterQuery query, PageOptions options,
      Function<SupporterPage, List<T>> items) {
    requireNonNull(query, "query == null");
    requireNonNull(options, "options == null");
    Function<Integer, Single<Response<SupporterPage>>> byNumber = page -> supporters.listSupporters(
        query.email, query.firstName, query.lastName, query.customId, query.city, query.updatedSince,
        query.joinDate, query.state, query.optinStatus, query.zipCode, query.congressDistrict,
        page, options.pageSize());
    return pages(options, byNumber, links::supporterPage, PageShape.SUPPORTERS, items);
  }

  private <P, T> Flowable<T> pages(PageOptions options, Function<Integer, Single<Response<P>>> byNumber,
      Function<HttpUrl, Single<Response<P>>> byLink, PageShape<P, ?> shape, Function<P, List<T>> items) {
    HttpUrl resume = options.resumeFrom() != null ? resolvePageUri(options.resumeFrom()) : null;
    if (options.parallelism() > 1) {
      return ParallelPages.read(byNumber, shape, items, options.parallelism());
    }
    Supplier<Single<Response<P>>> first = () -> resume != null ? byLink.apply(resume) : byNumber.apply(null);
    return new PageStream<>(first, byLink, shape, items, baseUrl);
  }

  /** Ends a stream of pages with the page that reaches the options' limit of items. */
  private static <P> Flowable<P> limitedPages(Flowable<P> pages, PageOptions options, Function<P, List<?>> items) {
    if (options.limit() == Long.MAX_VALUE) {
      return pages;
    }
    return Flowable.defer(() -> {
      long[] seen = {0}; // per subscriber: each subscription counts afresh
      return pages.takeUntil(page -> (seen[0] += items.apply(page).size()) >= options.limit());
    });
  }

  private static <T> Flowable<T> limited(Flowable<T> items, PageOptions options) {
    return options.limit() == Long.MAX_VALUE ? items : items.take(options.limit());
  }

  private HttpUrl resolvePageUri(String uri) {
    HttpUrl url = baseUrl.resolve(uri);
    if (url == null || !Origin.same(url, baseUrl)) {
      throw new IllegalArgumentException("resumeFrom must be a page URI on " + baseUrl.scheme() + "://"
          + baseUrl.host() + ":" + baseUrl.port() + " (absolute, or relative such as /v3/supporters?page=3), but was '"
          + uri + "'");
    }
    return url;
  }

  // ---------------------------------------------------------------------------------------------
  // Single resources and actions

  /** One campaign by id. */
  public Single<Campaign> campaign(String campaignId) {
    requireNonNull(campaignId, "campaignId == null");
    return campaigns.getCampaign(campaignId).map(RallyCongress::body);
  }

  /**
   * The form of a campaign's action: its fields, sample letters and targets; with a ZIP code, the
   * targets for it.
   */
  public Single<ActionForm> actionForm(String campaignId, ActionType actionType, @Nullable String zipCode) {
    requireNonNull(campaignId, "campaignId == null");
    requireNonNull(actionType, "actionType == null");
    return campaigns.getCampaignAction(campaignId, actionType, zipCode).map(RallyCongress::body);
  }

  /** One supporter by Rally Congress id, email or custom id. */
  public Single<Supporter> supporter(String supporterId) {
    requireNonNull(supporterId, "supporterId == null");
    return supporters.getSupporter(supporterId).map(RallyCongress::body);
  }

  /**
   * Submits a campaign action. A 202 is not an error: the result
   * {@linkplain ActionResult#needsMoreInformation() needs more information}; pass it to
   * {@link #completeAction} with the missing values.
   *
   * <p>Never retried after the request may have reached the server (a 5xx, a timeout or a
   * disconnect after sending): a second attempt could deliver a second letter. Retried only after
   * HTTP 429 and after failures to connect.
   */
  public Single<ActionResult> submitAction(ActionRequest request) {
    requireNonNull(request, "request == null");
    return Single.defer(() -> campaigns.submitCampaignAction(request.campaignId(), request.actionType(),
            request.field("firstname"), request.field("lastname"), request.field("zipcode"), request.field("id"),
            request.field("prefix"), request.field("street"), request.field("city"), request.field("state"),
            request.field("phone"), request.field("email"), request.field("subject"), request.field("message"),
            request.field("topic"), request.field("mode") == null ? null : ActionMode.fromValue(request.field("mode")))
        .map(response -> new ActionResult(response.code(), body(response), request)));
  }

  /**
   * Completes a submission that needed more information: sends its request again with the
   * submission id and {@code values} (form field name to value, such as {@code street}).
   */
  public Single<ActionResult> completeAction(ActionResult pending, Map<String, String> values) {
    requireNonNull(pending, "pending == null");
    requireNonNull(values, "values == null");
    if (!pending.needsMoreInformation()) {
      throw new IllegalArgumentException("Submission " + pending.id() + " is already complete (HTTP "
          + pending.status() + "); only a 202 result needs completing.");
    }
    ActionRequest.Builder followUp = pending.request().newBuilder().field("id", pending.id());
    values.forEach(followUp::field);
    return submitAction(followUp.build());
  }

  private static <T> T body(Response<T> response) {
    T body = response.body();
    if (body == null) {
      throw new RallyDecodingException(response.raw().request().method() + " " + response.raw().request().url().encodedPath(),
          "$", "HTTP " + response.code() + " had no body", new IllegalStateException("empty body"));
    }
    return body;
  }

  /** The base URL and account; never the token. */
  @Override
  public String toString() {
    return "RallyCongress{baseUrl=" + baseUrl + ", accountId=" + accountId + ", retryPolicy=" + retryPolicy
        + ", maxConcurrentRequests=" + maxConcurrentRequests + "}";
  }

  private static String accountDirectory(String accountId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(accountId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder("account-");
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required on every Java platform", e);
    }
  }

  /** Configures a {@link RallyCongress}. Every setter checks its argument at once. */
  public static final class Builder {
    private @Nullable String accountId;
    private @Nullable String authToken;
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration callTimeout;
    private HttpLoggingInterceptor.Level logLevel = HttpLoggingInterceptor.Level.NONE;
    private HttpLoggingInterceptor.Logger logger = HttpLoggingInterceptor.Logger.DEFAULT;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int maxConcurrentRequests = 4;
    private @Nullable File cacheDirectory;
    private long cacheMaxBytes;
    private Function<String, @Nullable String> environment = System::getenv;
    private Clock clock = Clock.systemUTC();

    Builder() {
    }

    /**
     * The Account ID (HTTP Basic user) and Auth Token (password), from the control panel:
     * Account Settings, API. Without this call, {@code RALLY_ACCOUNT_ID} and
     * {@code RALLY_AUTH_TOKEN} are read from the environment.
     */
    public Builder credentials(String accountId, String authToken) {
      requireNonNull(accountId, "accountId == null");
      requireNonNull(authToken, "authToken == null");
      if (accountId.isEmpty() || authToken.isEmpty()) {
        throw new IllegalArgumentException("accountId and authToken must not be empty");
      }
      this.accountId = accountId;
      this.authToken = authToken;
      return this;
    }

    /**
     * The API's base URL, {@value #DEFAULT_BASE_URL} by default. HTTPS only; plain http only for a
     * loopback host (a sandbox or a test server).
     */
    public Builder baseUrl(String baseUrl) {
      requireNonNull(baseUrl, "baseUrl == null");
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL: '" + baseUrl + "'");
      }
      if (!Origin.isSecureEnough(url)) {
        throw new IllegalArgumentException("baseUrl " + Origin.redacted(url) + " is plain http: the Rally Congress API is"
            + " HTTPS only (http is accepted for loopback hosts such as 127.0.0.1, for sandboxes and tests).");
      }
      if (!url.username().isEmpty() || !url.password().isEmpty()) {
        throw new IllegalArgumentException("baseUrl must not carry credentials; use credentials(accountId, authToken).");
      }
      this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
      return this;
    }

    /** An app's own client, to share its connection pool; this client adds to a copy of it. */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = requireNonNull(okHttpClient, "okHttpClient == null");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** A limit on one attempt from start to end (retries each get their own). */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** HTTP logging, {@code NONE} by default; {@code Authorization} is redacted at every level. */
    public Builder logLevel(HttpLoggingInterceptor.Level level) {
      this.logLevel = requireNonNull(level, "level == null");
      return this;
    }

    /** Where log lines go; standard output by default. */
    public Builder logger(HttpLoggingInterceptor.Logger logger) {
      this.logger = requireNonNull(logger, "logger == null");
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy == null");
      return this;
    }

    /** At most this many requests in flight (4 by default): the API answers 429 to too many. */
    public Builder maxConcurrentRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, but was " + max);
      }
      this.maxConcurrentRequests = max;
      return this;
    }

    /**
     * Opt-in HTTP cache: GETs revalidate with {@code ETag} / {@code Last-Modified}, and a 304 is
     * answered from the cache. A subdirectory per account keeps accounts apart.
     */
    public Builder cacheDirectory(File directory, long maxBytes) {
      requireNonNull(directory, "directory == null");
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, but was " + maxBytes);
      }
      this.cacheDirectory = directory;
      this.cacheMaxBytes = maxBytes;
      return this;
    }

    Builder environment(Function<String, @Nullable String> environment) {
      this.environment = environment;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public RallyCongress build() {
      String account = accountId != null ? accountId : environment.apply("RALLY_ACCOUNT_ID");
      String token = authToken != null ? authToken : environment.apply("RALLY_AUTH_TOKEN");
      if (account == null || account.isEmpty() || token == null || token.isEmpty()) {
        throw new IllegalStateException("No credentials: call credentials(accountId, authToken), or set the"
            + " environment variables RALLY_ACCOUNT_ID and RALLY_AUTH_TOKEN (control panel: Account Settings, API).");
      }
      return new RallyCongress(this, HttpUrl.get(baseUrl), account, token);
    }

    private static Duration positive(Duration value, String name) {
      requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, but was " + value);
      }
      return value;
    }
  }
}
