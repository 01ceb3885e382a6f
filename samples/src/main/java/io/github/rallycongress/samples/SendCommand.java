package io.github.rallycongress.samples;

import static java.util.Objects.requireNonNullElse;

import io.github.rallycongress.client.ActionRequest;
import io.github.rallycongress.client.ActionResult;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.FormField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    Rally.requireId("ID", id);
    ActionRequest.Builder request = ActionRequest.builder(id, type)
        .firstName(given("--firstname", firstName)).lastName(given("--lastname", lastName))
        .zipCode(SupportersCommand.matching("--zip", zip, "[0-9]{5}(-?[0-9]{4})?",
            "five digits such as 12207, or nine (12207-1234)"));
    if (email != null) {
      request.email(given("--email", email));
    }
    if (subject != null) {
      request.subject(given("--subject", subject));
    }
    if (message != null) {
      request.message(given("--message", message));
    }
    if (noDelivery) {
      request.noDelivery();
    }
    fields.forEach((name, value) -> given("--field " + name + "=", value));
    RallyCongress client = rally.client();
    ActionResult result = client.submitAction(request.build()).blockingGet();
    Set<String> sent = new HashSet<>();
    // A 202 names what is missing; the completion may be answered 202 again (the API needs yet
    // another field): only a 200 or 201 is a submission made.
    while (result.needsMoreInformation()) {
      if (result.missingFields().isEmpty()) {
        // Nothing to answer: sending the same again would be answered the same, without end.
        throw new IllegalStateException(TerminalText.escape("The API answered HTTP 202 (more information needed) for"
            + " submission " + result.id() + " without naming a field it needs, so there is nothing to send; the"
            + " submission is not complete, and may not be delivered."));
      }
      rally.io.err.println(TerminalText.escape("The API needs more information (HTTP 202) for submission "
          + result.id() + ": " + names(result.missingFields()) + "."));
      Map<String, String> answers = answers(result, sent);
      sent.addAll(answers.keySet());
      result = client.completeAction(result, answers).blockingGet();
    }
    // The docs promise a submission id only on a 202: a 200 or 201 may come without one.
    String submitted = TerminalText.escape("Submitted " + type.getValue() + " to campaign " + id + ": "
        + (result.id() != null ? "submission " + result.id() + ", " : "") + "HTTP " + result.status()
        + (noDelivery ? " (no delivery)" : ""));
    rally.io.out.println(submitted);
    try {
      rally.io.checkOut();
    } catch (Io.OutputException e) {
      // The submission is made: said nowhere, it would look failed, and be sent again.
      rally.io.err.println(submitted + " (stdout could not be written; do not send it again)");
      throw e;
    }
    return Rally.OK;
  }

  /** {@code value}, refused when empty: an empty required value is never worth a request. */
  private static String given(String option, String value) {
    if (value.isBlank()) {
      throw new Rally.UsageException(option + " must not be empty.");
    }
    return value;
  }

  /**
   * The values for {@code pending}'s missing fields: from {@code --field} the first time a field is
   * asked for, else from the terminal. Without a terminal, names what is still missing (exit code 2).
   */
  private Map<String, String> answers(ActionResult pending, Set<String> sent) {
    List<FormField> missing = pending.missingFields();
    Map<String, String> answers = new LinkedHashMap<>();
    List<String> unanswered = new ArrayList<>();
    for (FormField field : missing) {
      // A value already sent and asked for again was not accepted: ask rather than send it again.
      String given = sent.contains(field.getName()) ? null : fields.get(field.getName());
      // A --field value that names no option goes as given: the server's 400 says what it accepts.
      String value = given != null ? requireNonNullElse(option(field, given), given) : ask(field, pending);
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
      throw new Rally.UsageException("The API " + (sent.isEmpty() ? "needs " : "still needs ")
          + String.join(", ", unanswered) + " to complete this submission (" + pending.id()
          + ", not delivered): run again with" + flags + ".");
    }
    return answers;
  }

  /**
   * Asks on the terminal until the answer is usable: not empty and, for a field with options, one
   * of them. Null without a terminal.
   *
   * @throws Rally.CancelledException when the input ends (Ctrl-D): the submission stops there
   */
  private @Nullable String ask(FormField field, ActionResult pending) {
    Io.Prompter prompter = rally.io.prompter;
    if (prompter == null) {
      return null;
    }
    List<String> options = field.getOptions();
    String question = TerminalText.escape(
        (field.getLabel() != null ? field.getLabel() + " (" + field.getName() + ")" : field.getName())
            + (options != null && !options.isEmpty() ? ", one of " + String.join(", ", options) : ""));
    while (true) {
      String answer = prompter.ask(question);
      if (answer == null) {
        throw new Rally.CancelledException("Stopped (Ctrl-D): submission " + pending.id()
            + " was not completed and nothing more was sent.");
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
      rally.io.err.println(TerminalText.escape("'" + answer + "' is not one of " + String.join(", ", options) + "."));
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
