package io.github.rallycongress.client;

import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The API answered with a status other than 2xx, or with a 202 to an operation other than an
 * action's submission (the published "more information needed": the request was not completed;
 * this class itself, status 202). Subclasses say what a status means:
 * {@link BadRequestException} (400), {@link AuthenticationException} (401),
 * {@link NotFoundException} (404), {@link MethodNotAllowedException} (405),
 * {@link RateLimitedException} (429) and {@link ServerErrorException} (500, 503); any other status
 * is this class itself.
 *
 * <p>It carries the status, the request's method and path (never its query, headers or
 * credentials), and the server's {@code errors} messages. When the body is not the documented JSON
 * error (or not UTF-8), {@link #errors()} is empty and {@link #bodySnippet()} holds its first
 * characters.
 */
public class RallyApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String method;
  private final String path;
  private final List<String> errors;
  private final @Nullable String bodySnippet;

  RallyApiException(int status, String method, String path, List<String> errors, @Nullable String bodySnippet) {
    super(message(status, method, path, errors, bodySnippet));
    this.status = status;
    this.method = method;
    this.path = path;
    this.errors = Collections.unmodifiableList(errors);
    this.bodySnippet = bodySnippet;
  }

  /** The HTTP status code, such as 404. */
  public int status() {
    return status;
  }

  /** The request method, such as {@code GET}. */
  public String method() {
    return method;
  }

  /**
   * The request's path without its query, a supporter's id named rather than given, such as
   * {@code /v3/supporters/{supporterId}}: a supporter is looked up by email too, which a message
   * must not carry into logs. The caller knows the value it passed.
   */
  public String path() {
    return path;
  }

  /** The messages of the documented error body ({@code response.errors}); empty when there were none. */
  public List<String> errors() {
    return errors;
  }

  /** The start of a body that was not the documented JSON error, at most 200 characters; else null. */
  public @Nullable String bodySnippet() {
    return bodySnippet;
  }

  private static String message(int status, String method, String path, List<String> errors, @Nullable String snippet) {
    StringBuilder message = new StringBuilder()
        .append(method).append(' ').append(path).append(" failed with HTTP ").append(status);
    if (!errors.isEmpty()) {
      message.append(": ").append(MessageText.printable(String.join("; ", errors))); // errors() keeps them exact
    } else if (snippet != null && !snippet.isEmpty()) {
      message.append(" and a body that is not the documented JSON error: ").append(snippet);
    }
    return message.toString();
  }
}
