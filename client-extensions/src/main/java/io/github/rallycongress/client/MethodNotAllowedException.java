package io.github.rallycongress.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP 405: the resource does not accept this method. */
public final class MethodNotAllowedException extends RallyApiException {
  private static final long serialVersionUID = 1L;

  MethodNotAllowedException(int status, String method, String path, List<String> errors, @Nullable String bodySnippet) {
    super(status, method, path, errors, bodySnippet);
  }
}
