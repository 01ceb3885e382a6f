package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.failure;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.api.CampaignsApi;
import io.github.rallycongress.generated.api.SupportersApi;
import io.github.rallycongress.generated.model.ActionType;
import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 2xx without a value (204, 205, the JSON {@code null}, an empty or blank body) is a
 * {@link RallyDecodingException} naming the operation, from every operation of both generated APIs
 * and from every {@link RallyCongress} method.
 */
@Timeout(value = 20, unit = SECONDS)
class EmptyBodyTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private RallyCongress rally;

  @BeforeEach
  void start() throws IOException {
    server.start();
    rally = client(server).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Every operation of both generated interfaces (found by reflection, so a new one is covered) times every empty answer. */
  static Stream<Arguments> operationsAndEmptyAnswers() {
    List<Arguments> cases = new ArrayList<>();
    for (Class<?> api : Arrays.asList(CampaignsApi.class, SupportersApi.class)) {
      Method[] methods = api.getMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method method : methods) {
        if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() != Single.class) {
          continue;
        }
        for (String answer : EMPTY_ANSWERS) {
          cases.add(Arguments.of(api.getSimpleName() + "." + method.getName(), method, answer));
        }
      }
    }
    return cases.stream();
  }

  private static final List<String> EMPTY_ANSWERS = Arrays.asList("204", "205", "200 null", "200 empty", "200 blank");

  @Test
  void bothApisHaveTheEightOperationsOfTheDocument() {
    assertThat(operationsAndEmptyAnswers().count()).isEqualTo(8L * EMPTY_ANSWERS.size());
  }

  @ParameterizedTest(name = "{0} answered {2}")
  @MethodSource("operationsAndEmptyAnswers")
  void everyGeneratedOperationFailsWithADecodingErrorOnAnEmptyAnswer(String name, Method method, String answer)
      throws Exception {
    server.enqueue(emptyAnswer(answer));
    Object api = method.getDeclaringClass() == CampaignsApi.class ? rally.campaignsApi() : rally.supportersApi();

    Throwable failure = failure((Single<?>) method.invoke(api, arguments(method)));

    assertThat(failure).isInstanceOfSatisfying(RallyDecodingException.class, e -> {
      assertThat(e.operation()).isEqualTo(method.getName());
      assertThat(e.jsonPath()).isEqualTo("$");
    });
    assertThat(failure.getMessage()).startsWith("The response of " + method.getName() + " could not be decoded at $: ");
  }

  static Stream<Arguments> rallyCongressMethodsAndEmptyAnswers() {
    List<Arguments> cases = new ArrayList<>();
    List<Function<RallyCongress, Single<?>>> calls = Arrays.asList(
        r -> r.campaign("17465"),
        r -> r.actionForm("17465", ActionType.LETTER, null),
        r -> r.supporter("900123"),
        r -> r.submitAction(ActionRequest.builder("17465", ActionType.LETTER)
            .firstName("Ada").lastName("Lovelace").zipCode("12207").build()),
        r -> r.campaigns().firstOrError(),
        r -> r.supporters(SupporterQuery.all()).firstOrError());
    List<String> names = Arrays.asList("campaign", "actionForm", "supporter", "submitAction", "campaigns",
        "supporters");
    for (int i = 0; i < calls.size(); i++) {
      for (String answer : EMPTY_ANSWERS) {
        cases.add(Arguments.of(names.get(i), calls.get(i), answer));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} answered {2}")
  @MethodSource("rallyCongressMethodsAndEmptyAnswers")
  void everyRallyCongressMethodFailsWithADecodingErrorOnAnEmptyAnswer(String name,
      Function<RallyCongress, Single<?>> call, String answer) throws Exception {
    server.enqueue(emptyAnswer(answer));

    Throwable failure = failure(call.apply(rally));

    assertThat(failure).isInstanceOf(RallyDecodingException.class);
  }

  private static MockResponse emptyAnswer(String answer) {
    MockResponse.Builder response = new MockResponse.Builder().setHeader("Content-Type", "application/json");
    switch (answer) {
      case "204": return response.code(204).build();
      case "205": return response.code(205).build();
      case "200 null": return response.code(200).body("null").build();
      case "200 empty": return response.code(200).body("").build();
      case "200 blank": return response.code(200).body(" \r\n\t").build();
      default: throw new IllegalArgumentException(answer);
    }
  }

  /** A generated request object with every text and enum parameter set (so that required ones are). */
  private static Object requestObject(Class<?> type) {
    try {
      Object builder = type.getMethod("builder").invoke(null);
      for (Method setter : builder.getClass().getMethods()) {
        if (setter.getDeclaringClass() == builder.getClass() && setter.getParameterCount() == 1) {
          Class<?> parameter = setter.getParameterTypes()[0];
          Object value = parameter == String.class ? "x" : publishedValue(parameter);
          if (value != null) {
            setter.invoke(builder, value);
          }
        }
      }
      return builder.getClass().getMethod("build").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The first published value of a generated open enumeration ({@code knownValues()}), or null for another type. */
  private static @Nullable Object publishedValue(Class<?> type) {
    try {
      return ((List<?>) type.getMethod("knownValues").invoke(null)).get(0);
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A value for every parameter: text for strings, a documented constant of an enum, null for the rest. */
  private static Object[] arguments(Method method) {
    Class<?>[] types = method.getParameterTypes();
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      if (types[i] == String.class) {
        values[i] = "x" + i;
      } else if (Map.class.isAssignableFrom(types[i])) {
        values[i] = requestObject(types[i]);
      } else {
        values[i] = publishedValue(types[i]);
      }
    }
    return values;
  }
}
