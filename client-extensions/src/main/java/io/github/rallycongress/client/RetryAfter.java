package io.github.rallycongress.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Reads a {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
final class RetryAfter {
  private RetryAfter() {
  }

  /** A plain loop, not {@code chars()}: streams are doubtful on Android with desugaring. */
  private static boolean allDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The longest wait a header is read as: longer ones (up to the largest number a header can
   * hold) are as far beyond any deadline, and adding them to a time would overflow.
   */
  static final Duration MAX = Duration.ofDays(1);

  /**
   * The wait a response's {@code Retry-After} asks for, at most {@link #MAX}; null if there is none
   * or it cannot be read. An HTTP-date is measured from the response's own {@code Date}, both being
   * the server's clock, so that a client whose clock is off neither retries at once (ahead) nor
   * gives up at once (behind, past the deadline); from {@code clock} when the response has no
   * readable {@code Date}.
   */
  static @Nullable Duration parse(Headers headers, Clock clock) {
    String value = headers.get("Retry-After");
    if (value == null) {
      return null;
    }
    String text = value.trim();
    if (text.isEmpty()) {
      return null;
    }
    if (allDigits(text)) {
      // Ten digits or more (up to more than a long holds) is longer than MAX too.
      long seconds = text.length() > 9 ? Long.MAX_VALUE : Long.parseLong(text);
      return seconds > MAX.getSeconds() ? MAX : Duration.ofSeconds(seconds);
    }
    // OkHttp's parser of HTTP dates reads the three forms a recipient must accept (RFC 9110,
    // section 5.6.7: IMF-fixdate, RFC 850's and asctime's), and the common variants of them.
    Date at = new Headers.Builder().addUnsafeNonAscii("Retry-After", text).build().getDate("Retry-After");
    if (at == null) {
      return null;
    }
    Date sent = headers.getDate("Date");
    Instant now = sent == null ? clock.instant() : Instant.ofEpochMilli(sent.getTime());
    Duration delay = Duration.between(now, Instant.ofEpochMilli(at.getTime()));
    return delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
