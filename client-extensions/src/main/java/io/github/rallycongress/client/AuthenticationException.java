package io.github.rallycongress.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP 401: the Account ID and Auth Token were refused. Check {@code RALLY_ACCOUNT_ID} and {@code RALLY_AUTH_TOKEN} (control panel, Account Settings, API). */
public final class AuthenticationException extends RallyApiException {
  private static final long serialVersionUID = 1L;

  AuthenticationException(int status, String method, String path, List<String> errors, @Nullable String bodySnippet) {
    super(status, method, path, errors, bodySnippet);
  }
}
