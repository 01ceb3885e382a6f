package io.github.rallycongress.samples;

import io.github.rallycongress.client.ActionRequest;
import io.github.rallycongress.client.ActionResult;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.FormField;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * App sample: submit a letter that the API answers with HTTP 202, "more information needed", show
 * what it needs, fill it in and complete the submission.
 *
 * <p>Run with {@code java -cp samples/target/rally.jar io.github.rallycongress.samples.SubmitLetter}:
 * an embedded sandbox, unless {@code RALLY_BASE_URL}, {@code RALLY_ACCOUNT_ID} and
 * {@code RALLY_AUTH_TOKEN} are set.
 */
public final class SubmitLetter {
  private SubmitLetter() {
  }

  public static void main(String[] args) throws IOException {
    try (Endpoint endpoint = Endpoint.fromEnvironment(RallySandbox.builder())) {
      RallyCongress rally = endpoint.client();
      ActionRequest letter = ActionRequest.builder("17465", ActionType.LETTER)
          .firstName("Ada").lastName("Lovelace").email("ada@example.org")
          // 10001 spans two congressional districts: the API cannot tell the representative without the street.
          .zipCode("10001")
          .subject("Keep the Hudson River Clean")
          .message("Please keep the Hudson River clean.")
          .noDelivery() // checked as usual, delivered to nobody; leave it out in your app
          .build();

      ActionResult result = send(rally, letter, SubmitLetter::fillIn);

      System.out.println("HTTP " + result.status() + (result.id() != null ? ", submission " + result.id() : "")
          + ": " + String.join(" ", nonNull(result.submission().getMessages())));
    }
  }

  /**
   * Submits {@code letter}. While the API answers 202, hands the pending result to {@code form}
   * (in an app, a screen asking the user) and completes the submission with the values it returns.
   */
  static ActionResult send(RallyCongress rally, ActionRequest letter, Function<ActionResult, Map<String, String>> form) {
    ActionResult result = rally.submitAction(letter).blockingGet();
    // A 202 is not an error: the API keeps the submission under result.id() until it is completed.
    // A loop, because an answer (a street that picks a district) may reveal another office's needs.
    while (result.needsMoreInformation()) {
      result = rally.completeAction(result, form.apply(result)).blockingGet();
    }
    return result;
  }

  /** Stands in for the screen: shows why and what the API needs, and answers as a user would. */
  static Map<String, String> fillIn(ActionResult pending) {
    System.out.println("HTTP 202: submission " + pending.id() + " needs more information.");
    for (String message : nonNull(pending.submission().getMessages())) {
      System.out.println("  " + message);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (FormField field : pending.missingFields()) {
      // Each field says how to ask for it: a label, an input type (text, tel, select) and, for a select, its options.
      String value = field.getOptions() != null && !field.getOptions().isEmpty()
          ? field.getOptions().get(0)
          : typedByTheUser(field.getName());
      System.out.println("  " + field.getLabel() + " (" + field.getName() + ", " + field.getType() + "): " + value);
      values.put(field.getName(), value);
    }
    return values;
  }

  private static String typedByTheUser(String name) {
    switch (name) {
      case "street": return "350 Fifth Avenue";
      case "phone": return "2125550100";
      case "city": return "New York";
      default: throw new IllegalStateException("This sample has no answer for the field " + name + ".");
    }
  }

  private static List<String> nonNull(@Nullable List<String> messages) {
    return messages != null ? messages : List.of();
  }
}
