package io.github.rallycongress.client;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
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
      throw new FollowUpRefusedException(request.method() + " " + request.url().encodedPath()
          + " would have been sent again by OkHttp itself; only the RetryPolicy decides that.");
    }
    state.sent = true;
    Response response = chain.proceed(request);
    if (response.code() >= 300) {
      response = keepAnswer(response, state);
    }
    return response.newBuilder().body(watched(response.body(), state)).build();
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
    /** The answer to this attempt when it was not a success; kept in case OkHttp acts on it itself. */
    volatile @Nullable Answer answer;
    /** A failure of the connection while the body was read. */
    volatile @Nullable IOException transportFailure;

    State(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
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
