package io.github.rallycongress.samples;

import io.github.rallycongress.client.AuthenticationException;
import io.github.rallycongress.client.NotFoundException;
import io.github.rallycongress.client.OutcomeUnknownException;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.sandbox.RallySandbox;
import io.github.rallycongress.sync.SyncDatabaseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Map;
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
 * (the server may have acted on it: check before sending again), 7 the output could not be
 * written, 8 cancelled at a prompt, 9 the database failed ({@code sync}: connecting, a full disk, a
 * corrupt file; what was committed stays), 141 the reader of the output went away (as a program
 * killed by {@code SIGPIPE}), 1 anything else.
 */
@Command(name = "rally", mixinStandardHelpOptions = true, version = "rally 0.1.0",
    description = "The Rally Congress API v3 from a shell. Without RALLY_BASE_URL and credentials,"
        + " commands run against an embedded sandbox.",
    subcommands = {DemoCommand.class, SandboxCommand.class, CampaignsCommand.class, CampaignCommand.class,
        ActionCommand.class, SupportersCommand.class, SendCommand.class, SyncCommand.class,
        SaveSupporterCommand.class},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:ok", "1:other failure", "2:usage", "3:authentication", "4:not found", "5:network",
        "6:sent, outcome unknown (check before sending again)",
        "7:the output could not be written (a full disk...)", "8:cancelled at a prompt (Ctrl-D)",
        "9:the database failed (sync: connecting, a full disk...; committed pages stay)",
        "141:the output's reader went away (| head), quietly"})
public final class Rally implements java.util.concurrent.Callable<Integer> {
  static final int OK = 0;
  static final int OTHER = 1;
  static final int USAGE = 2;
  static final int AUTHENTICATION = 3;
  static final int NOT_FOUND = 4;
  static final int NETWORK = 5;
  static final int OUTCOME_UNKNOWN = 6;
  static final int OUTPUT = 7;
  static final int CANCELLED = 8;
  static final int DATABASE = 9;
  /** 128 + SIGPIPE: what the shell reports for a C program stopped by a closed pipe. */
  static final int CLOSED_PIPE = 141;

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

  @Option(names = "--raw-csv", scope = ScopeType.INHERIT,
      description = "With --format csv, write cells exactly as the server sent them, for programs. By default a"
          + " cell beginning with = + - @ TAB or CR gets a leading ' so that a spreadsheet shows it as text"
          + " instead of running it as a formula.")
  boolean rawCsv;

  /**
   * The inherited options each command would ignore: demo and sandbox talk to no configured API and
   * list nothing; send prints a sentence and sync writes a database, not a listing; an action form is
   * never csv.
   */
  static final Map<String, List<String>> IGNORED_OPTIONS = Map.of(
      "demo", List.of("--base-url", "--format", "--raw-csv"),
      "sandbox", List.of("--base-url", "--format", "--raw-csv"),
      "send", List.of("--format", "--raw-csv"),
      "sync", List.of("--format", "--raw-csv"),
      "action", List.of("--raw-csv"));

  final Io io;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile @Nullable ProgressBar progress;

  Rally(Io io) {
    this.io = io;
  }

  public static void main(String[] args) {
    System.exit(execute(Io.system(), args));
  }

