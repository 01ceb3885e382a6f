package io.github.rallycongress.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;

/**
 * An embedded, stateful fake of the Rally Congress API v3 on the loopback interface, answering
 * every operation of the OpenAPI document in {@code spec/} as it documents them: seeded campaigns
 * and supporters, every supporter filter, paging, supporter create and update, action submission
 * with the 202 flow, and the spec's error bodies (400, 401, 404, 405, 429).
 *
 * <pre>{@code
 * try (RallySandbox sandbox = RallySandbox.builder().supporters(5_000).build().start()) {
 *   RallyCongress client = ... baseUrl(sandbox.baseUrl()), sandbox.accountId(), sandbox.authToken() ...
 * }
 * }</pre>
 *
 * <p>The same seed always gives the same data. Supporters are computed from (seed, index) on
 * demand, so a million of them need no more memory than a thousand; only the ones created or
 * updated through the API are stored. A sandbox serves plain HTTP on 127.0.0.1 only, and starts
 * once: build a new one to start again. Thread-safe.
 */
public final class RallySandbox implements AutoCloseable {
  /** The Account ID a sandbox accepts unless the builder sets another. */
  public static final String DEFAULT_ACCOUNT_ID = "AC0000SANDBOX";
  /** The Auth Token a sandbox accepts unless the builder sets another; not a secret. */
  public static final String DEFAULT_AUTH_TOKEN = "sandbox_auth_token_not_a_secret";

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=-]+");

  private final Builder config;
  private final SandboxDispatcher dispatcher;
  private final MockWebServer server = new MockWebServer();
  /** Guards started and closed; private, so that an app holding the sandbox's monitor stalls none of its methods. */
  private final Object lock = new Object();
  private boolean started;
  private boolean closed;

  private RallySandbox(Builder builder) {
    this.config = builder.copy();
    Supporters supporters = new Supporters(config.seed, config.supporters, config.clock);
    this.dispatcher = new SandboxDispatcher(config.accountId, config.authToken, config.maxConcurrentRequests,
        config.latency.toMillis(), config.retryAfter.getSeconds(), config.serverErrorRate, config.droppedConnectionRate, config.seed, supporters, config.clock);
    dispatcher.attach(server);
    server.setDispatcher(dispatcher);
    server.setServerSocketFactory(new NoDelayServerSockets());
  }

  /** A builder with the defaults: 1000 supporters, seed 0, no faults, a free port. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this sandbox's settings, to build another like it. */
  public Builder newBuilder() {
    return config.copy();
  }

  /**
   * Starts serving on 127.0.0.1, on the builder's port or a free one, and returns this sandbox.
   *
   * @throws IOException if the port cannot be bound
   * @throws IllegalStateException if this sandbox was started before
   */
  public RallySandbox start() throws IOException {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException("This sandbox was already started; build a new one to start again.");
      }
      // Started only once bound: a sandbox whose port was taken has no port or base URL to give.
      server.start(InetAddress.getByName("127.0.0.1"), config.port);
      started = true;
      return this;
    }
  }

  /** The base URL to give a client: {@code http://127.0.0.1:PORT/v3/}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v3/";
  }

  /** The port it listens on. */
  public int port() {
    synchronized (lock) {
      if (!started) {
        throw new IllegalStateException("Start the sandbox before asking for its port or base URL.");
      }
      return server.getPort();
    }
  }

  /** The Account ID it accepts (the Basic auth username). */
  public String accountId() {
    return config.accountId;
  }

  /** The Auth Token it accepts (the Basic auth password). */
  public String authToken() {
    return config.authToken;
  }

  /** How many supporters it generated at start (created ones come in addition). */
  public int supporters() {
    return config.supporters;
  }

  /** The seed of its data and of its faults. */
  public long seed() {
    return config.seed;
  }

  /** Every request received so far, whatever its answer (429, 401 and faults included). */
  public int requestCount() {
    return dispatcher.requestCount();
  }

  /**
   * The three lines a shell can {@code eval} to point the samples at this sandbox:
   * {@code export RALLY_BASE_URL=…}, {@code export RALLY_ACCOUNT_ID=…} and
   * {@code export RALLY_AUTH_TOKEN=…}. Values are single-quoted when the shell needs it.
   */
  public List<String> shellExports() {
    List<String> lines = new ArrayList<>();
    lines.add("export RALLY_BASE_URL=" + shellQuote(baseUrl()));
    lines.add("export RALLY_ACCOUNT_ID=" + shellQuote(accountId()));
    lines.add("export RALLY_AUTH_TOKEN=" + shellQuote(authToken()));
    return Collections.unmodifiableList(lines);
  }

  static String shellQuote(String value) {
    return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  /** Stops serving and closes every connection. Closing twice does nothing. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      server.close();
    }
  }

  /** Never contains the auth token. */
  @Override
  public String toString() {
    boolean bound;
    synchronized (lock) {
      bound = started;
    }
    return "RallySandbox{" + (bound ? "baseUrl=" + baseUrl() + ", " : "")
        + "accountId=" + config.accountId + ", supporters=" + config.supporters + ", seed=" + config.seed + "}";
  }

  /** Settings of a {@link RallySandbox}; each setter checks its argument at once. */
  public static final class Builder {
    private int supporters = 1000;
    private long seed;
    private String accountId = DEFAULT_ACCOUNT_ID;
    private String authToken = DEFAULT_AUTH_TOKEN;
    private int maxConcurrentRequests = 16;
    private Duration latency = Duration.ZERO;
    private Duration retryAfter = Duration.ofSeconds(1);
    private double serverErrorRate;
    private double droppedConnectionRate;
    private int port;
    private Clock clock = Clock.systemUTC();

    Builder() {
    }

    /** How many supporters to generate, 0 to 100,000,000; 1000 by default. */
    public Builder supporters(int supporters) {
      if (supporters < 0 || supporters > 100_000_000) {
        throw new IllegalArgumentException("supporters must be from 0 to 100000000, but was " + supporters + ".");
      }
      this.supporters = supporters;
      return this;
    }

    /** The seed of the generated supporters and of fault injection; 0 by default. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The Account ID to accept; {@link #DEFAULT_ACCOUNT_ID} by default. */
    public Builder accountId(String accountId) {
      Objects.requireNonNull(accountId, "accountId == null");
      if (accountId.isEmpty() || accountId.indexOf(':') >= 0) {
        throw new IllegalArgumentException("accountId must be non-empty and without ':' (it is a Basic auth username).");
      }
      this.accountId = accountId;
      return this;
    }

    /** The Auth Token to accept; {@link #DEFAULT_AUTH_TOKEN} by default. */
    public Builder authToken(String authToken) {
      Objects.requireNonNull(authToken, "authToken == null");
      if (authToken.isEmpty()) {
        throw new IllegalArgumentException("authToken must be non-empty.");
      }
      this.authToken = authToken;
      return this;
    }

    /** Requests beyond this many at the same time answer 429 with {@link #retryAfter Retry-After}; 16 by default. */
    public Builder maxConcurrentRequests(int maxConcurrentRequests) {
      if (maxConcurrentRequests < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, but was " + maxConcurrentRequests + ".");
      }
      this.maxConcurrentRequests = maxConcurrentRequests;
      return this;
    }

    /** A delay before every answer, spent holding a concurrency slot; none by default. */
    public Builder latency(Duration latency) {
      Objects.requireNonNull(latency, "latency == null");
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative, but was " + latency + ".");
      }
      this.latency = latency;
      return this;
    }

    /**
     * The {@code Retry-After} of a 429 (past {@link #maxConcurrentRequests}) and of an injected 503:
     * whole seconds, as the header gives them, 0 to 86,400; 1 s by default.
     */
    public Builder retryAfter(Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter == null");
      if (retryAfter.isNegative() || retryAfter.getNano() != 0 || retryAfter.getSeconds() > 86_400) {
        throw new IllegalArgumentException("retryAfter must be whole seconds from 0 to 86400 (Retry-After gives seconds),"
            + " but was " + retryAfter + ".");
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * The share of authenticated requests, 0 to 1, that fail with 500 or (GETs only) 503 before
     * doing anything; drawn from the seed and the request (its n-th arrival), so the same requests
     * meet the same faults in any order. 0 by default.
     */
    public Builder serverErrorRate(double rate) {
      this.serverErrorRate = checkRate(rate, "serverErrorRate");
      return this;
    }

    /**
     * The share of requests, 0 to 1, whose connection is closed without an answer; drawn as
     * {@link #serverErrorRate} is. 0 by default.
     */
    public Builder droppedConnectionRate(double rate) {
      this.droppedConnectionRate = checkRate(rate, "droppedConnectionRate");
      return this;
    }

    /** The port to listen on, or 0 (the default) for a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, but was " + port + ".");
      }
      this.port = port;
      return this;
    }

    /**
     * The clock for the joinDate and updatedAt of created and updated supporters, and for the
     * {@code Date} header of every answer; UTC system time by default.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** A sandbox with these settings, not started yet. */
    public RallySandbox build() {
      return new RallySandbox(this);
    }

    private static double checkRate(double rate, String name) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException(name + " must be from 0 to 1, but was " + rate + ".");
      }
      return rate;
    }

    Builder copy() {
      Builder copy = new Builder();
      copy.supporters = supporters;
      copy.seed = seed;
      copy.accountId = accountId;
      copy.authToken = authToken;
      copy.maxConcurrentRequests = maxConcurrentRequests;
      copy.latency = latency;
      copy.retryAfter = retryAfter;
      copy.serverErrorRate = serverErrorRate;
      copy.droppedConnectionRate = droppedConnectionRate;
      copy.port = port;
      copy.clock = clock;
      return copy;
    }

    @Override
    public String toString() {
      return "RallySandbox.Builder{accountId=" + accountId + ", supporters=" + supporters + ", seed=" + seed + "}";
    }
  }
}
