package io.github.rallycongress.client;

import io.github.rallycongress.generated.GeneratedJson;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * The text of path, query and form values:
 * <ul>
 * <li>{@code date-time} values as RFC 3339 with seconds ({@code 2026-03-14T15:00:00Z}). Without it
 * Retrofit uses {@code OffsetDateTime.toString()}, which drops zero seconds
 * ({@code 2026-03-14T15:00Z}), a form the document's {@code date-time} does not allow; a value RFC
 * 3339 cannot write is refused ({@code GeneratedJson.formatDateTime}).
 * <li>Text with an unpaired surrogate (a lone half of a UTF-16 pair, which a JSON {@code \ud800}
 * escape or a cut string can produce) is refused: UTF-8 cannot carry it, and OkHttp would send
 * {@code ?} in its place, a changed value the server would store.
 * <li>A path value that is empty or blank, {@code .} or {@code ..} is refused: it would name
 * another resource ({@code POST /supporters/} creates a supporter where
 * {@code POST /supporters/{supporterId}} updates one).
 * </ul>
 * Each failure is an {@link IllegalArgumentException} that reaches the call's {@code onError}
 * before anything is sent (the methods of {@link RallyCongress} refuse such values when called).
 */
final class QueryValues extends Converter.Factory {
  @Override
  public @Nullable Converter<?, String> stringConverter(Type type, Annotation[] annotations, Retrofit retrofit) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof retrofit2.http.Path) {
        String name = ((retrofit2.http.Path) annotation).value();
        // Any type (an id, an action type's wire value): Retrofit sends its toString().
        return (Converter<Object, String>) value -> GeneratedJson.requirePathSegment(name, value.toString());
      }
    }
    if (type == OffsetDateTime.class) {
      return (Converter<OffsetDateTime, String>) GeneratedJson::formatDateTime;
    }
    if (type == String.class) {
      return (Converter<String, String>) QueryValues::wholeText;
    }
    return null;
  }

  /** {@code text} itself, if UTF-8 can carry every character of it. */
  static String wholeText(String text) {
    int at = GeneratedJson.unpairedSurrogateAt(text);
    if (at >= 0) {
      throw new IllegalArgumentException("A value holds an unpaired surrogate (U+"
          + Integer.toHexString(text.charAt(at)).toUpperCase(java.util.Locale.ROOT) + ") at index " + at
          + ", which UTF-8 cannot carry: it would be sent as '?'. Nothing was sent.");
    }
    return text;
  }
}
