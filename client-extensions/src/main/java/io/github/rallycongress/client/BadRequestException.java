package io.github.rallycongress.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP 400: the request had incorrect parameters or the posted data failed validation; {@link #errors()} says which. */
public final class BadRequestException extends RallyApiException {
  private static final long serialVersionUID = 1L;

  BadRequestException(int status, String method, String path, List<String> errors, @Nullable String bodySnippet) {
    super(status, method, path, errors, bodySnippet);
  }
}
