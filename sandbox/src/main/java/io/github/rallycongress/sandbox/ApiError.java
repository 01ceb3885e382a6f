package io.github.rallycongress.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An answer in the spec's error body, thrown by a handler and written by the dispatcher. A 400
 * carries every validation message at once, so a developer fixes a form in one round trip.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final List<String> errors;

  ApiError(int status, List<String> errors) {
    super(status + " " + errors, null, false, false);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("An error needs at least one message.");
    }
    this.status = status;
    this.errors = Collections.unmodifiableList(new ArrayList<>(errors));
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
