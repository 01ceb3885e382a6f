package io.github.rallycongress.client;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import io.github.rallycongress.generated.model.ErrorResponse;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Single;
import java.io.EOFException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.CallAdapter;
import retrofit2.HttpException;
import retrofit2.Invocation;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.http.GET;

/**
 * Wraps Retrofit's RxJava 3 adapter so that what reaches {@code onError} is exactly: a
 * {@link RallyApiException} subclass for a non-2xx status (also for methods returning
 * {@code Response<T>}, except 304, which is the meaning of such a response), a
 * {@link RallyDecodingException} for a 2xx body that does not decode, or the {@link java.io.IOException}
 * of a network failure.
 */
final class ErrorMapping extends CallAdapter.Factory {
  private static final int SNIPPET_CHARS = 200;
  private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;
  private static final Pattern JSON_PATH = Pattern.compile(" at path (\\$\\S*)");

  private final CallAdapter.Factory delegate;
  private final JsonAdapter<ErrorResponse> errorAdapter;
  private final Clock clock;
  private final RetryPolicy retryPolicy;

  ErrorMapping(CallAdapter.Factory delegate, Moshi moshi, Clock clock, RetryPolicy retryPolicy) {
    this.delegate = delegate;
    this.errorAdapter = moshi.adapter(ErrorResponse.class);
    this.clock = clock;
    this.retryPolicy = retryPolicy;
  }

  @Override
  public @Nullable CallAdapter<?, ?> get(Type returnType, Annotation[] annotations, Retrofit retrofit) {
    @SuppressWarnings("unchecked")
    CallAdapter<Object, Object> adapter = (CallAdapter<Object, Object>) delegate.get(returnType, annotations, retrofit);
    if (adapter == null) {
      return null;
    }
    // Only a GET is made again for a lost body: a POST may have been acted on.
    boolean retriesBody = isGet(annotations);
    boolean returnsResponse = returnType instanceof ParameterizedType
        && getRawType(getParameterUpperBound(0, (ParameterizedType) returnType)) == Response.class;
    return new CallAdapter<Object, Object>() {
      @Override
      public Type responseType() {
        return adapter.responseType();
      }

      @Override
      public Object adapt(Call<Object> call) {
        Object adapted = adapter.adapt(call);
        if (adapted instanceof Single) {
          Single<?> single = (Single<?>) adapted;
          if (retriesBody) {
            single = BodyRetry.retrying(single, retryPolicy);
          }
          if (returnsResponse) {
            single = single.map(value -> failUnlessSuccessful((Response<?>) value));
          }
          return single.onErrorResumeNext(e -> Single.error(map(e, call)));
        }
        if (adapted instanceof Completable) {
          return ((Completable) adapted).onErrorResumeNext(e -> Completable.error(map(e, call)));
        }
        if (adapted instanceof Maybe) {
          return ((Maybe<?>) adapted).onErrorResumeNext(e -> Maybe.error(map(e, call)));
        }
        if (adapted instanceof Flowable) {
          return ((Flowable<?>) adapted).onErrorResumeNext(e -> Flowable.error(map(e, call)));
        }
        if (adapted instanceof Observable) {
          return ((Observable<?>) adapted).onErrorResumeNext(e -> Observable.error(map(e, call)));
        }
        return adapted;
      }
    };
  }

