package io.github.rallycongress.samples;

import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.ActionForm;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.FormField;
import io.github.rallycongress.generated.model.SampleLetter;
import io.github.rallycongress.generated.model.Target;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "action", mixinStandardHelpOptions = true,
    description = "The form of a campaign action: its fields, sample letters and targets (for a ZIP code).")
final class ActionCommand implements Callable<Integer> {
  @ParentCommand
  Rally rally;

  @Parameters(index = "0", paramLabel = "ID", description = "The campaign id, such as 17465.")
  String id;

  @Parameters(index = "1", paramLabel = "TYPE", description = "letter, phone, petition, twitter or facebook.")
  ActionType type;

  @Option(names = "--zip", paramLabel = "ZIP", description = "A ZIP code, to list its targets.")
  @Nullable String zip;

  @Override
  public Integer call() {
    Rally.requireId("ID", id);
    if (zip != null) {
      SupportersCommand.matching("--zip", zip, "[0-9]{5}(-?[0-9]{4})?", "five digits such as 12207, or nine (12207-1234)");
    }
    if (rally.format == Rally.Format.csv) {
      throw new Rally.UsageException("An action form is not a list: use --format table or json.");
    }
    ActionForm form = rally.client().actionForm(id, type, zip).blockingGet();
    if (rally.format == Rally.Format.json) {
      rally.io.out.println(Listing.escapeJson(GeneratedJson.moshi().adapter(ActionForm.class).toJson(form)));
    } else {
      print(rally.io.out, id, type, form);
    }
    return Rally.OK;
  }

  /**
   * The form as a person reads it; shared with {@code rally demo}. Every text is the server's, so
   * each line is escaped ({@link TerminalText}); only a sample letter keeps its line breaks. The
   * campaign and action are the ones asked for: the spec does not promise that a form repeats them.
   */
  static void print(PrintWriter out, String campaignId, ActionType actionType, ActionForm form) {
    line(out, (form.getTitle() != null ? form.getTitle() : actionType)
        + " (campaign " + campaignId + ", " + actionType + ")");
    out.println("Fields:");
    for (FormField field : form.getFields()) {
      line(out, "  " + field.getName() + (Boolean.TRUE.equals(field.getIsRequired()) ? " (required)" : "")
          + ", " + field.getType() + (field.getLabel() != null ? ": " + field.getLabel() : ""));
    }
    if (form.getSampleLetters() != null && !form.getSampleLetters().isEmpty()) {
      out.println("Sample letters:");
      for (SampleLetter letter : form.getSampleLetters()) {
        line(out, "  Subject: " + (letter.getSubject() != null ? letter.getSubject() : "(none)"));
        out.println("  " + (letter.getMessage() != null
            ? TerminalText.escapeKeepingLines(letter.getMessage()).replace("\n", "\n  ") : "(no text)"));
      }
    }
    if (form.getTargets() != null) {
      line(out, "Targets" + (form.getZipcode() != null ? " for " + form.getZipcode() : "") + ":");
      for (Target target : form.getTargets()) {
        // Every property of a target is optional in the spec: a nameless one is shown by its id.
        String name = target.getName() != null ? target.getName()
            : target.getId() != null ? "target " + target.getId() : "(unnamed target)";
        line(out, "  " + (target.getTitle() != null ? target.getTitle() + " " : "") + name
            + (target.getParty() != null ? " (" + target.getParty() + ")" : "")
            + (target.getDistrict() != null ? ", " + target.getDistrict()
                : target.getState() != null ? ", " + target.getState() : ""));
      }
    }
  }

  private static void line(PrintWriter out, String text) {
    out.println(TerminalText.escape(text));
  }
}
