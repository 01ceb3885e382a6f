package io.github.rallycongress.samples;

import static java.util.Objects.requireNonNull;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.util.function.Function;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The API a program talks to: {@code RALLY_BASE_URL} with {@code RALLY_ACCOUNT_ID} and
 * {@code RALLY_AUTH_TOKEN} when any of them is set, else an embedded sandbox started here and
 * stopped by {@link #close()}. Shared by the {@code rally} tool and the app samples.
 */
final class Endpoint implements AutoCloseable {
  private final String baseUrl;
  private final String accountId;
  private final String authToken;
  private final @Nullable RallySandbox sandbox;

  private Endpoint(String baseUrl, String accountId, String authToken, @Nullable RallySandbox sandbox) {
    this.baseUrl = baseUrl;
    this.accountId = accountId;
    this.authToken = authToken;
    this.sandbox = sandbox;
  }

  /** From the process environment; {@code sandbox} configures the sandbox used when none is set. */
  static Endpoint fromEnvironment(RallySandbox.Builder sandbox) throws IOException {
    return fromEnvironment(null, System::getenv, sandbox);
  }

  /**
   * @param baseUrl overrides {@code RALLY_BASE_URL} when not null (the tool's {@code --base-url})
   * @param baseUrl may carry the credentials ({@code https://AccountID:AuthToken@host/v3/})
   * @throws Rally.MissingCredentialsException when a base URL is set but the credentials are not
   * @throws Rally.UsageException when the URL's credentials differ from those in the environment
   * @throws IOException when the sandbox cannot start
   */
  static Endpoint fromEnvironment(@Nullable String baseUrl, Function<String, @Nullable String> env,
      RallySandbox.Builder sandbox) throws IOException {
    requireNonNull(env, "env == null");
    requireNonNull(sandbox, "sandbox == null");
    String url = baseUrl != null ? baseUrl : value(env, "RALLY_BASE_URL");
    String account = value(env, "RALLY_ACCOUNT_ID");
    String token = value(env, "RALLY_AUTH_TOKEN");
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (url != null && parsed == null) {
      // Not a URL, so its credentials cannot be taken out of it: the client's own check says so
      // (with the user part hidden) rather than "no credentials".
      RallyCongress.builder().baseUrl(url);
    }
    if (parsed != null && !parsed.username().isEmpty() && !parsed.password().isEmpty()) {
      // The published docs' form, https://AccountID:AuthToken@host/v3/: the credentials leave the URL here,
      // once the client's own check has refused them where they came from (a line break, a blank).
      RallyCongress.builder().baseUrl(url);
      if ((account != null && !account.equals(parsed.username())) || (token != null && !token.equals(parsed.password()))) {
        throw new Rally.UsageException("The credentials in " + (baseUrl != null ? "--base-url" : "RALLY_BASE_URL")
            + " differ from RALLY_ACCOUNT_ID/RALLY_AUTH_TOKEN: give them in one place.");
      }
      account = parsed.username();
      token = parsed.password();
      url = parsed.newBuilder().username("").password("").build().toString();
    }
    if (url == null && account == null && token == null) {
      RallySandbox started = sandbox.build().start();
      return new Endpoint(started.baseUrl(), started.accountId(), started.authToken(), started);
    }
    if (account == null || token == null) {
      throw new Rally.MissingCredentialsException("No credentials: set the environment variables RALLY_ACCOUNT_ID and"
          + " RALLY_AUTH_TOKEN (control panel: Account Settings, API), or unset RALLY_BASE_URL to use a sandbox.");
    }
    return new Endpoint(url != null ? url : RallyCongress.DEFAULT_BASE_URL, account, token, null);
  }

  /** A client builder with the base URL and credentials set; add timeouts, a retry policy, logging… */
  RallyCongress.Builder clientBuilder() {
    return RallyCongress.builder().baseUrl(baseUrl).credentials(accountId, authToken);
  }

  RallyCongress client() {
    return clientBuilder().build();
  }

  String baseUrl() {
    return baseUrl;
  }

  /** The embedded sandbox, or null when talking to a configured API. */
  @Nullable RallySandbox sandbox() {
    return sandbox;
  }

  /** Stops the embedded sandbox, if any. */
  @Override
  public void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** Never contains the credentials, either half. */
  @Override
  public String toString() {
    return "Endpoint{baseUrl=" + baseUrl + (sandbox != null ? ", sandbox" : "") + "}";
  }

  private static @Nullable String value(Function<String, @Nullable String> env, String name) {
    String value = env.apply(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
