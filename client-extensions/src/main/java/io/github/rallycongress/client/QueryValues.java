package io.github.rallycongress.client;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * Writes {@code date-time} query values as RFC 3339 with seconds ({@code 2026-03-14T15:00:00Z}).
 * Without it Retrofit uses {@code OffsetDateTime.toString()}, which drops zero seconds
 * ({@code 2026-03-14T15:00Z}), a form the document's {@code date-time} does not allow.
 */
final class QueryValues extends Converter.Factory {
  @Override
  public @Nullable Converter<?, String> stringConverter(Type type, Annotation[] annotations, Retrofit retrofit) {
    if (type == OffsetDateTime.class) {
      return (Converter<OffsetDateTime, String>) DateTimeFormatter.ISO_OFFSET_DATE_TIME::format;
    }
    return null;
  }
}
