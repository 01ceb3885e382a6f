package io.github.rallycongress.sandbox;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The {@code page} and {@code pagesize} of a list request, and the URIs of its envelope.
 *
 * <p>The spec: page URIs are relative to the host and start with {@code /v3/}, keep every filter
 * of the request and its {@code pagesize}; {@code nextpageuri} is null on the last page and
 * {@code previouspageuri} on the first. {@code pagesize} is 1 to 1000, 50 by default.
 */
final class Paging {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 1000;

  final int page;
  final int pagesize;

  private Paging(int page, int pagesize) {
    this.page = page;
    this.pagesize = pagesize;
  }

  /** Adds a message to {@code errors} for each bad parameter; the returned value is then unused. */
  static Paging parse(HttpUrl url, List<String> errors) {
    int page = parseInt(single(url, "page", errors), 0, 0, Integer.MAX_VALUE,
        "The page parameter must be a whole number of 0 or more", errors);
    int pagesize = parseInt(single(url, "pagesize", errors), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE,
        "The pagesize parameter must be a whole number from 1 to " + MAX_PAGE_SIZE, errors);
    return new Paging(page, pagesize);
  }

  /**
   * The value of a query parameter the spec gives one value (none is an array): a repeated one
   * adds a message to {@code errors}, rather than reading one of its values and ignoring the
   * others ({@code state=NY&state=CA} is not "NY or CA").
   */
  static @Nullable String single(HttpUrl url, String name, List<String> errors) {
    List<String> values = url.queryParameterValues(name);
    if (values.size() > 1) {
      StringBuilder given = new StringBuilder();
      for (String value : values) {
        given.append(given.length() == 0 ? "'" : ", '").append(value).append('\'');
      }
      errors.add("The " + name + " parameter takes one value, but was given " + values.size() + " (" + given
          + "); send it once.");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static int parseInt(@Nullable String text, int defaultValue, int min, int max,
      String rule, List<String> errors) {
    if (text == null) {
      return defaultValue;
    }
    // Digits only: Long.parseLong also takes a leading '+', which is no JSON Schema integer.
    if (text.matches("-?[0-9]{1,18}")) {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return (int) value;
      }
    }
    errors.add(rule + ", but was '" + text + "'.");
    return defaultValue;
  }

  long offset() {
    return (long) page * pagesize;
  }

  boolean hasNext(long total) {
    return offset() + pagesize < total;
  }

  /** {@code /v3/<path>?<filters>&page=N&pagesize=M}, filters percent-encoded in the given order. */
  String uri(String path, Map<String, String> filters, long pageNumber) {
    StringBuilder uri = new StringBuilder("/v3/").append(path).append('?');
    for (Map.Entry<String, String> filter : filters.entrySet()) {
      uri.append(filter.getKey()).append('=').append(encode(filter.getValue())).append('&');
    }
    return uri.append("page=").append(pageNumber).append("&pagesize=").append(pagesize).toString();
  }

  static String encode(String value) {
    try {
      // URLEncoder writes a space as '+', which some decoders keep; %20 is unambiguous.
      return URLEncoder.encode(value, "UTF-8").replace("+", "%20");
    } catch (UnsupportedEncodingException e) {
      throw new AssertionError(e);
    }
  }
}
