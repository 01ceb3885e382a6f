package io.github.rallycongress.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.internal.http2.ConnectionShutdownException;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.StreamResetException;
import okio.AsyncTimeout;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.GzipSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * The network interceptor that watches one attempt on the wire, for {@link RetryInterceptor}.
 *
 * <p>OkHttp calls network interceptors only once it holds a connection, right before the request
 * is written, so a failure before {@link State#sent} is a failure to connect: the server never saw
 * the request. Every later pass through here within the same attempt would be OkHttp sending the
 * request again on its own (its follow-ups: a 503 with {@code Retry-After: 0}, a 421, an
 * authentication challenge, a redirect); that is refused, because only the {@link RetryPolicy}
 * decides what is sent again, and the answer that prompted it is handed to the caller as the
 * server sent it. Failures while the raw body is read are recorded, so a body that breaks because
 * the connection failed can be told from one whose content cannot be decoded (such as an empty
 * body labelled gzip).
 *
 * <p>On HTTP/2 a request can pass through here and still be known not to have been acted on: the
 * server refused its stream ({@code REFUSED_STREAM}, which RFC 9113 section 8.7 reserves for
 * requests that were not processed, and which OkHttp also reports for the streams a {@code GOAWAY}
 * left out), or the connection was shut down before its stream was opened. Such an attempt is
 * marked {@link State#refused}, so that {@link RetryInterceptor} treats a POST as never sent rather
 * than as one whose outcome is unknown. OkHttp itself would send these again at once; here only the
 * {@link RetryPolicy} does.
 *
 * <p>It also holds the attempt to the call's deadline from the moment the request is written until
 * the response's headers are in ({@link Watchdog}). OkHttp's connect, read and write timeouts,
 * which {@link RetryInterceptor} cuts to the time left, bound each wait for the next bytes, not
 * the exchange: a server that sends one header byte (or takes one chunk of the request body) now
 * and then restarts them with every byte, and would hold the call far past its deadline. OkHttp's
 * own call timeout would bound it, but it cancels the call, and Retrofit then drops the error (see
 * {@link RallyCongress}). From the headers on, the body's reads carry the deadline themselves.
 */
final class NetworkAttempt implements Interceptor {
  /** An error body is read for its messages only, so at most this much of it is kept. */
  static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    State state = request.tag(State.class);
    if (state == null) {
      return chain.proceed(request);
    }
    if (state.sent) {
      throw new FollowUpRefusedException(request.method() + " " + MessagePath.of(request)
          + " would have been sent again by OkHttp itself; only the RetryPolicy decides that.");
    }
    state.sent = true;
    Watchdog watchdog = Watchdog.arm(chain.connection(), state);
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      if (watchdog != null && watchdog.disarm()) {
        throw deadline(e); // the watchdog closed the socket under the write or the read
      }
      if (unprocessed(e)) {
        state.refused = true;
      }
      throw e;
    } catch (RuntimeException | Error e) {
      if (watchdog != null) {
        watchdog.disarm();
      }
      throw e;
    }
    if (watchdog != null && watchdog.disarm()) {
      // The headers came as the deadline passed, and the socket is closed or being closed under
      // them: the attempt reached the deadline, whatever arrived.
      response.close();
      throw deadline(null);
    }
    // From here on only the body is read: each of its reads stops at the deadline (Okio closes the
    // socket of a read still blocked then). The watchdog cannot stay armed for it: OkHttp gives the
    // connection back to the pool inside the read that ends the body, before this interceptor could
    // disarm it, and a watchdog firing then would close a socket that another call may be using.
    response.body().source().timeout().deadlineNanoTime(state.deadlineNanos);
    if (response.code() >= 300) {
      response = keepAnswer(response, state);
    }
    return response.newBuilder().body(watched(response.body(), state)).build();
  }

  /**
   * Whether {@code e}, thrown before the response's headers, says that the server did not process
   * the request: its HTTP/2 stream was refused, or was never opened on a connection shutting down.
   */
  private static boolean unprocessed(IOException e) {
    return e instanceof StreamResetException && ((StreamResetException) e).errorCode == ErrorCode.REFUSED_STREAM
        || e instanceof ConnectionShutdownException;
  }

  private static InterruptedIOException deadline(@Nullable IOException cause) {
    InterruptedIOException deadline = new InterruptedIOException("deadline");
    if (cause != null) {
      deadline.initCause(cause);
    }
    return deadline;
  }

  /** Keeps the status, headers and the start of the body of an answer OkHttp might act on itself. */
  private static Response keepAnswer(Response response, State state) {
    ResponseBody body = response.body();
    BufferedSource source = body.source();
    // A server that sends its error body a byte at a time resets the read timeout with each one:
    // only the call's deadline bounds this read, and every later one of the same body.
    source.timeout().deadlineNanoTime(state.deadlineNanos);
    Buffer start;
    try {
      source.request(MAX_ERROR_BODY_BYTES);
      start = source.getBuffer().clone();
    } catch (IOException lost) {
      // The status arrived but the body broke: keep what came, and hand on only that.
      start = source.getBuffer().clone();
      body.close();
      response = response.newBuilder().body(ResponseBody.create(start.clone(), body.contentType(), start.size()))
          .build();
    }
    state.answer = new Answer(response.protocol(), response.code(), response.message(), response.headers(),
        body.contentType(), start);
    return response;
  }

  private static ResponseBody watched(ResponseBody body, State state) {
    BufferedSource source = Okio.buffer(new ForwardingSource(body.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        try {
          return super.read(sink, byteCount);
        } catch (IOException e) {
          state.transportFailure = e;
          throw e;
        }
      }
    });
    return ResponseBody.create(source, body.contentType(), body.contentLength());
  }

  /** Per attempt, shared by {@link RetryInterceptor} and this interceptor. */
  static final class State {
    /** The call's deadline, in {@link System#nanoTime()}'s terms. */
    final long deadlineNanos;
    /** Set once the request reaches the network, right before it is written. */
    volatile boolean sent;
    /**
     * Set when the attempt failed in a way that says the server did not process the request
     * (HTTP/2 {@code REFUSED_STREAM}, a connection shut down before the stream opened).
     */
    volatile boolean refused;
    /** The answer to this attempt when it was not a success; kept in case OkHttp acts on it itself. */
    volatile @Nullable Answer answer;
    /** Set when the {@link Watchdog} closed the connection because the deadline passed. */
    volatile boolean timedOut;
    /** A failure of the connection while the body was read. */
    volatile @Nullable IOException transportFailure;

    State(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    /** Whether the server may have acted on the request: it was sent and not refused unprocessed. */
    boolean mayHaveActed() {
      return sent && !refused;
    }
  }

  /**
   * Closes the socket of an attempt still writing its request or waiting for its response's
   * headers when the call's deadline passes; a write or read blocked on it then fails at once with
   * an {@link IOException}, which {@link RetryInterceptor} reports as the deadline (or, for a POST
   * that was sent, as an {@link OutcomeUnknownException}). Not {@code Call.cancel()}: Retrofit drops
   * the error of a canceled call, so the subscriber would never hear of it.
   *
   * <p>An Okio {@link AsyncTimeout}: the one daemon thread Okio already runs for every socket
   * timeout (it ends when idle) watches it, so no thread is started per call or per client. A
   * closed socket is never used again: OkHttp marks a connection whose exchange failed as taking no
   * new exchanges, and its pool drops connections whose socket is closed.
   *
   * <p>Armed only on a connection that carries one exchange at a time (HTTP/1.x). An HTTP/2
   * connection is shared by the streams of other calls, which closing its socket would fail too;
   * there the attempt is bounded only as before, by its stream's read and write timeouts, cut to
   * the time left. That is enough for the headers' usual wait: OkHttp hands a stream its headers
   * only once the whole block has arrived, and times that wait once, not per byte. It is not
   * enough for a server that sends interim (1xx) responses, such as a 102 or 103 now and then:
   * each restarts the read timeout, and so holds the attempt past the deadline.
   */
  static final class Watchdog extends AsyncTimeout {
    private final Socket socket;
    private final State state;

    private Watchdog(Socket socket, State state) {
      this.socket = socket;
      this.state = state;
    }

    /** A watchdog started for {@code state}'s deadline on {@code connection}, or null where none is. */
    static @Nullable Watchdog arm(@Nullable Connection connection, State state) {
      if (connection == null || connection.protocol() == Protocol.HTTP_2
          || connection.protocol() == Protocol.H2_PRIOR_KNOWLEDGE) {
        return null;
      }
      Watchdog watchdog = new Watchdog(connection.socket(), state);
      watchdog.deadlineNanoTime(state.deadlineNanos);
      watchdog.enter();
      return watchdog;
    }

    /**
     * Stops watching; true if the deadline had passed. The socket is then closed here as well
     * before this returns (closing twice is harmless), so that the connection cannot go back to
     * the pool looking usable while the watchdog's own close is still under way. It is still this
     * call's here: OkHttp keeps it for the call until the network interceptors have returned.
     */
    boolean disarm() {
      if (!exit()) {
        return false;
      }
      close();
      return true;
    }

    @Override
    protected void timedOut() {
      close();
    }

    private void close() {
      state.timedOut = true;
      try {
        socket.close();
      } catch (IOException | RuntimeException ignored) {
        // closing is all that is wanted; a failure to close leaves nothing to do
      }
    }
  }

  /** A server's non-2xx answer: enough to give it to the caller as it came. */
  static final class Answer {
    private final Protocol protocol;
    private final int code;
    private final String message;
    private final okhttp3.Headers headers;
    private final @Nullable MediaType contentType;
    private final Buffer start;

    Answer(Protocol protocol, int code, String message, okhttp3.Headers headers, @Nullable MediaType contentType,
        Buffer start) {
      this.protocol = protocol;
      this.code = code;
      this.message = message;
      this.headers = headers;
      this.contentType = contentType;
      this.start = start;
    }

    int code() {
      return code;
    }

    /** The answer as a response to {@code request}; a gzip body is decompressed, as OkHttp would have. */
    Response toResponse(Request request) {
      Buffer body = start.clone();
      okhttp3.Headers.Builder headers = this.headers.newBuilder().removeAll("Content-Length");
      if ("gzip".equalsIgnoreCase(this.headers.get("Content-Encoding"))) {
        headers.removeAll("Content-Encoding");
        Buffer inflated = new Buffer();
        try (GzipSource gzip = new GzipSource(body)) {
          // Bounded: a few KB of gzip can inflate to gigabytes.
          while (inflated.size() < MAX_ERROR_BODY_BYTES && gzip.read(inflated, 8192) != -1) {
            // inflating
          }
          if (inflated.size() > MAX_ERROR_BODY_BYTES) {
            Buffer kept = new Buffer();
            inflated.copyTo(kept, 0, MAX_ERROR_BODY_BYTES);
            inflated = kept;
          }
        } catch (IOException unreadable) {
          inflated.clear(); // the messages are lost; the status and headers remain
        }
        body = inflated;
      }
      long now = System.currentTimeMillis();
      return new Response.Builder()
          .request(request)
          .protocol(protocol)
          .code(code)
          .message(message)
          .headers(headers.build())
          .body(ResponseBody.create(body, contentType, body.size()))
          .sentRequestAtMillis(now)
          .receivedResponseAtMillis(now)
          .build();
    }
  }

  /** OkHttp was about to send a request again by itself; refused before anything was written. */
  static final class FollowUpRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    FollowUpRefusedException(String message) {
      super(message);
    }
  }
}
