package io.github.rallycongress.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides whether a request is made again, under a {@link RetryPolicy} and one
 * deadline per call. An application interceptor, so every attempt goes through the network
 * interceptors again (auth, HTTPS guard, logging) and a retry is a fresh exchange;
 * {@link NetworkAttempt} tells it whether an attempt was sent and refuses every re-send OkHttp
 * would make on its own.
 *
 * <ul>
 * <li>Retried: a GET after a network failure or HTTP 429, 500 or 503; a POST after HTTP 429 or a
 * failure before it was sent (no connection could be made), or when an HTTP/2 server refused it
 * unprocessed ({@code REFUSED_STREAM}, as for the streams a {@code GOAWAY} leaves out).
 * <li>Never sent again: a POST once it was sent. If no readable answer came back, the caller gets
 * an {@link OutcomeUnknownException}.
 * <li>Redirects: a GET answered 301, 302, 303, 307 or 308 with a {@code Location} on the API's own
 * origin (scheme, host and port) is followed, at most {@value #MAX_REDIRECTS} times; this is not
 * a retry. Every other redirect reaches the caller as a {@link RallyApiException}.
 * <li>The deadline bounds every attempt, every wait and the reading of the body: each attempt's
 * connect, read and write timeouts are cut to the time left, no wait starts that would end past
 * it, {@link NetworkAttempt}'s watchdog closes the HTTP/1.1 connection of an attempt still writing
 * its request or waiting for its headers then (those timeouts restart with every byte, so a server
 * sending a byte at a time would outlast them), and the body's reads stop at it.
 * </ul>
 *
 * <p>A successful GET's body is left to stream into the decoder, marked so that a connection lost
 * mid-body makes the call again ({@link BodyRetry}).
 */
final class RetryInterceptor implements Interceptor {
  static final int MAX_REDIRECTS = 5;
  private static final long CANCEL_CHECK_MILLIS = 50;
  private static final long DEADLINE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final RetryPolicy policy;
  private final Clock clock;
  private final HttpUrl apiOrigin;
  private final Duration deadline;
  private final RetryListener listener;

  RetryInterceptor(RetryPolicy policy, Clock clock, HttpUrl apiOrigin, Duration deadline, RetryListener listener) {
    this.policy = policy;
    this.clock = clock;
    this.apiOrigin = apiOrigin;
    this.deadline = deadline;
    this.listener = listener;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    DispatcherExecutor.Slot slot = DispatcherExecutor.currentSlot();
    try {
      Response response = attempts(chain, slot);
      if (slot != null) {
        // Given back when the body is closed, before the result is delivered (see DispatcherExecutor).
        response = response.newBuilder().body(releasingOnClose(response.body(), slot)).build();
      }
      return response;
    } catch (IOException | RuntimeException | Error e) {
      if (slot != null) {
        slot.release(); // before the failure is delivered
      }
      throw e;
    }
  }

  private Response attempts(Chain chain, DispatcherExecutor.@Nullable Slot slot) throws IOException {
    Request request = chain.request();
    boolean idempotent = request.method().equals("GET") || request.method().equals("HEAD");
    // A call made again after its body was cut (BodyRetry) goes on with the attempts and the
    // deadline its first request started.
    CallBudget budget = CallBudget.of(request, deadline);
    long startNanos = budget.startNanos();
    long deadlineNanos = budget.deadlineNanos();
    int redirects = 0;
    for (int attempt = budget.attempts() + 1; ; ) {
      budget.attempting(attempt);
      NetworkAttempt.State sent = new NetworkAttempt.State(deadlineNanos);
      Request attemptRequest = request.newBuilder().tag(NetworkAttempt.State.class, sent).build();
      Response response = null;
      IOException failure = null;
      try {
        response = withinDeadline(chain, deadlineNanos).proceed(attemptRequest);
      } catch (IOException e) {
        failure = e;
      }
      NetworkAttempt.Answer answer = sent.answer;
      if (failure != null && answer != null && !chain.call().isCanceled()) {
        // OkHttp failed or tried to send again after the server's answer: the answer is the result.
        response = answer.toResponse(attemptRequest);
        failure = null;
      }
      if (chain.call().isCanceled()) {
        return finish(failure, response, request, chain.call(), idempotent, sent, budget);
      }
      HttpUrl redirect = response != null ? sameOriginRedirect(response, idempotent) : null;
      if (redirect != null && redirects < MAX_REDIRECTS) {
        redirects++;
        response.close();
        // Named in messages as the operation's request: the new path may hold the supporter's id anywhere.
        request = MessagePath.namedAs(request.newBuilder().url(redirect).build(), request);
        continue; // a redirect is not a retry
      }
      boolean retryable;
      Duration retryAfter = null;
      if (failure instanceof RefusedRequestException) {
        retryable = false; // a policy refusal: the same request would be refused again
      } else if (failure != null) {
        retryable = idempotent || !sent.mayHaveActed();
      } else {
        int code = response.code();
        retryable = code == 429 || (idempotent && (code == 500 || code == 503));
        retryAfter = RetryAfter.parse(response.headers(), clock);
      }
      if (!retryable || attempt >= policy.maxAttempts() || sent.timedOut) { // the watchdog: the deadline passed
        return finish(failure, response, request, chain.call(), idempotent, sent, budget);
      }
      Duration delay = policy.delayAfter(attempt, retryAfter, ThreadLocalRandom.current().nextDouble());
      long now = System.nanoTime();
      Duration elapsed = Duration.ofNanos(now - startNanos);
      if (elapsed.plus(delay).compareTo(policy.maxElapsed()) > 0) {
        return finish(failure, response, request, chain.call(), idempotent, sent, budget);
      }
      if (now + delay.toNanos() - deadlineNanos >= 0) {
        if (failure != null) { // retryable, so a GET or a POST never sent
          throw budget.pastDeadline(request, failure); // the deadline, not the policy, ends it
        }
        return finish(failure, response, request, chain.call(), idempotent, sent, budget);
      }
      if (response != null) {
        response.close();
      }
      notify(new RetryEvent(request.method(), MessagePath.of(request), attempt + 1, policy.maxAttempts(), delay,
          response != null ? response.code() : null, failure));
      sleep(delay, chain.call());
      attempt++;
    }
  }

  /** The chain with each timeout cut to the time left before the deadline. */
  private static Chain withinDeadline(Chain chain, long deadlineNanos) throws IOException {
    long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (leftMillis <= 0) {
      throw new InterruptedIOException("deadline");
    }
    int left = (int) Math.min(Integer.MAX_VALUE, leftMillis);
    return chain
        .withConnectTimeout(cut(chain.connectTimeoutMillis(), left), TimeUnit.MILLISECONDS)
        .withReadTimeout(cut(chain.readTimeoutMillis(), left), TimeUnit.MILLISECONDS)
        .withWriteTimeout(cut(chain.writeTimeoutMillis(), left), TimeUnit.MILLISECONDS);
  }

  private static int cut(int timeoutMillis, int leftMillis) {
    return timeoutMillis == 0 ? leftMillis : Math.min(timeoutMillis, leftMillis); // 0 is "no timeout"
  }

  /** The target of a redirect this client follows, or null. */
  private @Nullable HttpUrl sameOriginRedirect(Response response, boolean idempotent) {
    int code = response.code();
    boolean redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    if (!redirect || !idempotent || !response.request().method().equals("GET")) {
      return null;
    }
    String location = response.header("Location");
    HttpUrl target = location == null ? null : response.request().url().resolve(location);
    return target != null && Origin.same(target, apiOrigin) ? target : null;
  }

  private Response finish(@Nullable IOException failure, @Nullable Response response, Request request, Call call,
      boolean idempotent, NetworkAttempt.State sent, CallBudget budget) throws IOException {
    long deadlineNanos = budget.deadlineNanos();
    if (failure != null) {
      // Timeouts are cut to whole milliseconds left, so one cut by the deadline may fire a hair before it.
      boolean pastDeadline = sent.timedOut || System.nanoTime() - deadlineNanos >= 0
          || (failure instanceof InterruptedIOException && System.nanoTime() - deadlineNanos >= -DEADLINE_SLACK_NANOS);
      if (!idempotent && sent.mayHaveActed() && !(failure instanceof NetworkAttempt.FollowUpRefusedException)) {
        throw new OutcomeUnknownException(request.method(), MessagePath.of(request),
            pastDeadline ? "the call's deadline of " + CallBudget.seconds(deadline) + " passed before its response arrived"
                : describe(failure), failure);
      }
      if (pastDeadline && !(failure instanceof RefusedRequestException)) {
        throw budget.pastDeadline(request, failure);
      }
      throw failure;
    }
    if (response.isSuccessful()) {
      ResponseBody body = response.body();
      BufferedSource source = body.source();
      source.timeout().deadlineNanoTime(deadlineNanos); // the body's reads stop at the deadline too
      return response.newBuilder()
          .body(classifying(body, response.code(), sent, idempotent, request, call, budget)).build();
    }
    return response.newBuilder().body(errorBodyStart(response.body(), deadlineNanos)).build();
  }

  /**
   * The first {@link NetworkAttempt#MAX_ERROR_BODY_BYTES} of an answer that is not a success, read
   * by the deadline; the rest is not read. Retrofit reads an error body whole into memory before
   * the error mapping sees it, and this one is already decompressed: without this a server could
   * fill the heap with one answer. A body cut by the network or the deadline keeps what arrived.
   */
  private static ResponseBody errorBodyStart(ResponseBody body, long deadlineNanos) {
    Buffer start = new Buffer();
    try (ResponseBody closing = body) {
      BufferedSource source = closing.source();
      source.timeout().deadlineNanoTime(deadlineNanos);
      try {
        source.request(NetworkAttempt.MAX_ERROR_BODY_BYTES);
      } catch (IOException cut) {
        // keep what arrived: the status and headers are the answer, the messages are a bonus
      }
      Buffer buffered = source.getBuffer();
      buffered.copyTo(start, 0, Math.min(buffered.size(), NetworkAttempt.MAX_ERROR_BODY_BYTES));
    }
    return ResponseBody.create(start, body.contentType(), start.size());
  }

  private static String describe(IOException failure) {
    if (failure instanceof InterruptedIOException) {
      return "no response arrived in time";
    }
    if (failure instanceof ProtocolException) {
      return "its response could not be read";
    }
    return "the connection was lost before the response arrived";
  }

  /**
   * {@code body} whose read failures say what failed: for a GET, a lost connection is a
   * {@link BodyRetry.BodyReadException} (the call may be made again); any other failure, and every
   * failure of a POST's body, is an {@link UnreadableBodyException}: the status arrived, so the
   * server answered, and only its body is lost.
   */
  private ResponseBody classifying(ResponseBody body, int status, NetworkAttempt.State sent,
      boolean idempotent, Request request, Call call, CallBudget budget) {
    BufferedSource source = Okio.buffer(new ForwardingSource(body.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        try {
          return super.read(sink, byteCount);
        } catch (IOException e) {
          if (call.isCanceled()) {
            throw e; // disposed: nobody is listening
          }
          if (sent.transportFailure != null && idempotent) {
            if (System.nanoTime() - budget.deadlineNanos() >= -DEADLINE_SLACK_NANOS) {
              throw budget.pastDeadline(request, e);
            }
            throw new BodyRetry.BodyReadException(e);
          }
          throw new UnreadableBodyException(status, request.method(), e);
        }
      }
    });
    return ResponseBody.create(source, body.contentType(), body.contentLength());
  }

  private static ResponseBody releasingOnClose(ResponseBody body, DispatcherExecutor.Slot slot) {
    MediaType type = body.contentType();
    long length = body.contentLength();
    BufferedSource source = Okio.buffer(new ForwardingSource(body.source()) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          slot.release();
        }
      }
    });
    return ResponseBody.create(source, type, length);
  }

  private void notify(RetryEvent event) {
    try {
      listener.onRetry(event);
    } catch (RuntimeException ignored) {
      // A listener only watches: its failure must not change what is sent.
    }
  }

  /** Waits, ending early with an {@link InterruptedIOException} when the call is canceled (a dispose). */
  private static void sleep(Duration delay, Call call) throws IOException {
    long end = System.nanoTime() + delay.toNanos();
    try {
      for (long left = delay.toNanos(); left > 0; left = end - System.nanoTime()) {
        if (call.isCanceled()) {
          throw new InterruptedIOException("Canceled while waiting to retry");
        }
        Thread.sleep(Math.min(CANCEL_CHECK_MILLIS, Math.max(1, left / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to retry");
    }
    if (call.isCanceled()) {
      throw new InterruptedIOException("Canceled while waiting to retry");
    }
  }

  /** The body of a 2xx could not be read, though the status arrived: the server answered. */
  static final class UnreadableBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String method;

    UnreadableBodyException(int status, String method, IOException cause) {
      super("HTTP " + status + " arrived, but its body could not be read: " + cause, cause);
      this.status = status;
      this.method = method;
    }

    /** What to tell the caller, after "could not be decoded at $: ". */
    String detail() {
      IOException cause = (IOException) getCause();
      String accepted = method.equals("GET") || method.equals("HEAD") ? "" : " (the server accepted the request)";
      return "HTTP " + status + " arrived" + accepted + ", but its body could not be read ("
          + cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "") + ").";
    }
  }
}
