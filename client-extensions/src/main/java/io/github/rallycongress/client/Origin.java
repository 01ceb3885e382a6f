package io.github.rallycongress.client;

import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** Scheme, host and port checks shared by the auth scope, the HTTPS guard and page links. */
final class Origin {
  private Origin() {
  }

  static boolean same(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  /** 127.0.0.0/8 as an address, not a name: 127.0.0.1.example.com is a name that resolves anywhere. */
  private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");

  /** Loopback by its literal name or address, without DNS: sandboxes and tests may use plain http there. */
  static boolean isLoopback(HttpUrl url) {
    String host = url.host();
    return host.equals("localhost") || LOOPBACK_IPV4.matcher(host).matches() || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1");
  }

  /** HTTPS, or plain http to a loopback host. */
  static boolean isSecureEnough(HttpUrl url) {
    return url.isHttps() || isLoopback(url);
  }

  /**
   * The URL without user info, query or fragment, and with a supporter's id in its path named
   * rather than given ({@link MessagePath#withoutSupporterIds}: it can be an email), safe for
   * messages.
   */
  static String redacted(HttpUrl url) {
    return MessagePath.withoutSupporterIds(
        url.newBuilder().username("").password("").query(null).fragment(null).build().toString());
  }
}
