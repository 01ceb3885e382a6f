package io.github.rallycongress.client;

import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * Retries a GET whose connection was lost while its body was being decoded. The body streams
 * into the decoder as it arrives (reading it whole first would cost the overlap of transfer and
 * decoding, and a page's worth of memory), so such a failure surfaces only after
 * {@link RetryInterceptor} has returned; {@link #mark} makes it recognisable there, and
 * {@link #retrying} makes the whole call again, under the same {@link RetryPolicy}.
 */
final class BodyRetry {
  private BodyRetry() {
  }

  /** A failure while reading a GET's body: the call may be made again. */
  static final class BodyReadException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyReadException(IOException cause) {
      super("The connection failed while the response body was read: " + cause.getMessage(), cause);
    }

    IOException original() {
      return (IOException) getCause();
    }
  }

  /** {@code body} whose read failures, unless {@code call} was canceled, are {@link BodyReadException}s. */
  static ResponseBody mark(ResponseBody body, Call call) {
    BufferedSource source = Okio.buffer(new ForwardingSource(body.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        try {
          return super.read(sink, byteCount);
        } catch (IOException e) {
          if (call.isCanceled()) {
            throw e;
          }
          throw new BodyReadException(e);
        }
      }
    });
    return new ResponseBody() {
      @Override
      public @Nullable MediaType contentType() {
        return body.contentType();
      }

      @Override
      public long contentLength() {
        return body.contentLength();
      }

      @Override
      public BufferedSource source() {
        return source;
      }
    };
  }

  /**
   * {@code call}, made again after a {@link BodyReadException} while the policy allows; the error
   * that ends it is the network's own {@link IOException}.
   */
  static <T> Single<T> retrying(Single<T> call, RetryPolicy policy) {
    return Single.defer(() -> attempt(call, policy, 1, System.nanoTime()));
  }

  private static <T> Single<T> attempt(Single<T> call, RetryPolicy policy, int attempt, long startNanos) {
    return call.onErrorResumeNext(error -> {
      if (!(error instanceof BodyReadException)) {
        return Single.error(error);
      }
      IOException original = ((BodyReadException) error).original();
      if (attempt >= policy.maxAttempts()) {
        return Single.error(original);
      }
      Duration delay = policy.delayAfter(attempt, null, ThreadLocalRandom.current().nextDouble());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      if (elapsed.plus(delay).compareTo(policy.maxElapsed()) > 0) {
        return Single.error(original);
      }
      return Single.timer(delay.toNanos(), TimeUnit.NANOSECONDS)
          .flatMap(tick -> attempt(call, policy, attempt + 1, startNanos));
    });
  }
}
