package io.github.rallycongress.client;

import java.lang.annotation.Annotation;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import retrofit2.Invocation;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.HEAD;
import retrofit2.http.HTTP;
import retrofit2.http.OPTIONS;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.PUT;

/**
 * The path a message names a request by (an exception's, a {@link RetryEvent}'s): its path, with a
 * supporter's id named rather than given, {@code /v3/supporters/{supporterId}}. A supporter is
 * looked up and updated by email or custom id as well as by id (published), so that segment can
 * hold personal data, which messages carry into logs. Other path values (a campaign's id, an
 * action type) are kept: they say which resource failed. Queries are never named.
 */
final class MessagePath {
  /** The path parameter that can be an email or another system's id. */
  private static final String PERSONAL = "{supporterId}";

  /** The query parameters of the API that name a person or where one lives (the supporters list's filters). */
  static final java.util.List<String> PERSONAL_QUERY_PARAMETERS = java.util.Collections.unmodifiableList(
      java.util.Arrays.asList("email", "firstName", "lastName", "customId", "city", "zipCode", "zipcode"));

  private static final java.util.regex.Pattern SUPPORTER_IN_PATH =
      java.util.regex.Pattern.compile("(/supporters/)[^/?#\\s]+");

  private MessagePath() {
  }

  /** The response headers whose value is a URL the server wrote, which may repeat what a request carried. */
  private static final String[] URL_HEADERS = {"Location: ", "Content-Location: "};

  /** The user info of an absolute or scheme-relative URL: from "//" to the last '@' before the path. */
  private static final java.util.regex.Pattern USER_INFO =
      java.util.regex.Pattern.compile("^((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)[^/?#]*@");

  /** The value of a personal query parameter, named as the logging interceptor matches them (any case). */
  private static final java.util.regex.Pattern PERSONAL_QUERY_VALUE = java.util.regex.Pattern.compile(
      "([?&](?:" + String.join("|", PERSONAL_QUERY_PARAMETERS) + ")=)[^&#]*",
      java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * An HTTP log line with a supporter's id in a request's path named rather than given; the
   * logging interceptor prints whole URLs, and its own redaction covers headers and queries only.
   * A {@code Location} or {@code Content-Location} line (a redirect's target, followed or not) is
   * the server's text, which may repeat a supporter's email from the path or a filter, or carry
   * credentials as user info (the published docs' URL form): it is logged as
   * {@link #redactedUrlText} gives it.
   */
  static String redactedLogLine(String line) {
    if (line.startsWith("--> ") || line.startsWith("<-- ")) {
      return withoutSupporterIds(line);
    }
    for (String header : URL_HEADERS) {
      if (line.regionMatches(true, 0, header, 0, header.length())) {
        return line.substring(0, header.length()) + redactedUrlText(line.substring(header.length()));
      }
    }
    return line;
  }

  /**
   * A URL as the server wrote it (absolute or relative, parsable or not), for a log: without its
   * user info, with a supporter's id named rather than given and the values of the
   * {@link #PERSONAL_QUERY_PARAMETERS} written {@code ██}, as the logging interceptor writes a
   * request's. Works on the text, so a value that is no URL is redacted alike.
   */
  static String redactedUrlText(String url) {
    String text = USER_INFO.matcher(url.trim()).replaceFirst("$1");
    text = withoutSupporterIds(text);
    return PERSONAL_QUERY_VALUE.matcher(text).replaceAll("$1\u2588\u2588");
  }

  /** {@code text} with each {@code /supporters/<id>} written {@code /supporters/{supporterId}}. */
  static String withoutSupporterIds(String text) {
    return SUPPORTER_IN_PATH.matcher(text).replaceAll("$1" + java.util.regex.Matcher.quoteReplacement(PERSONAL));
  }

  static String of(Request request) {
    Named named = request.tag(Named.class);
    if (named != null) {
      return named.path;
    }
    HttpUrl url = request.url();
    Invocation invocation = request.tag(Invocation.class);
    String template = invocation == null ? null : relativeTemplate(invocation.method().getAnnotations());
    if (template == null || !template.contains(PERSONAL) || template.startsWith("/") || template.contains("://")) {
      return withoutSupporterIds(url.encodedPath());
    }
    // The template is relative to the base URL: it names the request's last segments.
    String[] templateSegments = template.split("/", -1);
    List<String> segments = url.encodedPathSegments();
    int kept = segments.size() - templateSegments.length;
    if (kept < 0) {
      return withoutSupporterIds(url.encodedPath());
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < kept; i++) {
      path.append('/').append(segments.get(i));
    }
    for (int i = 0; i < templateSegments.length; i++) {
      String segment = segments.get(kept + i);
      boolean personal = PERSONAL.equals(templateSegments[i]);
      if (!personal && !templateSegments[i].equals(segment)) {
        // Not the template's URL (an app's interceptor rewrote it): where the id is, is unknown.
        return withoutSupporterIds(url.encodedPath());
      }
      path.append('/').append(personal ? PERSONAL : segment);
    }
    return path.toString();
  }

  /**
   * {@code redirected}, a request made for {@code original}'s call at another URL (a redirect
   * followed), tagged to be named as {@code original} is: its path need not be the template's,
   * and may hold the supporter's id anywhere (a slash appended, another path).
   */
  static Request namedAs(Request redirected, Request original) {
    return redirected.newBuilder().tag(Named.class, new Named(of(original))).build();
  }

  /** The name of a request's path, when the request is made at a URL other than its operation's. */
  private static final class Named {
    final String path;

    Named(String path) {
      this.path = path;
    }
  }

  private static String relativeTemplate(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof GET) {
        return ((GET) annotation).value();
      } else if (annotation instanceof POST) {
        return ((POST) annotation).value();
      } else if (annotation instanceof PUT) {
        return ((PUT) annotation).value();
      } else if (annotation instanceof PATCH) {
        return ((PATCH) annotation).value();
      } else if (annotation instanceof DELETE) {
        return ((DELETE) annotation).value();
      } else if (annotation instanceof HEAD) {
        return ((HEAD) annotation).value();
      } else if (annotation instanceof OPTIONS) {
        return ((OPTIONS) annotation).value();
      } else if (annotation instanceof HTTP) {
        return ((HTTP) annotation).path();
      }
    }
    return null;
  }
}
