package io.github.rallycongress.samples;

import io.github.rallycongress.client.AuthenticationException;
import io.github.rallycongress.client.NotFoundException;
import io.github.rallycongress.client.OutcomeUnknownException;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.logging.HttpLoggingInterceptor;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code rally}: the Rally Congress API v3 from a shell. Data goes to stdout, messages to stderr.
 *
 * <p>Exit codes: 0 ok, 2 usage, 3 authentication, 4 not found, 5 network (the request was not
 * answered; for a submission, it never left), 6 a submission was sent but its outcome is unknown
 * (the server may have acted on it: check before sending again), 1 anything else.
 */
@Command(name = "rally", mixinStandardHelpOptions = true, version = "rally 0.1.0",
    description = "The Rally Congress API v3 from a shell. Without RALLY_BASE_URL and credentials,"
        + " commands run against an embedded sandbox.",
    subcommands = {DemoCommand.class, SandboxCommand.class, CampaignsCommand.class, CampaignCommand.class,
        ActionCommand.class, SupportersCommand.class, SendCommand.class, SyncCommand.class},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:ok", "1:other failure", "2:usage", "3:authentication", "4:not found", "5:network",
        "6:sent, outcome unknown (check before sending again)"})
public final class Rally implements java.util.concurrent.Callable<Integer> {
  static final int OK = 0;
  static final int OTHER = 1;
  static final int USAGE = 2;
  static final int AUTHENTICATION = 3;
  static final int NOT_FOUND = 4;
  static final int NETWORK = 5;
  static final int OUTCOME_UNKNOWN = 6;

  @Option(names = "--base-url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "The API's base URL (default: RALLY_BASE_URL, else the real API when credentials are set).")
  @Nullable String baseUrl;

  @Option(names = "-v", scope = ScopeType.INHERIT,
      description = "Log HTTP to stderr (-v: request lines, -vv: headers; Authorization is redacted),"
          + " and print stack traces.")
  boolean[] verbose = new boolean[0];

  @Option(names = "--format", scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table",
      description = "Listings as table, json (one object per line) or csv. Default: ${DEFAULT-VALUE}.")
  Format format = Format.table;

  final Io io;
  private final List<AutoCloseable> resources = new ArrayList<>();

  Rally(Io io) {
    this.io = io;
  }

  public static void main(String[] args) {
    System.exit(execute(Io.system(), args));
  }

  /** Runs one command line and returns its exit code; closes any embedded sandbox it started. */
  static int execute(Io io, String... args) {
    Rally rally = new Rally(io);
    CommandLine commandLine = new CommandLine(rally)
        .setOut(io.out)
        .setErr(io.err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .registerConverter(io.github.rallycongress.generated.model.ActionType.class, Converters::actionType)
        .registerConverter(io.github.rallycongress.generated.model.EmailOptin.class, Converters::emailOptin)
        .registerConverter(java.time.OffsetDateTime.class, Converters::instant)
        .setExecutionExceptionHandler((e, cl, parseResult) -> rally.fail(e));
    try {
      return commandLine.execute(args);
    } finally {
      rally.closeResources();
      io.out.flush();
      io.err.flush();
    }
  }

  @CommandLine.Spec
  CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() {
    io.err.println("rally: missing a command; try `rally demo`.");
    if (spec != null) {
      spec.commandLine().usage(io.err);
    }
    return USAGE;
  }

  boolean verbose() {
    return verbose.length > 0;
  }

  /**
   * A client for the configured API: {@code --base-url}/{@code RALLY_BASE_URL} and
   * {@code RALLY_ACCOUNT_ID}/{@code RALLY_AUTH_TOKEN}; with none of them, an embedded sandbox.
   */
  RallyCongress client() {
    Endpoint endpoint;
    try {
      endpoint = Endpoint.fromEnvironment(baseUrl, io::env, RallySandbox.builder());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the sandbox: " + e.getMessage(), e);
    }
    resources.add(endpoint);
    if (endpoint.sandbox() != null) {
      io.err.println("No RALLY_BASE_URL and no credentials: using an embedded sandbox at " + endpoint.baseUrl()
          + " (run `rally sandbox` to keep one running).");
    }
    return configure(endpoint.clientBuilder()).build();
  }

  RallyCongress client(String url, String account, String token) {
    return configure(RallyCongress.builder().baseUrl(url).credentials(account, token)).build();
  }

  /** Adds the HTTP log that {@code -v} asks for, and a line on stderr for each retry. */
  private RallyCongress.Builder configure(RallyCongress.Builder builder) {
    builder.retryListener(retry -> io.err.println("rally: retrying (" + retry.nextAttempt() + " of "
        + retry.maxAttempts() + ") after " + retry.reason()));
    if (verbose()) {
      builder.logLevel(verbose.length > 1 ? HttpLoggingInterceptor.Level.HEADERS : HttpLoggingInterceptor.Level.BASIC)
          .logger(message -> io.err.println(message));
    }
    return builder;
  }

  /** Starts a sandbox that is closed when the command ends. */
  RallySandbox startSandbox(RallySandbox.Builder builder) {
    try {
      RallySandbox sandbox = builder.build().start();
      resources.add(sandbox);
      return sandbox;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the sandbox: " + e.getMessage(), e);
    }
  }

  private void closeResources() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        io.err.println("Could not close " + resource + ": " + e);
      }
    }
    resources.clear();
  }

  /** One line on stderr (a stack trace too with -v) and the exit code for {@code e}. */
  int fail(Exception e) {
    Throwable cause = unwrap(e);
    if (verbose()) {
      cause.printStackTrace(io.err);
    }
    io.err.println("rally: " + message(cause));
    io.err.flush();
    return exitCode(cause);
  }

  static Throwable unwrap(Throwable e) {
    Throwable current = e;
    // RxJava's blocking operators wrap checked exceptions (IOException) in a RuntimeException.
    while ((current.getClass() == RuntimeException.class || current instanceof UncheckedIOException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  static int exitCode(Throwable e) {
    if (e instanceof OutcomeUnknownException) {
      return OUTCOME_UNKNOWN;
    }
    if (e instanceof AuthenticationException || e instanceof MissingCredentialsException) {
      return AUTHENTICATION;
    }
    if (e instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (e instanceof IOException) {
      return NETWORK;
    }
    if (e instanceof IllegalArgumentException || e instanceof UsageException) {
      return USAGE;
    }
    return OTHER;
  }

  private static String message(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (e instanceof OutcomeUnknownException) {
      return message; // already says what happened and what to do; not a "network failure" to retry
    }
    if (e instanceof IOException) {
      return "Network failure (" + e.getClass().getSimpleName() + "): " + message
          + ". Check the base URL and your connection.";
    }
    return message;
  }

  enum Format { table, json, csv }

  /** Input the user must give that a command cannot get otherwise (exit code 2). */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Neither credentials nor a sandbox (exit code 3). */
  static final class MissingCredentialsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingCredentialsException(String message) {
      super(message);
    }
  }
}
