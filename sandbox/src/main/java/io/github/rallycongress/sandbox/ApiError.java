package io.github.rallycongress.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An answer in the spec's error body, thrown by a handler and written by the dispatcher. A 400
 * carries every validation message at once, so a developer fixes a form in one round trip.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final List<String> errors;
  /** The methods a 405's resource answers, for its {@code Allow} header (RFC 9110, section 15.5.6); else null. */
  final @Nullable String allow;

  ApiError(int status, List<String> errors) {
    this(status, errors, null);
  }

  private ApiError(int status, List<String> errors, @Nullable String allow) {
    super(status + " " + errors, null, false, false);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("An error needs at least one message.");
    }
    this.status = status;
    this.errors = Collections.unmodifiableList(new ArrayList<>(errors));
    this.allow = allow;
  }

  static ApiError methodNotAllowed(String message, String... allowed) {
    return new ApiError(405, Collections.singletonList(message), String.join(", ", allowed));
  }

  static ApiError badRequest(List<String> errors) {
    return new ApiError(400, errors);
  }

  static ApiError badRequest(String error) {
    return new ApiError(400, Collections.singletonList(error));
  }

  static ApiError notFound(String error) {
    return new ApiError(404, Collections.singletonList(error));
  }

  /** Throws a 400 with all of {@code errors} when there is any. */
  static void throwIfAny(List<String> errors) {
    if (!errors.isEmpty()) {
      throw badRequest(errors);
    }
  }
}