  /** Runs one command line and returns its exit code; closes any embedded sandbox it started. */
  static int execute(Io io, String... args) {
    Rally rally = new Rally(io);
    for (String arg : args) {
      // The JVM decodes arguments in the locale's encoding; under LANG=C (ASCII) "Zoë" arrives as
      // "Zo" and two U+FFFD, which would be sent, and stored, as such.
      if (arg.indexOf('\uFFFD') >= 0) {
        String encoding = System.getProperty("sun.jnu.encoding", "its encoding");
        // Under a UTF-8 locale the bytes themselves were not UTF-8 (a Latin-1 file, a mistyped
        // escape), or the user typed U+FFFD itself: either way nothing can be sent as meant.
        return rally.fail(new UsageException(encoding.replace("-", "").equalsIgnoreCase("UTF8")
            ? "An argument is not valid UTF-8 (or holds U+FFFD, the replacement character): give it as UTF-8"
                + " text, so that it is sent as typed."
            : "An argument holds characters that this system's locale could not decode (" + encoding + "): run rally"
                + " in a UTF-8 locale, such as LANG=C.UTF-8, so that they are sent as typed."));
      }
    }
    CommandLine commandLine = new CommandLine(rally)
        .setOut(io.out)
        .setErr(io.err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .registerConverter(io.github.rallycongress.generated.model.ActionType.class, Converters::actionType)
        .registerConverter(io.github.rallycongress.generated.model.EmailOptin.class, Converters::emailOptin)
        .registerConverter(io.github.rallycongress.generated.model.AddressType.class, Converters::addressType)
        .registerConverter(java.time.OffsetDateTime.class, Converters::instant)
        .setExecutionStrategy(rally::run)
        .setExecutionExceptionHandler((e, cl, parseResult) -> rally.fail(e, cl))
        .setParameterExceptionHandler(Rally::usageError);
    // Each command offers -V, --version (mixinStandardHelpOptions), which printed nothing: only the
    // tool's own @Command names the version.
    String[] version = commandLine.getCommandSpec().version();
    commandLine.getSubcommands().values().forEach(command -> command.getCommandSpec().version(version));
    // Inherited options that a command would ignore are not offered there at all.
    IGNORED_OPTIONS.forEach((command, options) -> {
      CommandLine.Model.CommandSpec spec = commandLine.getSubcommands().get(command).getCommandSpec();
      for (String option : options) {
        spec.remove(spec.findOption(option));
      }
    });
    int code;
    try {
      code = commandLine.execute(args);
    } finally {
      rally.closeResources();
    }
    if (code == OK) {
      try {
        io.checkOut(); // the last rows and --help texts that no listing checked
      } catch (Io.OutputException e) {
        code = rally.fail(e);
      }
    }
    io.err.flush();
    return code;
  }

  /** One line saying what is wrong and where the help is; not the whole help. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("rally: " + TerminalText.escape(withoutCredentials(String.valueOf(e.getMessage()), args)));
    err.println("Try `" + command.getCommandSpec().qualifiedName() + " --help`.");
    err.flush();
    return USAGE;
  }

  /**
   * {@code message} with the URL in each of {@code args} shown without its credentials: picocli
   * quotes the arguments it cannot place (a mistyped option before a {@code --db} or
   * {@code --base-url} value, or the value without its option), whole or after an option's '='.
   */
  static String withoutCredentials(String message, String[] args) {
    String shown = message;
    for (String arg : args) {
      int start = urlStart(arg);
      if (start >= 0) {
        String url = arg.substring(start);
        shown = shown.replace(url, withoutCredentials(url));
      }
    }
    return shown;
  }

  /** Where a URL begins in {@code arg} (after an option's '=', say): at "jdbc:", or at the scheme before "://"; -1 if none. */
  private static int urlStart(String arg) {
    int jdbc = arg.indexOf("jdbc:");
    if (jdbc >= 0) {
      return jdbc;
    }
    int slashes = arg.indexOf("://");
    int start = slashes;
    while (start > 0 && (Character.isLetterOrDigit(arg.charAt(start - 1)) || "+.-".indexOf(arg.charAt(start - 1)) >= 0)) {
      start--;
    }
    return slashes > 0 && start < slashes ? start : -1;
  }

  /**
   * {@code url} as a message may show it: a JDBC URL as {@link SyncCommand#withoutCredentials}
   * shows it; another with everything between "//" and its last '@' hidden (a token may hold '/',
   * '?', '#' and ':' unescaped, which would end its user info early) and its query and fragment cut
   * ({@code postgresql://HOST/DB?password=…}).
   */
  static String withoutCredentials(String url) {
    if (url.startsWith("jdbc:")) {
      return SyncCommand.withoutCredentials(url);
    }
    int slashes = url.indexOf("//");
    int at = url.lastIndexOf('@');
    String shown = at > slashes && slashes >= 0 ? url.substring(0, slashes + 2) + "***" + url.substring(at) : url;
    int afterHost = Math.max(slashes + 2, shown.indexOf('@') + 1);
    for (int i = afterHost; i < shown.length(); i++) {
      if (shown.charAt(i) == '?' || shown.charAt(i) == '#') {
        return shown.substring(0, i + 1) + "…";
      }
    }
    return shown;
  }

  /**
   * Runs the command, after refusing the inherited options given before a command that does not
   * use them ({@code rally --format json demo}); after the command, picocli already refuses them as
   * unknown. Here rather than in each command, so that a new command cannot forget it.
   */
  private int run(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult command = parsed.subcommand();
    if (command != null) {
      String name = command.commandSpec().name();
      for (String option : IGNORED_OPTIONS.getOrDefault(name, List.of())) {
        if (parsed.hasMatchedOption(option)) {
          return fail(new UsageException("`rally " + name + "` does not use " + option + "."),
              command.commandSpec().commandLine());
        }
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** A listing of {@code type} in the {@code --format} asked for. */
  <T> Listing<T> listing(Class<T> type, List<Listing.Column<T>> columns) {
    if (rawCsv && format != Format.csv) {
      throw new UsageException("--raw-csv applies only to --format csv.");
    }
    return new Listing<>(io, format, rawCsv, type, columns);
  }

  @Override
  public Integer call() {
    io.err.println("rally: Missing a command; try `rally demo`.");
    io.err.println("Try `rally --help` for the commands.");
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
    } catch (IllegalArgumentException e) {
      throw inOurWords(e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the sandbox: " + e.getMessage(), e);
    }
    resources.add(endpoint);
    if (endpoint.sandbox() != null) {
      io.err.println("No RALLY_BASE_URL and no credentials: using an embedded sandbox at " + endpoint.baseUrl()
          + " (run `rally sandbox` to keep one running).");
    }
    try {
      return configure(endpoint.clientBuilder()).build();
    } catch (IllegalArgumentException e) {
      throw inOurWords(e);
    }
  }

  RallyCongress client(String url, String account, String token) {
    return configure(RallyCongress.builder().baseUrl(url).credentials(account, token)).build();
  }

  /**
   * The library names its builder's parameters; the user typed an option or set a variable. Its
   * sentences stay, with the names the user knows.
   */
  static UsageException inOurWords(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage())
        .replace("credentials(accountId, authToken)", "RALLY_ACCOUNT_ID and RALLY_AUTH_TOKEN")
        .replace("accountId and authToken", "RALLY_ACCOUNT_ID and RALLY_AUTH_TOKEN")
        .replace(" in baseUrl ", " in --base-url (or RALLY_BASE_URL) ");
    if (message.startsWith("accountId ")) {
      message = "RALLY_ACCOUNT_ID" + message.substring("accountId".length());
    } else if (message.startsWith("authToken ")) {
      message = "RALLY_AUTH_TOKEN" + message.substring("authToken".length());
    } else if (message.startsWith("baseUrl")) {
      message = "--base-url (or RALLY_BASE_URL)" + message.substring("baseUrl".length());
    }
    return new UsageException(message.endsWith(".") ? message : message + ".");
  }

  /** Adds the HTTP log that {@code -v} asks for, and a line on stderr for each retry. */
  private RallyCongress.Builder configure(RallyCongress.Builder builder) {
    builder.retryListener(retry -> errLine(TerminalText.escape("rally: retrying (" + retry.nextAttempt()
        + " of " + retry.maxAttempts() + ") after " + retry.reason())));
    if (verbose()) {
      builder.logLevel(verbose.length > 1 ? HttpLoggingInterceptor.Level.HEADERS : HttpLoggingInterceptor.Level.BASIC)
          .logger(message -> errLine(TerminalText.escape(message)));
    }
    return builder;
  }

  /**
   * Lines on stderr go above the progress bar while a command draws one ({@code null}: none). The
   * client's threads print them (a retry, the HTTP log) while the command's thread draws the bar.
   */
  void showProgress(@Nullable ProgressBar bar) {
    progress = bar;
  }

  /**
   * Runs {@code work} while {@code bar} (null: none) is drawn: lines printed meanwhile go above it
   * ({@link #errLine}), a failure erases it so that the error's message takes its place, and Ctrl-C
   * (the JVM runs shutdown hooks, then halts) ends its line so that the shell's prompt starts on a
   * line of its own.
   */
  <T> T withProgress(@Nullable ProgressBar bar, Callable<T> work) throws Exception {
    Thread endBar = bar == null ? null : new Thread(bar::end, "rally-progress-bar");
    if (endBar != null) {
      Runtime.getRuntime().addShutdownHook(endBar);
    }
    showProgress(bar);
    try {
      return work.call();
    } catch (Exception e) {
      if (bar != null) {
        bar.clear();
      }
      throw e;
    } finally {
      showProgress(null);
      if (endBar != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(endBar);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is running.
        }
      }
    }
  }

  /** One line on stderr, in the progress bar's place if one is drawn. */
  void errLine(String line) {
    ProgressBar bar = progress;
    if (bar != null) {
      bar.println(line);
    } else {
      io.err.println(line);
    }
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

  /**
   * One line on stderr (a stack trace too with -v) and the exit code for {@code e}; nothing for a
   * closed pipe, which only means that the reader has read enough.
   */
  int fail(Exception e) {
    Throwable cause = unwrap(e);
    if (cause instanceof Io.OutputException output && output.closedPipe()) {
      return CLOSED_PIPE;
    }
    if (verbose()) {
      cause.printStackTrace(io.err);
    }
    // Messages carry the server's words (an error body, a name): never raw control characters.
    io.err.println("rally: " + TerminalText.escape(message(cause)));
    io.err.flush();
    return exitCode(cause);
  }

  /** {@link #fail(Exception)} for a failure of {@code command}; a usage error adds where its help is. */
  private int fail(Exception e, CommandLine command) {
    int code = fail(e);
    if (unwrap(e) instanceof UsageException) {
      io.err.println("Try `" + command.getCommandSpec().qualifiedName() + " --help`.");
      io.err.flush();
    }
    return code;
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
    if (e instanceof Io.OutputException) {
      return OUTPUT;
    }
    if (e instanceof CancelledException) {
      return CANCELLED;
    }
    if (e instanceof SyncDatabaseException) {
      return DATABASE;
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

  /** A positional id, refused when empty or blank: {@code rally campaign ''} would list every campaign. */
  static String requireId(String label, String id) {
    if (id.isBlank()) {
      throw new UsageException(label + " must not be empty.");
    }
    if (id.equals(".") || id.equals("..")) {
      // In a URL path it would name the folder itself or the one above, not an id (Retrofit refuses it).
      throw new UsageException(label + " must be an id, but was '" + id + "'.");
    }
    return id;
  }

  /** Input the user must give that a command cannot get otherwise (exit code 2). */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The user stopped at a prompt, before anything more was sent (exit code 8). */
  static final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledException(String message) {
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
