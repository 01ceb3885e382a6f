package io.github.rallycongress.client;

import okhttp3.HttpUrl;

/** Scheme, host and port checks shared by the auth scope, the HTTPS guard and page links. */
final class Origin {
  private Origin() {
  }

  static boolean same(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  /** Loopback by its literal name, without DNS: sandboxes and tests may use plain http there. */
  static boolean isLoopback(HttpUrl url) {
    String host = url.host();
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1");
  }

  /** HTTPS, or plain http to a loopback host. */
  static boolean isSecureEnough(HttpUrl url) {
    return url.isHttps() || isLoopback(url);
  }

  /** The URL without user info, query or fragment, safe for messages. */
  static String redacted(HttpUrl url) {
    return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
  }
}
