package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.client.SupporterQuery;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

/**
 * A filter the spec adds to {@code listSupporters} reaches {@link SupporterQuery} (the client's
 * {@code GeneratedRequestCoverageTest} fails until it does), and then compiles unnoticed here:
 * {@code rally supporters} would have no option for it. This fails instead, naming it.
 */
class FilterOptionsCoverageTest {
  /** The option's field, where it is not named as the builder's method. */
  private static final Map<String, String> FIELD_OF = Map.of("zipCode", "zip", "congressDistrict", "district",
      "optinStatus", "optin", "joinDateBetween", "joinDate");

  @Test
  void rallySupportersHasAnOptionForEveryFilterOfSupporterQuery() {
    Set<String> options = new TreeSet<>();
    for (Field field : SupportersCommand.class.getDeclaredFields()) {
      if (field.isAnnotationPresent(Option.class)) {
        options.add(field.getName());
      }
    }
    List<String> filters = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Method method : SupporterQuery.Builder.class.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && method.getReturnType() == SupporterQuery.Builder.class) {
        filters.add(method.getName());
        if (!options.contains(FIELD_OF.getOrDefault(method.getName(), method.getName()))) {
          missing.add(method.getName());
        }
      }
    }

    assertThat(filters).as("SupporterQuery.Builder's filters").contains("email", "updatedSince");
    assertThat(missing).as("filters of SupporterQuery that `rally supporters` has no option for").isEmpty();
  }
}
