package io.github.rallycongress.client;

import java.io.IOException;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A network interceptor, so it sees every hop, redirects included: refuses plain http to any host
 * but loopback, and adds preemptive HTTP Basic only when the hop goes to the configured scheme,
 * host and port. A redirect or a link to anywhere else never receives the credentials.
 */
final class TransportGuard implements Interceptor {
  private final HttpUrl apiOrigin;
  private final String authorization;

  TransportGuard(HttpUrl apiOrigin, String accountId, String authToken) {
    this.apiOrigin = apiOrigin;
    this.authorization = Credentials.basic(accountId, authToken, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HttpUrl url = request.url();
    if (!Origin.isSecureEnough(url)) {
      throw new RefusedRequestException("Refused to send " + request.method() + " " + Origin.redacted(url)
          + " over plain http: the Rally Congress API is HTTPS only (http is allowed for loopback hosts only).");
    }
    Request withoutCredentials = request.newBuilder().removeHeader("Authorization").build();
    if (!Origin.same(url, apiOrigin)) {
      return chain.proceed(withoutCredentials);
    }
    Response response = chain.proceed(request.newBuilder().header("Authorization", authorization).build());
    // Everything above this interceptor sees the request without the credentials: OkHttp's cache
    // writes a response's request headers named by Vary (Authorization, often) into its files,
    // and the app is handed the response (Retrofit's raw().networkResponse()).
    return response.newBuilder().request(withoutCredentials).build();
  }

  @Override
  public String toString() {
    return "TransportGuard{apiOrigin=" + apiOrigin + "}";
  }
}