  private static boolean isGet(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof GET) {
        return true;
      }
    }
    return false;
  }

  private Response<?> failUnlessSuccessful(Response<?> response) {
    if (response.isSuccessful() || response.code() == 304) {
      return response;
    }
    throw toException(response);
  }

  private Throwable map(Throwable error, Call<?> call) {
    if (error instanceof BodyRetry.BodyReadException) {
      return ((BodyRetry.BodyReadException) error).original(); // a stream with no retry: the network's own error
    }
    if (error instanceof HttpException) {
      Response<?> response = ((HttpException) error).response();
      if (response != null) {
        return toException(response);
      }
    }
    if (error instanceof JsonDataException || error instanceof JsonEncodingException
        || (error instanceof EOFException && String.valueOf(error.getMessage()).startsWith("End of input"))) {
      String detail = String.valueOf(error.getMessage());
      Matcher path = JSON_PATH.matcher(detail);
      String jsonPath = path.find() ? path.group(1) : "$";
      return new RallyDecodingException(operation(call), jsonPath, detail, error);
    }
    return error;
  }

  private static String operation(Call<?> call) {
    Invocation invocation = call.request().tag(Invocation.class);
    return invocation != null ? invocation.method().getName() : call.request().method() + " " + call.request().url().encodedPath();
  }

  RallyApiException toException(Response<?> response) {
    Request request = response.raw().request();
    int status = response.code();
    String method = request.method();
    String path = request.url().encodedPath();
    if (status >= 300 && status < 400) {
      String location = response.headers().get("Location");
      List<String> redirect = Collections.singletonList("The server redirected to "
          + (location == null ? "an unnamed location" : location)
          + ", which the client does not follow: it leaves HTTPS or the redirect is not allowed.");
      closeQuietly(response.errorBody());
      return new RallyApiException(status, method, path, redirect, null);
    }
    List<String> errors = Collections.emptyList();
    String snippet = null;
    ResponseBody body = response.errorBody();
    if (body != null) {
      try (ResponseBody closing = body) {
        BufferedSource source = closing.source();
        source.request(MAX_ERROR_BODY_BYTES); // bounded: an error body is read for its messages only
        Buffer copy = source.getBuffer().clone();
        errors = errorMessages(copy.clone());
        if (errors.isEmpty()) {
          snippet = snippet(copy);
        }
      } catch (java.io.IOException unreadable) {
        snippet = null;
      }
    }
    Duration retryAfter = RetryAfter.parse(response.headers().get("Retry-After"), clock);
    switch (status) {
      case 400:
        return new BadRequestException(status, method, path, errors, snippet);
      case 401:
        return new AuthenticationException(status, method, path, errors, snippet);
      case 404:
        return new NotFoundException(status, method, path, errors, snippet);
      case 405:
        return new MethodNotAllowedException(status, method, path, errors, snippet);
      case 429:
        return new RateLimitedException(status, method, path, errors, snippet, retryAfter);
      case 500:
      case 503:
        return new ServerErrorException(status, method, path, errors, snippet, retryAfter);
      default:
        return new RallyApiException(status, method, path, errors, snippet);
    }
  }

  private static void closeQuietly(@Nullable ResponseBody body) {
    if (body != null) {
      body.close();
    }
  }

  private List<String> errorMessages(Buffer body) {
    try {
      ErrorResponse parsed = errorAdapter.fromJson(body);
      if (parsed == null || parsed.getResponse() == null || parsed.getResponse().getErrors() == null) {
        return Collections.emptyList();
      }
      List<String> messages = new ArrayList<>();
      for (String message : parsed.getResponse().getErrors()) {
        if (message != null) {
          messages.add(message);
        }
      }
      return messages;
    } catch (java.io.IOException | RuntimeException notTheDocumentedShape) {
      return Collections.emptyList();
    }
  }

  /** The first characters of a body, malformed UTF-8 replaced and control characters dropped. */
  private static String snippet(Buffer body) {
    long size = Math.min(body.size(), SNIPPET_CHARS * 4L);
    String text;
    try {
      text = body.readUtf8(size); // Okio replaces malformed UTF-8 with U+FFFD
    } catch (EOFException impossible) {
      return "";
    }
    StringBuilder clean = new StringBuilder();
    text.codePoints()
        .filter(c -> !Character.isISOControl(c) || c == ' ')
        .limit(SNIPPET_CHARS)
        .forEach(clean::appendCodePoint);
    return clean.toString().trim();
  }
}
