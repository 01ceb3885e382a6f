package io.github.rallycongress.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.api.SupportersApi.CreateSupporterRequest;
import io.github.rallycongress.generated.api.SupportersApi.ListSupportersRequest;
import io.github.rallycongress.generated.api.SupportersApi.UpdateSupporterRequest;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A parameter or form field the spec adds to an operation that {@link SupporterQuery} or
 * {@link SupporterForm} stands for compiles unnoticed after the client is regenerated: the generated
 * request's builder gains a method that nothing of ours calls, and {@link RallyCongress} cannot send
 * it. These fail instead, naming it. Seen failing with a {@code source} query parameter added to
 * {@code listSupporters}.
 */
class GeneratedRequestCoverageTest {
  /** Generated builder methods that are not one of the operation's filters or fields. */
  private static final Set<String> NOT_A_FIELD = Set.of("newBuilder", "build", "page", "pagesize");
  /** Our name, where it is not the form field's name in another case. */
  private static final Map<String, String> RENAMED = Map.of("zipplus", "zipPlus4");

  @Test
  void supporterQueryOffersEveryFilterOfListSupporters() {
    assertThat(missing(ListSupportersRequest.Builder.class, SupporterQuery.Builder.class))
        .as("query parameters of listSupporters in the spec that SupporterQuery.Builder has no method for")
        .isEmpty();
  }

  @Test
  void supporterFormOffersEveryFieldOfCreateAndUpdateSupporter() {
    assertThat(missing(CreateSupporterRequest.Builder.class, SupporterForm.Builder.class))
        .as("form fields of createSupporter in the spec that SupporterForm.Builder has no method for")
        .isEmpty();
    assertThat(missing(UpdateSupporterRequest.Builder.class, SupporterForm.Builder.class))
        .as("form fields of updateSupporter in the spec that SupporterForm.Builder has no method for")
        .isEmpty();
  }

  private static List<String> missing(Class<?> generated, Class<?> ours) {
    Set<String> offered = new TreeSet<>();
    for (String name : setters(ours)) {
      offered.add(name.toLowerCase(Locale.ROOT));
    }
    List<String> missing = new ArrayList<>();
    for (String field : setters(generated)) {
      String ourName = RENAMED.getOrDefault(field, field);
      if (!offered.contains(ourName.toLowerCase(Locale.ROOT))) {
        missing.add(field);
      }
    }
    assertThat(setters(generated)).as(generated.getName() + " has no setters: has the generator's output changed?")
        .isNotEmpty();
    return missing;
  }

  private static Set<String> setters(Class<?> builder) {
    Set<String> names = new TreeSet<>();
    for (Method method : builder.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && method.getReturnType() == builder
          && !NOT_A_FIELD.contains(method.getName())) {
        names.add(method.getName());
      }
    }
    return names;
  }
}
