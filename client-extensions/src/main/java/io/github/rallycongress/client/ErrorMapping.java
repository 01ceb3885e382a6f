package io.github.rallycongress.client;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.rallycongress.generated.model.ActionSubmission;
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
import okio.ByteString;
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
 * {@code Response<T>}, except 304, which is the meaning of such a response) and for a 202 to an
 * operation other than an action's submission (the published "more information needed"), a
 * {@link RallyDecodingException} for a 2xx body that does not decode, an {@link IllegalStateException}
 * for a call made after {@link RallyCongress#close()}, or the {@link java.io.IOException} of a network
 * failure.
 */
final class ErrorMapping extends CallAdapter.Factory {
  private static final int SNIPPET_CHARS = 200;
  private static final long MAX_ERROR_BODY_BYTES = NetworkAttempt.MAX_ERROR_BODY_BYTES;
  private static final Pattern JSON_PATH = Pattern.compile(" at path (\\$\\S*)");

  private final CallAdapter.Factory delegate;
  private final Clock clock;
  private final RetryPolicy retryPolicy;
  private final Duration deadline;
  private final RetryListener listener;

  ErrorMapping(CallAdapter.Factory delegate, Clock clock, RetryPolicy retryPolicy, Duration deadline,
      RetryListener listener) {
    this.delegate = delegate;
    this.clock = clock;
    this.retryPolicy = retryPolicy;
    this.deadline = deadline;
    this.listener = listener;
  }

  @Override
  public @Nullable CallAdapter<?, ?> get(Type returnType, Annotation[] annotations, Retrofit retrofit) {
    boolean single = getRawType(returnType) == Single.class && returnType instanceof ParameterizedType;
    Type valueType = single ? getParameterUpperBound(0, (ParameterizedType) returnType) : null;
    boolean returnsResponse = valueType != null && getRawType(valueType) == Response.class;
    if (single && !returnsResponse && getRawType(valueType) != retrofit2.adapter.rxjava3.Result.class) {
      // Single<T>: ask for Single<Response<T>> and take the body here, so that a 2xx without one
      // (204, 205, the JSON null) is a typed error rather than the adapter's NoSuchElementException.
      return bodyAdapter(returnType, valueType, annotations, retrofit);
    }
    @SuppressWarnings("unchecked")
    CallAdapter<Object, Object> adapter = (CallAdapter<Object, Object>) delegate.get(returnType, annotations, retrofit);
    if (adapter == null) {
      return null;
    }
    // Only a GET is made again for a lost body: a POST may have been acted on.
    boolean retriesBody = isGet(annotations);
    // Only an action's submission documents a 202 (its follow-up flow): see checked().
    boolean documents202 = returnsResponse
        && getParameterUpperBound(0, (ParameterizedType) valueType) == ActionSubmission.class;
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
            single = BodyRetry.retrying(single, retryPolicy, deadline, listener, call);
          }
          if (returnsResponse) {
            single = single.map(value -> checked((Response<?>) value, call, true, documents202));
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

  /** A {@code Single<T>} made from the delegate's {@code Single<Response<T>>}. */
  private @Nullable CallAdapter<?, ?> bodyAdapter(Type returnType, Type valueType, Annotation[] annotations,
      Retrofit retrofit) {
    Type responseOfValue = new Parameterized(Response.class, valueType);
    CallAdapter<?, ?> viaResponse = get(new Parameterized(Single.class, responseOfValue), annotations, retrofit);
    if (viaResponse == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    CallAdapter<Object, Object> adapter = (CallAdapter<Object, Object>) viaResponse;
    return new CallAdapter<Object, Object>() {
      @Override
      public Type responseType() {
        return adapter.responseType();
      }

      @Override
      public Object adapt(Call<Object> call) {
        Single<?> responses = (Single<?>) adapter.adapt(call);
        return responses.map(response -> {
          Object body = ((Response<?>) response).body();
          if (body == null) { // a 304: the caller asked for a body, so it is an error here
            throw toException((Response<?>) response);
          }
          return body;
        });
      }
    };
  }

  /**
   * {@code response} if it is a 2xx with a body (or, when the caller handles it, a 304); else the
   * typed error: a {@link RallyApiException} for the status, a {@link RallyDecodingException} for
   * a 2xx without a value.
   */
  private Response<?> checked(Response<?> response, Call<?> call, boolean allowNotModified, boolean documents202) {
    if (response.code() == 202 && !documents202) {
      // The published docs' 202: more information is needed, and the request was not completed.
      // Its body would decode as the operation's model (a Supporter whose id is a pending one's),
      // and the caller would take an unfinished write for a done one.
      closeQuietly(response.errorBody());
      Request request = response.raw().request();
      throw new RallyApiException(202, request.method(), MessagePath.of(request),
          Collections.singletonList("The API answered 202: it needs more information and did not complete the"
              + " request, which this operation does not document (only an action's submission has a follow-up)."),
          null);
    }
    if (response.isSuccessful()) {
      if (response.body() == null) {
        throw new RallyDecodingException(operation(call), "$", "HTTP " + response.code() + " arrived without a value ("
            + (response.code() == 204 || response.code() == 205 ? "no body" : "the body was empty or the JSON null")
            + "), where the API document describes one.", new IllegalStateException("no body"));
      }
      return response;
    }
    if (allowNotModified && response.code() == 304) {
      return response;
    }
    throw toException(response);
  }

  private static boolean isGet(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof GET) {
        return true;
      }
    }
    return false;
  }

  private Throwable map(Throwable error, Call<?> call) {
    if (DispatcherExecutor.isClosedRejection(error)) {
      return new IllegalStateException(DispatcherExecutor.CLOSED); // not a network failure: nothing was sent
    }
    if (error instanceof BodyRetry.BodyReadException) {
      return ((BodyRetry.BodyReadException) error).original(); // a stream with no retry: the network's own error
    }
    if (error instanceof RetryInterceptor.UnreadableBodyException) {
      return new RallyDecodingException(operation(call), "$", ((RetryInterceptor.UnreadableBodyException) error).detail(),
          error.getCause());
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
    String path = MessagePath.of(request);
    String location = response.headers().get("Location");
    if (status >= 300 && status < 400 && location != null) {
      // Named as the request is: the server's Location may repeat a supporter's email (in the path
      // or a filter) or carry credentials as user info, which a message carries into logs.
      okhttp3.HttpUrl target = request.url().resolve(location);
      List<String> redirect = Collections.singletonList("The server redirected to "
          + (target == null ? "a Location that is not a URL" : Origin.redacted(target))
          + ", which the client does not follow: only a GET to the API's own scheme, host and port is followed.");
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
        skipByteOrderMark(copy); // as Retrofit's Moshi converter does for a 2xx body
        errors = errorMessages(copy.clone());
        if (errors.isEmpty()) {
          snippet = snippet(copy);
        }
      } catch (java.io.IOException unreadable) {
        snippet = null;
      }
    }
    Duration retryAfter = RetryAfter.parse(response.headers(), clock);
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

  /**
   * The messages of an error body of the inferred shape {@code {"response":{"errors":["…"]}}}
   * (the spec's {@code ErrorResponse}), walked leniently: every other value is skipped unread (a
   * number no double holds, a repeated name), a null or non-text message is skipped, and the
   * messages found before a body goes wrong are kept. An error must never be lost to its body's
   * shape, as the generated model's strict adapter would lose it for one null item.
   */
  private static List<String> errorMessages(Buffer body) {
    List<String> messages = new ArrayList<>();
    try {
      JsonReader reader = JsonReader.of(body);
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return messages;
      }
      reader.beginObject();
      while (reader.hasNext()) {
        if (!reader.nextName().equals("response") || reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
          reader.skipValue();
          continue;
        }
        reader.beginObject();
        while (reader.hasNext()) {
          if (!reader.nextName().equals("errors") || reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
            reader.skipValue();
            continue;
          }
          messages.clear(); // a repeated "errors": the last one, as a decoder would take it
          reader.beginArray();
          while (reader.hasNext()) {
            if (reader.peek() == JsonReader.Token.STRING) {
              messages.add(reader.nextString());
            } else {
              reader.skipValue();
            }
          }
          reader.endArray();
        }
        reader.endObject();
      }
      return messages;
    } catch (java.io.IOException | RuntimeException notTheDocumentedShape) {
      return messages; // what was read before the body went wrong
    }
  }

  private static final ByteString UTF8_BOM = ByteString.decodeHex("efbbbf");

  private static void skipByteOrderMark(Buffer body) {
    if (body.rangeEquals(0, UTF8_BOM)) {
      try {
        body.skip(UTF8_BOM.size());
      } catch (EOFException impossible) {
        throw new AssertionError(impossible);
      }
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
    int kept = 0;
    for (int i = 0; i < text.length() && kept < SNIPPET_CHARS; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (!Character.isISOControl(c) || c == ' ') {
        clean.appendCodePoint(c);
        kept++;
      }
    }
    return clean.toString().trim();
  }

  /** A parameterized type such as {@code Single<Response<Supporter>>}, for asking the delegate. */
  private static final class Parameterized implements ParameterizedType {
    private final Class<?> raw;
    private final Type argument;

    Parameterized(Class<?> raw, Type argument) {
      this.raw = raw;
      this.argument = argument;
    }

    @Override
    public Type[] getActualTypeArguments() {
      return new Type[] {argument};
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public @Nullable Type getOwnerType() {
      return null;
    }

    @Override
    public String toString() {
      return raw.getName() + "<" + (argument instanceof Class ? ((Class<?>) argument).getName() : argument) + ">";
    }
  }
}
