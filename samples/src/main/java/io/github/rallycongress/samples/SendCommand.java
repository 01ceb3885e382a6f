package io.github.rallycongress.samples;

import static java.util.Objects.requireNonNullElse;

import io.github.rallycongress.client.ActionRequest;
import io.github.rallycongress.client.ActionResult;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.FormField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "send", mixinStandardHelpOptions = true,
    description = {"Submits a campaign action. When the API needs more information (HTTP 202), asks for it on a"
        + " terminal, or takes it from --field when not interactive, and completes the submission."})
final class SendCommand implements Callable<Integer> {
  @ParentCommand
  Rally rally;

  @Parameters(index = "0", paramLabel = "ID", description = "The campaign id, such as 17465.")
  String id;

  @Parameters(index = "1", paramLabel = "TYPE", description = "letter, phone, petition, twitter or facebook.")
  ActionType type;

  @Option(names = "--firstname", required = true) String firstName;
  @Option(names = "--lastname", required = true) String lastName;
  @Option(names = "--zip", required = true, paramLabel = "ZIP") String zip;
  @Option(names = "--email") @Nullable String email;
  @Option(names = "--subject", description = "The letter's subject.") @Nullable String subject;
  @Option(names = "--message", description = "The letter's text.") @Nullable String message;
  @Option(names = "--no-delivery", description = "Process as usual but deliver nothing (mode=no_delivery).")
  boolean noDelivery;
  @Option(names = "--field", paramLabel = "NAME=VALUE",
      description = "A value the API may ask for after a 202, such as street=\"1 Main St\" (repeatable).")
  Map<String, String> fields = new LinkedHashMap<>();

  @Override
  public Integer call() {
    ActionRequest.Builder request = ActionRequest.builder(id, type)
        .firstName(firstName).lastName(lastName).zipCode(zip);
    if (email != null) {
      request.email(email);
    }
    if (subject != null) {
      request.subject(subject);
    }
    if (message != null) {
      request.message(message);
    }
    if (noDelivery) {
      request.noDelivery();
    }
    RallyCongress client = rally.client();
    ActionResult result = client.submitAction(request.build()).blockingGet();
    if (result.needsMoreInformation()) {
      rally.io.err.println("The API needs more information (HTTP 202) for submission " + result.id() + ": "
          + names(result.missingFields()) + ".");
      result = client.completeAction(result, answers(result.missingFields())).blockingGet();
    }
    rally.io.out.println("Submitted " + type.getValue() + " to campaign " + id + ": submission " + result.id()
        + ", HTTP " + result.status() + (noDelivery ? " (no delivery)" : ""));
    return Rally.OK;
  }

  private Map<String, String> answers(List<FormField> missing) {
    Map<String, String> answers = new LinkedHashMap<>();
    List<String> unanswered = new ArrayList<>();
    for (FormField field : missing) {
      String given = fields.get(field.getName());
      // A --field value that names no option goes as given: the server's 400 says what it accepts.
      String value = given != null ? requireNonNullElse(option(field, given), given) : ask(field);
      if (value == null) {
        unanswered.add(field.getName());
      } else {
        answers.put(field.getName(), value);
      }
    }
    if (!unanswered.isEmpty()) {
      StringBuilder flags = new StringBuilder();
      for (String name : unanswered) {
        flags.append(" --field ").append(name).append("=VALUE");
      }
      throw new Rally.UsageException("The API needs " + String.join(", ", unanswered)
          + " to complete this submission: run again with" + flags + ".");
    }
    return answers;
  }

  /**
   * Asks on the terminal until the answer is usable: not empty and, for a field with options, one
   * of them. Null without a terminal, or when the input ends (Ctrl-D).
   */
  private @Nullable String ask(FormField field) {
    Io.Prompter prompter = rally.io.prompter;
    if (prompter == null) {
      return null;
    }
    List<String> options = field.getOptions();
    String question = (field.getLabel() != null ? field.getLabel() + " (" + field.getName() + ")" : field.getName())
        + (options != null && !options.isEmpty() ? ", one of " + String.join(", ", options) : "");
    while (true) {
      String answer = prompter.ask(question);
      if (answer == null) {
        return null;
      }
      answer = answer.strip();
      if (answer.isEmpty()) {
        rally.io.err.println("The API needs a value (Ctrl-D to stop).");
        continue;
      }
      String value = option(field, answer);
      if (value != null) {
        return value;
      }
      // The server would refuse it with a 400 and the submission would be lost: ask again instead.
      rally.io.err.println("'" + answer + "' is not one of " + String.join(", ", options) + ".");
    }
  }

  /**
   * {@code value} as the API expects it: for a field with options, the option it names whatever its
   * case ({@code environment} is {@code Environment}), or null when it names none; else itself.
   */
  static @Nullable String option(FormField field, String value) {
    List<String> options = field.getOptions();
    if (options == null || options.isEmpty()) {
      return value;
    }
    for (String option : options) {
      if (option.equalsIgnoreCase(value)) {
        return option;
      }
    }
    return null;
  }

  private static String names(List<FormField> fields) {
    List<String> names = new ArrayList<>();
    for (FormField field : fields) {
      names.add(field.getName());
    }
    return String.join(", ", names);
  }
}
