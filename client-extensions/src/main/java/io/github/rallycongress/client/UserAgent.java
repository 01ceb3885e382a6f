package io.github.rallycongress.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import okhttp3.Interceptor;
import okhttp3.OkHttp;
import okhttp3.Response;

/**
 * Names the client in every request: {@code rally-congress-java/<version> okhttp/<version>}, after
 * the app's own product token when it gives one ({@code MyApp/2.1 rally-congress-java/0.1.0
 * okhttp/5.5.1}), so the API's operators can tell clients apart. The library's version comes from
 * the build (a filtered resource), OkHttp's from OkHttp.
 */
final class UserAgent implements Interceptor {
  /** This library's own product tokens. */
  static final String LIBRARY = "rally-congress-java/" + libraryVersion() + " okhttp/" + OkHttp.VERSION;

  private final String value;

  UserAgent(String value) {
    this.value = value;
  }

  /** {@code productToken} (if any) before the library's tokens. */
  static UserAgent of(String productToken) {
    return new UserAgent(productToken.isEmpty() ? LIBRARY : productToken + " " + LIBRARY);
  }

  /**
   * Product tokens as RFC 9110 (10.1.5) has them: visible ASCII (no comment parentheses), words
   * separated by single spaces, such as {@code MyApp/2.1}.
   */
  static boolean isProductTokens(String text) {
    if (text.isEmpty() || text.startsWith(" ") || text.endsWith(" ") || text.contains("  ")) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && (c < 0x21 || c > 0x7e || c == '(' || c == ')' || c == '"')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", value).build());
  }

  private static String libraryVersion() {
    Properties properties = new Properties();
    try (InputStream in = UserAgent.class.getResourceAsStream("rally-congress-client.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException unreadable) {
      // The jar is damaged; the User-Agent still names the library.
    }
    String version = properties.getProperty("version", "unknown");
    return version.startsWith("${") ? "unknown" : version;
  }

  @Override
  public String toString() {
    return "UserAgent{" + value + "}";
  }
}
