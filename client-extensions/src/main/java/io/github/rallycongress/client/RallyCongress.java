package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.Moshi;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.api.CampaignsApi;
import io.github.rallycongress.generated.api.CampaignsApi.SubmitCampaignActionRequest;
import io.github.rallycongress.generated.api.SupportersApi;
import io.github.rallycongress.generated.model.ActionMode;
import io.github.rallycongress.generated.model.ActionForm;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.ActionSubmission;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignPage;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import io.reactivex.rxjava3.annotations.CheckReturnValue;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Authenticator;
import okhttp3.Cache;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Route;
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
 *     .blockingSubscribe(supporter -> System.out.println(supporter.getEmail()),
 *         error -> System.err.println(error.getMessage()));
 * }</pre>
 * Nothing is sent until a {@code Single} or {@code Flowable} is subscribed to. An app subscribes
 * without blocking ({@code subscribe(onNext, onError)}, always with an error handler: without
 * one, RxJava hands the error to {@code RxJavaPlugins.onError}, which crashes an Android app);
 * a {@code main} blocks, because the client's threads are daemons (see "Threads").
 *
 * <h2>What reaches {@code onError}</h2>
 * Every {@code Single} and {@code Flowable} of this client, and of the APIs it hands out, fails
 * with exactly one of:
 * <ul>
 * <li>a {@link RallyApiException} subclass for a non-2xx status (after retries), a 3xx this
 * client does not follow included, and for a 202 to any operation but an action's submission
 * (the published docs' "more information needed": the request was not completed);
 * <li>a {@link RallyDecodingException} for a 2xx whose body does not decode (a property the API
 * document requires missing or null, a null item in a list, included: the models' getters of
 * required properties never return null), has no value (204, 205, {@code null}, an empty body) or
 * cannot be read (the status arrived, so for a POST the server accepted it);
 * <li>a {@link RallyPagingException} for a list whose links cannot be followed safely or loop;
 * <li>an {@link OutcomeUnknownException} for a POST that was sent and got no readable answer
 * (timeout, lost connection, unreadable response, deadline): the server may have acted on it;
 * <li>a {@link java.io.InterruptedIOException} naming the deadline for any other call that
 * reached it;
 * <li>the {@link java.io.IOException} of another network failure (after retries), such as a
 * {@link java.net.ConnectException} when no connection could be made;
 * <li>or, for a call made after {@link #close()}, which is not sent, an
 * {@link IllegalStateException} that says so.
 * </ul>
 * A value that cannot be sent as given (an empty id, text UTF-8 cannot carry) is an
 * {@link IllegalArgumentException}: thrown by the methods of this class when called, and, from
 * the generated APIs it hands out, delivered to {@code onError} before anything is sent.
 * Nothing is thrown into {@code RxJavaPlugins.onError}, after a subscriber disposes or otherwise.
 *
 * <h2>What is sent again, and what never is</h2>
 * Only the {@link RetryPolicy} decides: a GET is retried after a network failure and after HTTP
 * 429, 500 and 503, a connection lost while its body is read included; a POST only after HTTP 429
 * or when the server certainly did not act on it: no connection could be made, or an HTTP/2
 * server refused its stream unprocessed ({@code REFUSED_STREAM}, also reported for the streams a
 * {@code GOAWAY} leaves out) or shut the connection down before the stream opened; refused to the
 * last attempt, it fails with that plain {@link java.io.IOException}, not an
 * {@link OutcomeUnknownException}. A call is sent at most {@link RetryPolicy#maxAttempts}
 * times in all, whatever mix of failures it meets. A POST that was sent is never sent again by
 * this client (a retried letter is a second letter to a lawmaker). Each subscription, though, is
 * a call of its own: like Retrofit's, every {@code Single} and {@code Flowable} here is cold, so
 * subscribing twice to the {@code Single} of {@link #submitAction}, or applying RxJava's
 * {@code retry} or {@code repeat} operators to it, submits the action twice. Subscribe once; to
 * give one result to several observers, subscribe them to {@code submitAction(request).cache()}.
 * OkHttp's own re-sends are off: no silent retry on a connection failure, no answer to an authentication
 * challenge, no follow-up to a 503 with {@code Retry-After: 0} or a 408 or 421; the server's
 * answer reaches the caller instead. Redirects: a GET answered 301, 302, 303, 307 or 308 with a
 * {@code Location} on the base URL's scheme, host and port is followed (at most 5 times; not a
 * retry); every other redirect, and any redirect of a POST, reaches the caller as a
 * {@link RallyApiException} with the status. {@link Builder#retryListener} is told of each retry.
 *
 * <h2>Deadline</h2>
 * Each call has one deadline, {@link Builder#callTimeout} (30 s by default): every attempt, every
 * wait between attempts and the reading of the response body must end within it, a GET made again
 * after its body was cut included (it does not start a deadline of its own). For a paged list,
 * each page is one call.
 *
 * <h2>Threads</h2>
 * Calls are asynchronous, at most {@link Builder#maxConcurrentRequests} on the network at a time;
 * results are delivered on the dispatcher's (daemon) threads, and a call refused before it is
 * sent (after {@link #close()}, or a value the generated APIs cannot send) fails at once on the
 * thread that subscribes. Use {@code observeOn} to move them. A call
 * holds its place among the {@code maxConcurrentRequests} only while it uses the network or waits
 * to send a request again ({@link Builder#maxConcurrentRequests} says which waits), never while its
 * result is delivered, so a subscriber may block on other calls of the same client inside {@code onNext} or
 * {@code onError}, at any depth and with any limit (1 included), without a deadlock. Like RxJava's
 * schedulers, those threads are daemons: they never keep a JVM alive, so a {@code main} that
 * subscribes must wait for the result (a {@code blocking} operator) before it returns. A
 * {@code blocking} operator whose thread is interrupted (or already was) disposes the call, which
 * cancels it, and throws RxJava's {@code RuntimeException} around the
 * {@link InterruptedException}, the thread's interrupt flag cleared: for a POST already sent, the
 * server may have acted on it, and no {@link OutcomeUnknownException} says so.
 *
 * <h2>Identity</h2>
 * Every request carries {@code User-Agent: rally-congress-java/<version> okhttp/<version>}, after
 * the app's product token if {@link Builder#userAgent} gives one.
 *
 * <h2>Generated APIs without this class</h2>
 * {@link #campaignsApi()} and {@link #supportersApi()} carry all of the above. The generated
 * interfaces in {@code rally-congress-client-generated} can also be given to a Retrofit instance an
 * app builds itself; they then behave as stock Retrofit does (no typed errors, no retry policy, no
 * deadline), which this library does not cover.
 *
 * <p>Instances are thread-safe; share one per account, and {@link #close()} one the app no longer needs.
 */
public final class RallyCongress implements Closeable {
  /** The published base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.rallycongress.net/v3/";

  /** The deadline of each call unless {@link Builder#callTimeout} says otherwise: 30 seconds. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final HttpUrl baseUrl;
  private final String accountId;
  private final OkHttpClient okHttpClient;
  private final CampaignsApi campaigns;
  private final SupportersApi supporters;
  private final PageLinks links;
  private final RetryPolicy retryPolicy;
  private final int maxConcurrentRequests;
  private final Duration deadline;
  private final ErrorMapping errorMapping;
  private final DispatcherExecutor executor;
  /** Whether the connection pool is this client's own, not that of an app's {@link Builder#okHttpClient}. */
  private final boolean ownsConnectionPool;

  private RallyCongress(Builder builder, HttpUrl baseUrl, String accountId, String authToken) {
    this.baseUrl = baseUrl;
    this.accountId = accountId;
    this.retryPolicy = builder.retryPolicy;
    this.maxConcurrentRequests = builder.maxConcurrentRequests;

    // The limit lives in the executor, which frees a slot before a result is delivered (see
    // DispatcherExecutor); OkHttp's own limits would count a blocked subscriber as a running call.
    this.executor = new DispatcherExecutor(builder.maxConcurrentRequests);
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);

    OkHttpClient app = builder.okHttpClient;
    this.ownsConnectionPool = app == null;
    this.deadline = builder.callTimeout != null ? builder.callTimeout
        : app != null && app.callTimeoutMillis() > 0 ? Duration.ofMillis(app.callTimeoutMillis()) : DEFAULT_CALL_TIMEOUT;
    OkHttpClient.Builder http = (app != null ? app.newBuilder() : new OkHttpClient.Builder())
        .dispatcher(dispatcher)
        // RetryInterceptor alone decides what is sent again. OkHttp's own re-sends are switched off
        // here (silent retries, redirects, authentication challenges), and NetworkAttempt refuses
        // any it would still make (a 503 with Retry-After: 0, a 421).
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .authenticator(Authenticator.NONE)
        .proxyAuthenticator(tunnelOnly(app != null ? app.proxyAuthenticator() : Authenticator.NONE))
        // The deadline is RetryInterceptor's (and NetworkAttempt's watchdog's, while the request is
        // written and the headers awaited): OkHttp's call timeout cancels the call, and Retrofit
        // then drops the error, so the subscriber would never hear of it.
        .callTimeout(0, TimeUnit.MILLISECONDS)
        .addInterceptor(UserAgent.of(builder.productToken))
        .addInterceptor(new RetryInterceptor(builder.retryPolicy, builder.clock, baseUrl, deadline, builder.retryListener))
        .addNetworkInterceptor(new NetworkAttempt())
        .addNetworkInterceptor(new TransportGuard(baseUrl, accountId, authToken));
    if (builder.connectTimeout != null) {
      http.connectTimeout(builder.connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (builder.readTimeout != null) {
      http.readTimeout(builder.readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    // One directory per account, or none: OkHttp keys cached bodies by URL alone, so a cache an
    // app's client brings (shared by its clients of other accounts) would serve one account's
    // responses to another.
    http.cache(builder.cacheDirectory == null ? null
        : new Cache(new File(builder.cacheDirectory, accountDirectory(accountId)), builder.cacheMaxBytes));
    if (builder.logLevel != HttpLoggingInterceptor.Level.NONE) {
      HttpLoggingInterceptor.Logger appLogger = builder.logger;
      HttpLoggingInterceptor logging = new HttpLoggingInterceptor(line -> appLogger.log(MessagePath.redactedLogLine(line)));
      logging.setLevel(builder.logLevel);
      logging.redactHeader("Authorization");
      // People's data: the filters that name a person, and (redactedLogLine) a supporter's id in a path.
      logging.redactQueryParams(MessagePath.PERSONAL_QUERY_PARAMETERS.toArray(new String[0]));
      http.addNetworkInterceptor(logging); // after TransportGuard: it sees, and redacts, the real header
    }
    this.okHttpClient = http.build();

    Moshi moshi = GeneratedJson.moshi();
    this.errorMapping = new ErrorMapping(RxJava3CallAdapterFactory.create(), builder.clock, builder.retryPolicy,
        deadline, builder.retryListener);
    OkHttpClient calls = okHttpClient;
    Retrofit retrofit = new Retrofit.Builder()
        .baseUrl(baseUrl)
        // Each request carries its call's attempts and deadline to RetryInterceptor (CallBudget).
        .callFactory(request -> calls.newCall(CallBudget.tag(request)))
        .addConverterFactory(new QueryValues())
        .addConverterFactory(MoshiConverterFactory.create(moshi))
        .addCallAdapterFactory(errorMapping)
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

  /**
   * The account every request authenticates as: the AccountID of HTTP Basic auth (the published
   * docs' name). Not a secret on its own, unlike the auth token, which no method returns; as
   * half of the credentials it is left out of {@link #toString()}.
   */
  public String accountId() {
    return accountId;
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
   * With {@link PageOptions.Builder#parallelism} above 1, the first page is requested on
   * subscription and up to that many pages run ahead of demand.</dd>
   * <dt><b>Scheduler:</b></dt>
   * <dd>Items arrive on OkHttp's dispatcher threads, or, when items are waiting for demand, on the
   * thread that calls {@code request(n)} (as from any RxJava source): use {@code observeOn} to
   * choose the thread.</dd>
   * </dl>
   */
  @CheckReturnValue
  public Flowable<Campaign> campaigns(PageOptions options) {
    return limited(campaignPageStream(options, PageShape.CAMPAIGNS::items), options);
  }

  /** {@link #campaigns(PageOptions)} with {@link PageOptions#defaults()}. */
  @CheckReturnValue
  public Flowable<Campaign> campaigns() {
    return campaigns(PageOptions.defaults());
  }

  /**
   * The pages of the campaign list, envelope included ({@code totalResults}, {@code nextpageuri}).
   * Backpressure and scheduler as {@link #campaigns(PageOptions)}, a page being one item; the
   * options' limit counts campaigns, and the last page is not cut.
   */
  @CheckReturnValue
  public Flowable<CampaignPage> campaignPages(PageOptions options) {
    return limitedPages(campaignPageStream(options, Collections::singletonList), options, PageShape.CAMPAIGNS::items);
  }

  /**
   * Every supporter that matches {@code query}, page after page.
   *
   * <p>Loop check: the stream ends with a {@link RallyPagingException}, before the page a link
   * goes back to is requested, when a {@code nextpageuri} resolves to a page already read in this
   * stream (the URL it was fetched at, or one a page named as its {@code uri},
   * {@code firstpageuri} or {@code previouspageuri}; query parameters in any order), or when a
   * page number does not grow. It keeps 64-bit hashes of those URLs, about 16 bytes a page.
   *
   * <p>A list that changes while it is read can repeat an item or miss one: the API pages by
   * offset (see {@link PageOptions.Builder#parallelism}, "Consistency").
   *
   * <dl>
   * <dt><b>Backpressure:</b></dt>
   * <dd>Honours downstream demand: a page is requested only when the items already received are
   * all emitted and more are requested; nothing is requested before the first {@code request(n)}.
   * With {@link PageOptions.Builder#parallelism} above 1, the first page is requested on
   * subscription and up to that many pages run ahead of demand.</dd>
   * <dt><b>Scheduler:</b></dt>
   * <dd>Items arrive on OkHttp's dispatcher threads, or, when items are waiting for demand, on the
   * thread that calls {@code request(n)} (as from any RxJava source): use {@code observeOn} to
   * choose the thread.</dd>
   * </dl>
   */
  @CheckReturnValue
  public Flowable<Supporter> supporters(SupporterQuery query, PageOptions options) {
    return limited(supporterPageStream(query, options, PageShape.SUPPORTERS::items), options);
  }

  /** {@link #supporters(SupporterQuery, PageOptions)} with {@link PageOptions#defaults()}. */
  @CheckReturnValue
  public Flowable<Supporter> supporters(SupporterQuery query) {
    return supporters(query, PageOptions.defaults());
  }

  /** The pages of the supporter list; see {@link #campaignPages(PageOptions)}. */
  @CheckReturnValue
  public Flowable<SupporterPage> supporterPages(SupporterQuery query, PageOptions options) {
    return limitedPages(supporterPageStream(query, options, Collections::singletonList), options,
        PageShape.SUPPORTERS::items);
  }

  private <T> Flowable<T> campaignPageStream(PageOptions options, Function<CampaignPage, List<T>> items) {
    requireNonNull(options, "options == null");
    Function<Integer, Single<Response<CampaignPage>>> byNumber = page -> campaigns.listCampaigns(page, options.pageSize());
    return pages(options, byNumber, links::campaignPage, PageShape.CAMPAIGNS, items, "campaigns");
  }

  private <T> Flowable<T> supporterPageStream(SupporterQuery query, PageOptions options,
      Function<SupporterPage, List<T>> items) {
    requireNonNull(query, "query == null");
    requireNonNull(options, "options == null");
    Function<Integer, Single<Response<SupporterPage>>> byNumber = page -> supporters.listSupporters(
        query.toRequest(page, options.pageSize()));
    return pages(options, byNumber, links::supporterPage, PageShape.SUPPORTERS, items, "supporters");
  }

  private <P, T> Flowable<T> pages(PageOptions options, Function<Integer, Single<Response<P>>> byNumber,
      Function<HttpUrl, Single<Response<P>>> byLink, PageShape<P, ?> shape, Function<P, List<T>> items, String list) {
    HttpUrl resume = options.resumeFrom() != null ? resolvePageUri(options.resumeFrom(), list) : null;
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
    if (options.limit() == 0) {
      return Flowable.empty(); // takeUntil would test the limit only after a first page was read
    }
    return Flowable.defer(() -> {
      long[] seen = {0}; // per subscriber: each subscription counts afresh
      return pages.takeUntil(page -> (seen[0] += items.apply(page).size()) >= options.limit());
    });
  }

  private static <T> Flowable<T> limited(Flowable<T> items, PageOptions options) {
    return options.limit() == Long.MAX_VALUE ? items : items.take(options.limit());
  }

  /**
   * {@code uri} resolved on the base URL, if it is on the API's origin. Its path is not checked: a
   * page URI is what the server linked ({@code nextpageuri}), and the page stream follows such
   * links wherever the server puts them on its origin; one that is no page of the list fails when
   * its page is decoded. The refusal quotes no query (a filter's value, such as an email, is a
   * supporter's personal data).
   */
  private HttpUrl resolvePageUri(String uri, String list) {
    HttpUrl url = baseUrl.resolve(uri);
    if (url == null || !Origin.same(url, baseUrl)) {
      HttpUrl listUrl = baseUrl.resolve(list);
      throw new IllegalArgumentException("resumeFrom must be a page URI on the API's origin, such as "
          + (listUrl == null ? list : listUrl.encodedPath()) + "?page=3 or " + Origin.redacted(listUrl == null ? baseUrl
          : listUrl) + "?page=3, but was " + (url == null ? "not a URI" : MessagePath.withoutSupporterIds(
          Origin.redacted(url))) + ".");
    }
    return url;
  }

  // ---------------------------------------------------------------------------------------------
  // Single resources and actions

  /**
   * One campaign by id.
   *
   * @throws IllegalArgumentException if {@code campaignId} is empty or blank, {@code .} or
   *     {@code ..}: in the URL path it would name another resource
   */
  @CheckReturnValue
  public Single<Campaign> campaign(String campaignId) {
    GeneratedJson.requirePathSegment("campaignId", requireNonNull(campaignId, "campaignId == null"));
    return campaigns.getCampaign(campaignId).map(this::body);
  }

  /**
   * The form of a campaign's action: its fields, sample letters and targets; with a ZIP code, the
   * targets for it.
   *
   * @param zipCode 5 or 9 digits (the published docs; {@code 12207-1021} with a hyphen is
   *     inferred), sent as given (a malformed one is the server's to refuse); null for none
   * @throws IllegalArgumentException if {@code campaignId} or the action type's value is empty or
   *     blank, {@code .} or {@code ..}: in the URL path it would name another resource
   */
  @CheckReturnValue
  public Single<ActionForm> actionForm(String campaignId, ActionType actionType, @Nullable String zipCode) {
    GeneratedJson.requirePathSegment("campaignId", requireNonNull(campaignId, "campaignId == null"));
    GeneratedJson.requirePathSegment("actionType", requireNonNull(actionType, "actionType == null").getValue());
    return campaigns.getCampaignAction(campaignId, actionType, zipCode).map(this::body);
  }

  /**
   * One supporter by Rally Congress id, email or custom id (the published docs; one path segment
   * for all three is inferred). An unknown one reaches {@code onError} as a {@link NotFoundException}.
   *
   * @throws IllegalArgumentException if {@code supporterId} is empty or blank, {@code .} or
   *     {@code ..}: in the URL path it would name another resource
   */
  @CheckReturnValue
  public Single<Supporter> supporter(String supporterId) {
    GeneratedJson.requirePathSegment("supporterId", requireNonNull(supporterId, "supporterId == null"));
    return supporters.getSupporter(supporterId).map(this::body);
  }

  /**
   * Submits a campaign action. A 202 is not an error: the result
   * {@linkplain ActionResult#needsMoreInformation() needs more information}; pass it to
   * {@link #completeAction} with the missing values.
   *
   * <p>Never retried after the request may have reached the server (a 5xx, a timeout or a
   * disconnect after sending): a second attempt could deliver a second letter. Retried only after
   * HTTP 429, after failures to connect and after an HTTP/2 stream the server refused unprocessed
   * (see "What is sent again, and what never is").
   *
   * <p>Each subscription to the {@code Single} submits the action: subscribing twice, or
   * re-subscribing with RxJava's {@code retry} or {@code repeat} operators, sends a second letter.
   * Subscribe once; for several observers of one submission, use {@code cache()}.
   */
  @CheckReturnValue
  public Single<ActionResult> submitAction(ActionRequest request) {
    requireNonNull(request, "request == null");
    return Single.defer(() -> campaigns.submitCampaignAction(request.campaignId(), request.actionType(),
            actionForm(request))
        .map(response -> actionResult(response, request)));
  }

  private ActionResult actionResult(Response<ActionSubmission> response, ActionRequest request) {
    ActionSubmission submission = body(response);
    if (response.code() == 202 && (submission.getId() == null || submission.getId().isEmpty())) {
      // completeAction would have no id to complete it with (the published docs promise one on a 202).
      throw new RallyDecodingException("submitCampaignAction", "$.id", "HTTP 202 asks for more information but"
          + " names no submission id to send it with");
    }
    return new ActionResult(response.code(), submission, request);
  }

  /** The form fields of {@code request}, under the spec's names, only those set. */
  private static SubmitCampaignActionRequest actionForm(ActionRequest request) {
    SubmitCampaignActionRequest.Builder form = SubmitCampaignActionRequest.builder();
    ifSet(request.field("firstname"), form::firstname);
    ifSet(request.field("lastname"), form::lastname);
    ifSet(request.field("zipcode"), form::zipcode);
    ifSet(request.field("id"), form::id);
    ifSet(request.field("prefix"), form::prefix);
    ifSet(request.field("street"), form::street);
    ifSet(request.field("city"), form::city);
    ifSet(request.field("state"), form::state);
    ifSet(request.field("phone"), form::phone);
    ifSet(request.field("email"), form::email);
    ifSet(request.field("subject"), form::subject);
    ifSet(request.field("message"), form::message);
    ifSet(request.field("topic"), form::topic);
    ifSet(request.field("mode"), mode -> form.mode(ActionMode.fromValue(mode)));
    return form.build();
  }

  private static void ifSet(@Nullable String value, java.util.function.Consumer<String> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  /**
   * Creates a supporter from {@code form}: only the fields set are sent (form-encoded, under the
   * spec's {@code SupporterForm} names). Answers the supporter as the API created it.
   *
   * <p>Like every POST, never retried after the request may have reached the server (a 5xx, a
   * timeout or a disconnect after sending): a second attempt could create a second supporter.
   * Retried only after HTTP 429, after failures to connect and after an HTTP/2 stream the server
   * refused unprocessed. A duplicate email reaches
   * {@code onError} as a {@link BadRequestException} with the server's message. Each subscription
   * to the {@code Single} sends the request again, as {@link #submitAction}'s does.
   *
   * @throws IllegalArgumentException if the form sets neither an email nor a custom id, one of
   *     which the spec asks of a create ({@code createSupporter}: inferred)
   */
  @CheckReturnValue
  public Single<Supporter> createSupporter(SupporterForm form) {
    requireNonNull(form, "form == null");
    if (!form.identifiesASupporter()) {
      throw new IllegalArgumentException("createSupporter needs an email or a customId (the spec asks for at least"
          + " one), but the form sets " + form + ".");
    }
    return supporters.createSupporter(form.toCreateRequest()).map(this::body);
  }

  /**
   * Changes the supporter {@code supporterId} (Rally Congress id, email or custom id): only the
   * fields set in {@code form} are sent, and the spec infers that only those change. Answers the
   * supporter as the API updated it. Retries as {@link #createSupporter}; an unknown supporter
   * reaches {@code onError} as a {@link NotFoundException}.
   *
   * @throws IllegalArgumentException if {@code supporterId} is empty or blank, {@code .} or
   *     {@code ..}: in the URL path it would name another resource
   */
  @CheckReturnValue
  public Single<Supporter> updateSupporter(String supporterId, SupporterForm form) {
    GeneratedJson.requirePathSegment("supporterId", requireNonNull(supporterId, "supporterId == null"));
    requireNonNull(form, "form == null");
    return supporters.updateSupporter(supporterId, form.toUpdateRequest());
  }

  /**
   * Completes a submission that needed more information: sends its request again with the
   * submission id and {@code values} (form field name to value, such as {@code street}). Each
   * subscription to the {@code Single} sends it, as {@link #submitAction}'s does.
   *
   * @throws IllegalArgumentException if {@code pending} is complete (not a 202), or a key of
   *     {@code values} is not a form field of an action (see {@link ActionRequest.Builder#field})
   */
  @CheckReturnValue
  public Single<ActionResult> completeAction(ActionResult pending, Map<String, String> values) {
    requireNonNull(pending, "pending == null");
    requireNonNull(values, "values == null");
    if (!pending.needsMoreInformation()) {
      throw new IllegalArgumentException((pending.id() != null ? "Submission " + pending.id() : "The submission")
          + " is already complete (HTTP " + pending.status() + "); only a 202 result needs completing.");
    }
    // A 202 always has its id: actionResult refuses one without.
    ActionRequest.Builder followUp = pending.request().newBuilder().field("id", requireNonNull(pending.id()));
    values.forEach(followUp::field);
    return submitAction(followUp.build());
  }

  /**
   * The value of a response the error mapping let through: a 2xx with a body, or a 304, which a
   * method of this class never asks for and so is an error here.
   */
  private <T> T body(Response<T> response) {
    T body = response.body();
    if (body == null) {
      throw errorMapping.toException(response);
    }
    return body;
  }

  /**
   * Releases what this client owns, for an app that is done with it (a client per account that is
   * replaced, a test): the connections of its own pool (none of an app's {@link Builder#okHttpClient},
   * whose pool, dispatcher and cache stay the app's), its {@link Builder#cacheDirectory} cache
   * (files of a cache left open stay open, and a second client on the same directory would share
   * it with an open one, which OkHttp does not support), and its dispatcher's threads. Without it
   * the threads end a minute after their last call, and idle connections after OkHttp's keep-alive
   * of 5 minutes. Calls under way go on to their result, those subscribed to that wait for one of
   * the {@link Builder#maxConcurrentRequests} and the {@link RetryPolicy}'s retries of a failed
   * response or connection included; the release happens once they have ended.
   *
   * <p>A call made after this is not sent: it reaches {@code onError} (a {@code blocking} operator
   * throws it) as an {@link IllegalStateException} with the message "This RallyCongress was closed
   * (RallyCongress#close): the call was not sent. Build another RallyCongress to make calls." So
   * does a {@code Single} or {@code Flowable} made before and subscribed to after, a call of the
   * APIs from {@link #campaignsApi()} and {@link #supportersApi()}, a stream's first page and its
   * next page (the items already delivered stay delivered), and the new call with which a GET
   * whose connection failed while its body was read is made again. Not an
   * {@link java.io.IOException}: nothing failed on the network, and trying again cannot succeed.
   * An app that shuts down the {@link Builder#okHttpClient} this client was built on does not
   * close this client (it has a dispatcher of its own): only this method does.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    executor.close(() -> {
      if (ownsConnectionPool) {
        okHttpClient.connectionPool().evictAll();
      }
      Cache cache = okHttpClient.cache();
      if (cache != null) {
        try {
          cache.close();
        } catch (IOException | RuntimeException ignored) {
          // closing is all that is wanted; a cache that cannot be closed leaves nothing to do
        }
      }
    });
  }

  /** For tests: the OkHttp client this client calls with. */
  OkHttpClient httpClient() {
    return okHttpClient;
  }

  /** The base URL and account; never the token. */
  @Override
  public String toString() {
    // Neither half of the credentials: the account ID is HTTP Basic's user name.
    return "RallyCongress{baseUrl=" + baseUrl + ", retryPolicy=" + retryPolicy
        + ", maxConcurrentRequests=" + maxConcurrentRequests + ", callTimeout=" + deadline + "}";
  }

  /**
   * The app's proxy authenticator, for a proxy's CONNECT tunnel only (nothing has been sent then);
   * it never answers a challenge to the request itself, which would send that request again.
   *
   * <p>{@link Authenticator#NONE} is kept as it is (it answers nothing), and two of these wrapping
   * the same authenticator are equal: OkHttp reuses a pooled connection only for a request whose
   * {@code Address} is equal, proxy authenticator included. A new lambda per client made every
   * address unique, so a client never used the connections of the app's client whose pool it
   * shares, nor those of another client built on it: each opened (and TLS-handshook) its own.
   */
  private static Authenticator tunnelOnly(Authenticator proxyAuthenticator) {
    return proxyAuthenticator == Authenticator.NONE ? Authenticator.NONE : new TunnelOnly(proxyAuthenticator);
  }

  /** See {@link #tunnelOnly}: equal when the wrapped authenticators are. */
  private static final class TunnelOnly implements Authenticator {
    private final Authenticator proxyAuthenticator;

    TunnelOnly(Authenticator proxyAuthenticator) {
      this.proxyAuthenticator = proxyAuthenticator;
    }

    @Override
    public @Nullable Request authenticate(@Nullable Route route, okhttp3.Response response) throws IOException {
      return response.request().method().equals("CONNECT") ? proxyAuthenticator.authenticate(route, response) : null;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof TunnelOnly && ((TunnelOnly) other).proxyAuthenticator.equals(proxyAuthenticator);
    }

    @Override
    public int hashCode() {
      return proxyAuthenticator.hashCode();
    }
  }

  private static String accountDirectory(String accountId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(accountId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder("account-");
      for (int i = 0; i < 8; i++) {
        hex.append(String.format(Locale.ROOT, "%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required on every Java platform", e);
    }
  }

  /**
   * Configures a {@link RallyCongress}. Every setter checks its argument at once. Not thread-safe:
   * fill it on one thread (or guard it); the client it builds is thread-safe.
   */
  public static final class Builder {
    private @Nullable String accountId;
    private @Nullable String authToken;
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable String urlAccountId;
    private @Nullable String urlAuthToken;
    private String productToken = "";
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration callTimeout;
    private HttpLoggingInterceptor.Level logLevel = HttpLoggingInterceptor.Level.NONE;
    private HttpLoggingInterceptor.Logger logger = HttpLoggingInterceptor.Logger.DEFAULT;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryListener retryListener = RetryListener.NONE;
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
     *
     * @throws IllegalArgumentException if either is empty or blank, starts or ends with whitespace
     *     or a control character, or the account ID holds a ':' (no message quotes either)
     */
    public Builder credentials(String accountId, String authToken) {
      requireNonNull(accountId, "accountId == null");
      requireNonNull(authToken, "authToken == null");
      if (accountId.isEmpty() || authToken.isEmpty()) {
        throw new IllegalArgumentException("accountId and authToken must not be empty");
      }
      requireTrimmed(accountId, "accountId", IllegalArgumentException::new);
      requireTrimmed(authToken, "authToken", IllegalArgumentException::new);
      requireNoColon(accountId, "accountId");
      this.accountId = accountId;
      this.authToken = authToken;
      return this;
    }

    /**
     * The API's base URL, {@value #DEFAULT_BASE_URL} by default. HTTPS only; plain http only for a
     * loopback host (a sandbox or a test server).
     *
     * <p>It may carry the credentials, as the published docs write it
     * ({@code https://{AccountID}:{AuthToken}@api.rallycongress.net/v3/}, percent-encoded where
     * needed): they are taken out of the URL and used as {@link #credentials} would, and the URL is
     * kept, logged and shown without them. {@link #build()} refuses credentials in the URL that
     * differ from those given to {@link #credentials}.
     *
     * @throws IllegalArgumentException if not an http(s) URL, plain http to a host that is not
     *     loopback, with a query or a fragment, or with half of the credentials or malformed ones
     *     (no message quotes them)
     */
    public Builder baseUrl(String baseUrl) {
      requireNonNull(baseUrl, "baseUrl == null");
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL: '" + withoutUserInfo(baseUrl) + "'");
      }
      if (!Origin.isSecureEnough(url)) {
        throw new IllegalArgumentException("baseUrl " + Origin.redacted(url) + " is plain http: the Rally Congress API is"
            + " HTTPS only (http is accepted for loopback hosts such as 127.0.0.1, for sandboxes and tests).");
      }
      String user = url.username();
      String password = url.password();
      if (!user.isEmpty() || !password.isEmpty()) {
        if (user.isEmpty() || password.isEmpty()) {
          throw new IllegalArgumentException("baseUrl " + Origin.redacted(url) + " carries " + (user.isEmpty()
              ? "an auth token but no account ID" : "an account ID but no auth token")
              + ": give both (https://AccountID:AuthToken@host/v3/), or neither and call credentials(accountId, authToken).");
        }
        requireTrimmed(user, "The account ID in baseUrl", IllegalArgumentException::new);
        requireTrimmed(password, "The auth token in baseUrl", IllegalArgumentException::new);
        requireNoColon(user, "The account ID in baseUrl");
        url = url.newBuilder().username("").password("").build();
      }
      if (url.encodedQuery() != null || url.encodedFragment() != null) {
        // Retrofit resolves each path against the base URL, which drops its query and fragment.
        throw new IllegalArgumentException("baseUrl " + Origin.redacted(url) + " has a "
            + (url.encodedQuery() != null ? "query" : "fragment") + ", which no request would carry: give the"
            + " scheme, host and path only, such as " + DEFAULT_BASE_URL);
      }
      this.urlAccountId = user.isEmpty() ? null : user;
      this.urlAuthToken = password.isEmpty() ? null : password;
      String text = url.toString();
      this.baseUrl = text.endsWith("/") ? text : text + "/";
      return this;
    }

    /**
     * {@code text} with everything before its last "@" hidden, after "//" if there is one: a
     * token may hold '/', '?', '#' and ':' unescaped, which would end a URL's user info early.
     */
    private static String withoutUserInfo(String text) {
      int at = text.lastIndexOf('@');
      if (at < 0) {
        return text;
      }
      int slashes = text.indexOf("//");
      int start = slashes >= 0 && slashes < at ? slashes + 2 : 0;
      return text.substring(0, start) + "***" + text.substring(at);
    }

    /**
     * An app's product token, sent before the library's own in the {@code User-Agent}, such as
     * {@code MyApp/2.1} for {@code MyApp/2.1 rally-congress-java/0.1.0 okhttp/5.5.1}.
     *
     * @throws IllegalArgumentException if not product tokens (visible ASCII, words separated by
     *     single spaces)
     */
    public Builder userAgent(String productToken) {
      requireNonNull(productToken, "productToken == null");
      if (!UserAgent.isProductTokens(productToken)) {
        throw new IllegalArgumentException("userAgent must be product tokens such as MyApp/2.1 (visible ASCII, words"
            + " separated by single spaces), but was '" + productToken + "'");
      }
      this.productToken = productToken;
      return this;
    }

    /**
     * An app's own client, to share its connection pool; this client adds to a copy of it. Its
     * cache is not used ({@link #cacheDirectory} keeps one per account), its redirects,
     * authenticators and silent retries are switched off, and its call timeout is the deadline
     * unless {@link #callTimeout} is set. Its own interceptors run outside this client's retries:
     * one that sends a request again could send a letter twice. Its network interceptors run
     * before the credentials are added, but its {@link okhttp3.EventListener} is told each request
     * as sent ({@code requestHeadersEnd}), {@code Authorization} header included: one that logs
     * headers must redact it, as {@link #logLevel} does.
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = requireNonNull(okHttpClient, "okHttpClient == null");
      return this;
    }

    /**
     * Each attempt's connect timeout, from 1 ms to {@link Integer#MAX_VALUE} ms; if not set, the
     * {@link #okHttpClient}'s, else OkHttp's 10 s. Cut to what is left of the call's deadline.
     *
     * @throws IllegalArgumentException if shorter than 1 ms or longer than {@link Integer#MAX_VALUE} ms
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout(timeout, "connectTimeout");
      return this;
    }

    /**
     * The longest wait for the next bytes of a response, from 1 ms to {@link Integer#MAX_VALUE} ms;
     * if not set, the {@link #okHttpClient}'s, else OkHttp's 10 s. Cut to what is left of the
     * call's deadline.
     *
     * @throws IllegalArgumentException if shorter than 1 ms or longer than {@link Integer#MAX_VALUE} ms
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout(timeout, "readTimeout");
      return this;
    }

    /**
     * The deadline of each call ({@link RallyCongress#DEFAULT_CALL_TIMEOUT}, 30 s, by default, or the call
     * timeout of an {@link #okHttpClient} that has one): every attempt, every wait between attempts
     * and the reading of the body must end within it, counted from the first attempt's start (a
     * call waiting for one of the {@link #maxConcurrentRequests} has not started). Each attempt's
     * connect, read and write timeouts are cut to the time left, no retry starts whose wait would
     * end past it, and an HTTP/1.1 connection still sending the request or receiving the response's
     * headers at the deadline is closed (a server sending them a byte at a time would otherwise
     * restart the read timeout with each byte; on HTTP/2 the headers arrive whole, and only a
     * server that keeps sending interim 1xx responses can hold the wait for them past the
     * deadline). A call that reaches it fails with a {@link java.io.InterruptedIOException} that
     * names the deadline, or, for a POST already sent, an {@link OutcomeUnknownException}. For a paged list, each page is one call. From 1 ms to
     * {@link Integer#MAX_VALUE} ms (about 24.8 days).
     *
     * @throws IllegalArgumentException if shorter than 1 ms or longer than {@link Integer#MAX_VALUE} ms
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout(timeout, "callTimeout");
      return this;
    }

    /**
     * HTTP logging, {@code NONE} by default. {@code Authorization} is redacted at every level, and
     * so is people's data in the request line: a supporter's id in a path (it can be an email) and
     * the query parameters that name a person ({@code email}, names, {@code customId}, {@code city},
     * {@code zipCode}). Bodies ({@code BODY}) are logged as they are, people's data included.
     */
    public Builder logLevel(HttpLoggingInterceptor.Level level) {
      this.logLevel = requireNonNull(level, "level == null");
      return this;
    }

    /**
     * Where log lines go; standard output by default. Called on the dispatcher's threads, by calls
     * under way at once from several threads at once: it must be thread-safe.
     */
    public Builder logger(HttpLoggingInterceptor.Logger logger) {
      this.logger = requireNonNull(logger, "logger == null");
      return this;
    }

    /**
     * Told about every retry before its wait begins (method, path, the attempt to come, the wait and
     * why); nothing by default. Called on a dispatcher thread, by the calls under way from several
     * threads at once: it must be thread-safe. A {@link RuntimeException} it throws is ignored.
     */
    public Builder retryListener(RetryListener listener) {
      this.retryListener = requireNonNull(listener, "listener == null");
      return this;
    }

    /** When and how often to retry; {@link RetryPolicy#defaults()} unless set. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy == null");
      return this;
    }

    /**
     * At most this many requests on the network at once (4 by default): the API answers 429 to too
     * many. A call counts from the start of its first attempt until its response body is read (or it
     * fails), not while its result is delivered, so blocking calls inside {@code onNext} cannot
     * deadlock; calls beyond the limit wait in a queue, without a thread. The waits between the
     * attempts of a request that got no usable response count too: a call waiting out a 429's
     * {@code Retry-After} keeps its place, so the client slows down as the server asked instead of
     * sending other calls into the same limit (and a long wait delays the calls queued behind it;
     * {@link RetryPolicy.Builder#maxElapsed} bounds it). A call whose body was cut while it was read
     * gives its place back with that failure and waits for its next attempt without one. A call
     * disposed while it is sent gives its place back at once (its connection is closed), while the
     * server may still be working on it: an app that disposes calls as fast as it makes them (a
     * {@code switchMap} per keystroke) can have more than this many requests under way at the server.
     *
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public Builder maxConcurrentRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, but was " + max);
      }
      this.maxConcurrentRequests = max;
      return this;
    }

    /**
     * Opt-in HTTP cache: GETs revalidate with {@code ETag} / {@code Last-Modified}, and a 304 is
     * answered from the cache. A subdirectory per account keeps accounts apart, each holding at most
     * {@code maxBytes} bytes (OkHttp evicts the least recently used responses beyond it). No cache
     * by default. One open client per directory and account: OkHttp does not support two caches on
     * one directory at once, so share one client, or {@link RallyCongress#close()} the one (its
     * cache closes once its calls under way end) before building another on its directory.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
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

    /**
     * The client. Credentials come from {@link #credentials}, else from the {@link #baseUrl}, else
     * from {@code RALLY_ACCOUNT_ID} and {@code RALLY_AUTH_TOKEN}.
     *
     * @throws IllegalStateException when there are no credentials (an empty or blank variable is
     *     none), a variable's value starts or ends with whitespace or a control character, or the
     *     base URL's credentials differ from those given to {@link #credentials}
     */
    public RallyCongress build() {
      if (accountId != null && urlAccountId != null
          && (!accountId.equals(urlAccountId) || !Objects.equals(authToken, urlAuthToken))) {
        throw new IllegalStateException("The credentials in baseUrl differ from those given to credentials(accountId,"
            + " authToken) (the " + (accountId.equals(urlAccountId) ? "auth token" : "account ID") + " differs): give"
            + " them in one place.");
      }
      String account = accountId != null ? accountId : urlAccountId != null ? urlAccountId
          : environment.apply("RALLY_ACCOUNT_ID");
      String token = authToken != null ? authToken : urlAuthToken != null ? urlAuthToken
          : environment.apply("RALLY_AUTH_TOKEN");
      if (account == null || account.trim().isEmpty() || token == null || token.trim().isEmpty()) {
        throw new IllegalStateException("No credentials: call credentials(accountId, authToken), or set the"
            + " environment variables RALLY_ACCOUNT_ID and RALLY_AUTH_TOKEN (control panel: Account Settings, API).");
      }
      requireTrimmed(account, "RALLY_ACCOUNT_ID", IllegalStateException::new);
      requireTrimmed(token, "RALLY_AUTH_TOKEN", IllegalStateException::new);
      if (account.indexOf(':') >= 0) {
        throw new IllegalStateException("RALLY_ACCOUNT_ID contains ':', which HTTP Basic cannot carry in a user id"
            + " (RFC 7617): the server would read the account ID as ending at the ':'.");
      }
      return new RallyCongress(this, HttpUrl.get(baseUrl), account, token);
    }

    /**
     * {@code value} if it is from 1 ms to {@link Integer#MAX_VALUE} ms (about 24.8 days), OkHttp's
     * range for its timeouts: a shorter one would be sent as 0 ms, which OkHttp reads as no
     * timeout at all, and a longer one overflows where deadlines are added up in nanoseconds.
     */
    private static Duration timeout(Duration value, String name) {
      requireNonNull(value, name + " == null");
      if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException(name + " must be from 1 ms to " + Integer.MAX_VALUE
            + " ms (about 24.8 days), but was " + value);
      }
      return value;
    }

    /**
     * Refuses a credential that is blank or starts or ends with whitespace or a control character
     * (a line break read with it from a file, a space pasted with it): sent as it is, it would be
     * refused by the server as a 401 that names no cause. The message never quotes it.
     */
    private static void requireTrimmed(String credential, String what,
        Function<String, ? extends RuntimeException> error) {
      if (credential.trim().isEmpty()) {
        throw error.apply(what + " is blank: give the value from the control panel (Account Settings, API).");
      }
      if (credential.trim().length() != credential.length()) {
        throw error.apply(what + " starts or ends with whitespace or a control character (a line break read with it"
            + " from a file?): give the value from the control panel (Account Settings, API) without it.");
      }
    }

    /** A user id of HTTP Basic ends at its first ':' (RFC 7617): one with a ':' would name another account. */
    private static void requireNoColon(String accountId, String what) {
      if (accountId.indexOf(':') >= 0) {
        throw new IllegalArgumentException(what + " contains ':', which HTTP Basic cannot carry in a user id"
            + " (RFC 7617): the server would read the account ID as ending at the ':'.");
      }
    }
  }
}
