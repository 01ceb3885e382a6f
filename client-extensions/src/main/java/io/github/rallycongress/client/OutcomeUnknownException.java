package io.github.rallycongress.client;

import java.io.IOException;

/**
 * A request that changes something (a POST: submitting an action, creating or updating a supporter)
 * was sent, and then no readable answer came back: the read timed out, the connection was lost, the
 * response could not be parsed, or the call's deadline passed. The server may have acted on it, so
 * it is never sent again by the client; check (for example by reading the supporter, or with the
 * campaign's staff) before sending it again.
 *
 * <p>Distinct from a request that never left: a failure to connect is a plain
 * {@link java.net.ConnectException} (or another {@link IOException}), and so is an HTTP/2 stream
 * the server refused unprocessed ({@code REFUSED_STREAM}); such a POST is retried
 * under the {@link RetryPolicy}. Carries the method and path, never the form or the credentials;
 * the cause is the network's own exception.
 */
public final class OutcomeUnknownException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String path;

  OutcomeUnknownException(String method, String path, String what, IOException cause) {
    super(method + " " + path + " was sent, but " + what
        + ": the server may have acted on it; check before sending again.", cause);
    this.method = method;
    this.path = path;
  }

  /** The request method, such as {@code POST}. */
  public String method() {
    return method;
  }

  /**
   * The request's path without its query, such as {@code /v3/campaigns/17465/letter}; a
   * supporter's id is named rather than given ({@code /v3/supporters/{supporterId}}): it can be
   * an email.
   */
  public String path() {
    return path;
  }
}
