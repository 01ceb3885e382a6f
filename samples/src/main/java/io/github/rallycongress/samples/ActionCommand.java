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
    ActionForm form = rally.client().actionForm(id, type, zip).blockingGet();
    if (rally.format == Rally.Format.json) {
      rally.io.out.println(GeneratedJson.moshi().adapter(ActionForm.class).toJson(form));
    } else {
      print(rally.io.out, form);
    }
    return Rally.OK;
  }

  /** The form as a person reads it; shared with {@code rally demo}. */
  static void print(PrintWriter out, ActionForm form) {
    out.println((form.getTitle() != null ? form.getTitle() : form.getActionType())
        + " (campaign " + form.getCampaignId() + ", " + form.getActionType() + ")");
    out.println("Fields:");
    for (FormField field : form.getFields()) {
      out.println("  " + field.getName() + (Boolean.TRUE.equals(field.getIsRequired()) ? " (required)" : "")
          + ", " + field.getType() + (field.getLabel() != null ? ": " + field.getLabel() : ""));
    }
    if (form.getSampleLetters() != null && !form.getSampleLetters().isEmpty()) {
      out.println("Sample letters:");
      for (SampleLetter letter : form.getSampleLetters()) {
        out.println("  Subject: " + (letter.getSubject() != null ? letter.getSubject() : "(none)"));
        out.println("  " + letter.getMessage().replace("\n", "\n  "));
      }
    }
    if (form.getTargets() != null) {
      out.println("Targets" + (form.getZipcode() != null ? " for " + form.getZipcode() : "") + ":");
      for (Target target : form.getTargets()) {
        out.println("  " + (target.getTitle() != null ? target.getTitle() + " " : "") + target.getName()
            + (target.getParty() != null ? " (" + target.getParty() + ")" : "")
            + (target.getDistrict() != null ? ", " + target.getDistrict()
                : target.getState() != null ? ", " + target.getState() : ""));
      }
    }
  }
}
