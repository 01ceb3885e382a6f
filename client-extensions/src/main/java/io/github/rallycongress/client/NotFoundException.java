package io.github.rallycongress.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 404: no such resource (a wrong id or URL). A valid query with no results is not a 404: it
 * is an empty list (the published docs: "that will still return a 200 OK").
 */
public final class NotFoundException extends RallyApiException {
  private static final long serialVersionUID = 1L;

  NotFoundException(int status, String method, String path, List<String> errors, @Nullable String bodySnippet) {
    super(status, method, path, errors, bodySnippet);
  }
}
