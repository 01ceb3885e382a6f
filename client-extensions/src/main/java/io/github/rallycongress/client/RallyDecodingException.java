package io.github.rallycongress.client;

import org.jspecify.annotations.Nullable;

/**
 * A 2xx response whose body is not the JSON the API document describes: it does not decode, it
 * has no value where one is described (HTTP 204 or 205, the JSON {@code null}, an empty body), or it
 * could not be read at all (for a POST the status still says the server accepted it; the message
 * says so). Names the operation and
 * the JSON path where decoding stopped; the message may quote the one value that failed (such as
 * a malformed date), never the rest of the body. When the JSON ends between two tokens, Moshi
 * knows no path and {@link #jsonPath()} is {@code $}.
 */
public final class RallyDecodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String jsonPath;

  RallyDecodingException(String operation, String jsonPath, String detail) {
    this(operation, jsonPath, detail, null);
  }

  RallyDecodingException(String operation, String jsonPath, String detail, @Nullable Throwable cause) {
    // The path holds the server's property names and the detail may quote its value: no control characters.
    super(MessageText.printable("The response of " + operation + " could not be decoded at " + jsonPath + ": " + detail),
        cause);
    this.operation = operation;
    this.jsonPath = jsonPath;
  }

  /** The operation whose response failed, such as {@code listSupporters}. */
  public String operation() {
    return operation;
  }

  /** Where in the body decoding stopped, such as {@code $.supporters[3].joinDate}; {@code $} if unknown. */
  public String jsonPath() {
    return jsonPath;
  }
}
