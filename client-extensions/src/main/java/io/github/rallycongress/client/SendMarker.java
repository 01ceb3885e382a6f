package io.github.rallycongress.client;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that records that a request is about to be written. OkHttp calls network
 * interceptors only once it holds a connection, so a failure that happens before this mark is a
 * failure to connect: the server never saw the request, and even a POST may be tried again.
 */
final class SendMarker implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    State state = chain.request().tag(State.class);
    if (state != null) {
      state.markWritten();
    }
    return chain.proceed(chain.request());
  }

  /** Per attempt: set once the request reaches the network. */
  static final class State {
    private volatile boolean written;

    void markWritten() {
      written = true;
    }

    boolean written() {
      return written;
    }
  }
}
