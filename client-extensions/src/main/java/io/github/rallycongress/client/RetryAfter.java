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

  /** The wait {@code value} asks for, at most {@link #MAX}; null if there is none or it cannot be read. */
  static @Nullable Duration parse(@Nullable String value, Clock clock) {
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
    Duration delay = Duration.between(clock.instant(), Instant.ofEpochMilli(at.getTime()));
    return delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
