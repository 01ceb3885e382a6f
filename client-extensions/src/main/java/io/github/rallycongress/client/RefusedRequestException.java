package io.github.rallycongress.client;

import java.io.IOException;

/**
 * The client refused to send a request (plain http to a host that is not loopback). An
 * {@link IOException}, as OkHttp requires of interceptors, but never retried: the same request
 * would be refused again.
 */
final class RefusedRequestException extends IOException {
  private static final long serialVersionUID = 1L;

  RefusedRequestException(String message) {
    super(message);
  }
}
