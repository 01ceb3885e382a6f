package io.github.rallycongress.client;

/**
 * A paged list could not be followed safely: a {@code nextpageuri} that goes back to a page already
 * read (a loop of any length; see the loop check of {@link RallyCongress#supporters(SupporterQuery, PageOptions)}), a page number
 * that does not grow, a link that leaves the configured host, uses plain http, or is not a URL. It
 * arrives before any item is emitted twice; items already emitted are valid; no further page is
 * requested.
 */
public final class RallyPagingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RallyPagingException(String message) {
    super(MessageText.printable(message)); // it may quote a link as the server wrote it
  }
}
