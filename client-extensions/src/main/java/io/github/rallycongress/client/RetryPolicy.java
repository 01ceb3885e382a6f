package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * When and how long the client waits before trying a request again.
 *
 * <p>GETs are retried after a network failure ({@link java.io.IOException}) and after HTTP 429,
 * 500 and 503. POSTs are retried only when the server certainly did not act on them: after HTTP 429,
 * and after a failure before the request was written (no connection could be made), or when an
 * HTTP/2 server refused its stream unprocessed ({@code REFUSED_STREAM}, as for the streams a
 * {@code GOAWAY} leaves out). A POST that
 * timed out, lost its connection after sending, or got a 5xx is never retried, because the server
 * may have processed it: a retried letter is a second letter to a lawmaker; when no readable answer
 * came back, the caller gets an {@link OutcomeUnknownException}. Nothing else sends a request
 * again (see {@link RallyCongress}, "What is sent again").
 *
 * <p>Waits grow exponentially from {@link Builder#initialBackoff} up to {@link Builder#maxBackoff},
 * each shortened by a random part of up to {@link Builder#jitter} so that many clients do not retry
 * in step. A server's {@code Retry-After} (seconds or an HTTP-date) replaces the computed wait.
 * Retrying stops after {@link Builder#maxAttempts} attempts, or when the next wait would end past
 * {@link Builder#maxElapsed} from the first attempt or past the call's deadline
 * ({@link RallyCongress.Builder#callTimeout}); the last response or failure then reaches the
 * caller.
 *
 * <p>Immutable.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = new Builder().build();
  private static final RetryPolicy NONE = new Builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxElapsed;
  private final double jitter;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.maxElapsed = builder.maxElapsed;
    this.jitter = builder.jitter;
  }

  /** 4 attempts, waits from 500 ms up to 20 s with 20% jitter, at most 60 s in all. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt: every failure reaches the caller at once. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this policy's values, to change some of them. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Attempts in all, the first included: 1 to {@link Integer#MAX_VALUE}; 1 means no retry. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The computed wait after the first failed attempt, before jitter. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The longest computed wait, before jitter; a server's {@code Retry-After} is not bound by it. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** No retry starts whose wait would end more than this long after the first attempt started. */
  public Duration maxElapsed() {
    return maxElapsed;
  }

  /** The largest fraction, from 0 to 1, taken off each computed wait at random. */
  public double jitter() {
    return jitter;
  }

  /**
   * The wait before attempt {@code failedAttempts + 1}: the server's {@code retryAfter} when given,
   * else the exponential backoff less a random part ({@code random} in [0, 1)).
   */
  Duration delayAfter(int failedAttempts, @Nullable Duration retryAfter, double random) {
    if (retryAfter != null) {
      return retryAfter;
    }
    long initial = initialBackoff.toMillis();
    int doublings = Math.min(failedAttempts - 1, 30);
    long backoff = Math.min(maxBackoff.toMillis(), initial << doublings);
    if (backoff < 0) {
      backoff = maxBackoff.toMillis();
    }
    return Duration.ofMillis(Math.round(backoff * (1.0 - jitter * random)));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", maxElapsed=" + maxElapsed + ", jitter=" + jitter + "}";
  }

  /**
   * Builds a {@link RetryPolicy}; each setter checks its value at once. Not thread-safe: fill it on
   * one thread (or guard it); the policy it builds is immutable and may be shared.
   */
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(20);
    private Duration maxElapsed = Duration.ofSeconds(60);
    private double jitter = 0.2;

    Builder() {
    }

    Builder(RetryPolicy policy) {
      this.maxAttempts = policy.maxAttempts;
      this.initialBackoff = policy.initialBackoff;
      this.maxBackoff = policy.maxBackoff;
      this.maxElapsed = policy.maxElapsed;
      this.jitter = policy.jitter;
    }

    /**
     * Attempts in all, the first included; 1 means no retry. 4 by default.
     *
     * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1 (one attempt, no retry), but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The wait after the first failure, 500 ms by default; it doubles after each further one, up to
     * {@link #maxBackoff}. From 0 to {@link Integer#MAX_VALUE} ms (about 24.8 days).
     *
     * @throws IllegalArgumentException if negative or longer than {@link Integer#MAX_VALUE} ms
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * The longest computed wait, 20 s by default (a server's {@code Retry-After} may ask for more,
     * up to a day, bounded by {@link #maxElapsed} and the call's deadline). From 0 to
     * {@link Integer#MAX_VALUE} ms, and at least {@link #initialBackoff} ({@link #build()} checks).
     *
     * @throws IllegalArgumentException if negative or longer than {@link Integer#MAX_VALUE} ms
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * How long after the first attempt's start retrying may go on, 60 s by default: no retry
     * starts whose wait would end past it (the last response or failure reaches the caller
     * instead). The call's deadline ({@link RallyCongress.Builder#callTimeout}) bounds it too. From 0
     * to {@link Integer#MAX_VALUE} ms.
     *
     * @throws IllegalArgumentException if negative or longer than {@link Integer#MAX_VALUE} ms
     */
    public Builder maxElapsed(Duration maxElapsed) {
      this.maxElapsed = nonNegative(maxElapsed, "maxElapsed");
      return this;
    }

    /**
     * The largest fraction, from 0 to 1, taken off each computed wait at random; 0.2 by default.
     *
     * @throws IllegalArgumentException if below 0, above 1, or NaN
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, but was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalStateException if {@link #maxBackoff} is shorter than {@link #initialBackoff}
     */
    public RetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalStateException("maxBackoff (" + maxBackoff + ") is shorter than initialBackoff ("
            + initialBackoff + "): make it at least as long.");
      }
      return new RetryPolicy(this);
    }

    /**
     * {@code value} if it is from 0 to {@link Integer#MAX_VALUE} ms (about 24.8 days), the longest
     * call deadline: a longer wait could never end within one, and waits are added up in
     * nanoseconds, which a longer one could overflow.
     */
    private static Duration nonNegative(Duration value, String name) {
      requireNonNull(value, name + " == null");
      if (value.isNegative() || value.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException(name + " must be from 0 to " + Integer.MAX_VALUE
            + " ms (about 24.8 days), but was " + value);
      }
      return value;
    }
  }
}
