package io.github.rallycongress.client;

/**
 * A paged list could not be followed safely: a {@code nextpageuri} that repeats an earlier page (a
 * loop), leaves the configured host, uses plain http, or is not a URL. Items already emitted are
 * valid; no further page is requested.
 */
public final class RallyPagingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RallyPagingException(String message) {
    super(message);
  }
}
