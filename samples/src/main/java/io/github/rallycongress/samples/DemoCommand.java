package io.github.rallycongress.samples;

import io.github.rallycongress.client.ActionRequest;
import io.github.rallycongress.client.ActionResult;
import io.github.rallycongress.client.NotFoundException;
import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.ActionForm;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.FormField;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Starts an embedded sandbox and walks through the API, step by step. No account, no network.")
final class DemoCommand implements Callable<Integer> {
  static final String CAMPAIGN = "17465";
  static final String ZIP = "10001";

  @ParentCommand
  Rally rally;

  @Override
  public Integer call() {
    PrintWriter out = rally.io.out;
    RallySandbox sandbox = rally.startSandbox(RallySandbox.builder());
    RallyCongress client = rally.client(sandbox.baseUrl(), sandbox.accountId(), sandbox.authToken());
    out.println("A sandbox of the Rally Congress API v3 is serving at " + sandbox.baseUrl());
    out.println();

    out.println("1. The account's campaigns: rally.campaigns()");
    Listing<Campaign> campaigns = new Listing<>(rally.io, Rally.Format.table, false, Campaign.class, Listing.CAMPAIGN_COLUMNS);
    client.campaigns().blockingForEach(campaigns::write, SupportersCommand.API_DEFAULT_PAGE_SIZE);
    out.println();

    out.println("2. The letter form of campaign " + CAMPAIGN + " for ZIP code " + ZIP
        + ": rally.actionForm(\"" + CAMPAIGN + "\", LETTER, \"" + ZIP + "\")");
    ActionForm form = client.actionForm(CAMPAIGN, ActionType.LETTER, ZIP).blockingGet();
    ActionCommand.print(out, CAMPAIGN, ActionType.LETTER, form);
    out.println();

    out.println("3. Every supporter, streamed page by page as the subscriber asks: rally.supporters(all, pageSize 100)");
    AtomicLong count = new AtomicLong();
    ProgressBar bar = rally.io.errIsTerminal ? new ProgressBar(rally.io.err, "supporters", rally.io.nanoTime) : null;
    if (bar != null) {
      bar.total(sandbox.supporters());
    }
    rally.showProgress(bar);
    int requestsBefore = sandbox.requestCount();
    long start = rally.io.nanoTime.getAsLong();
    client.supporters(SupporterQuery.all(), PageOptions.builder().pageSize(100).build())
        .blockingForEach(supporter -> {
          count.incrementAndGet();
          if (bar != null) {
            bar.step();
          }
        }, 100);
    rally.showProgress(null);
    if (bar != null) {
      bar.clear(); // the result goes to stdout, which may be elsewhere: leave no bar behind on the terminal
    }
    out.println("   " + SupportersCommand.summary(count.get(), rally.io.nanoTime.getAsLong() - start) + ", in "
        + (sandbox.requestCount() - requestsBefore) + " requests");
    out.println();

    out.println("4. A letter that needs more information: rally.submitAction(...) answers 202");
    ActionRequest request = ActionRequest.builder(CAMPAIGN, ActionType.LETTER)
        .firstName("Ada").lastName("Lovelace").zipCode(ZIP).email("ada@example.org")
        .subject("Keep the Hudson River Clean")
        .message("Please keep the Hudson River clean.").noDelivery().build();
    ActionResult pending = client.submitAction(request).blockingGet();
    out.println("   HTTP " + pending.status() + ", submission " + pending.id() + " needs:");
    Map<String, String> answers = new LinkedHashMap<>();
    for (FormField field : pending.missingFields()) {
      String value = answer(field);
      answers.put(field.getName(), value);
      out.println(TerminalText.escape("     " + field.getName()
          + (field.getLabel() != null ? " (" + field.getLabel() + ")" : "") + " -> " + value));
    }
    ActionResult done = client.completeAction(pending, answers).blockingGet();
    out.println("   rally.completeAction(pending, values): HTTP " + done.status() + ", submission " + done.id()
        + " complete (mode=no_delivery: nothing was delivered)");
    out.println();

    out.println("5. What an error looks like: rally.supporter(\"999\")");
    try {
      client.supporter("999").blockingGet();
      out.println("   (unexpectedly found)");
    } catch (NotFoundException e) {
      out.println("   " + e.getClass().getSimpleName() + " (HTTP " + e.status() + "): "
          + TerminalText.escape(String.valueOf(e.getMessage())));
    }
    out.println();
    // Commands a newcomer can paste as they are (a test runs them as printed).
    out.println("Done. Next, with the rally launcher on your PATH (export PATH=\"$PWD/samples/target:$PATH\""
        + " at the repository root):");
    out.println("  eval \"$(rally sandbox --detach)\"");
    out.println("  rally supporters --state NY --limit 5");
    out.println("  kill \"$RALLY_SANDBOX_PID\"");
    return Rally.OK;
  }

  private static String answer(FormField field) {
    if (field.getOptions() != null && !field.getOptions().isEmpty()) {
      return field.getOptions().get(0);
    }
    switch (field.getName()) {
      case "street": return "350 Fifth Avenue";
      case "phone": return "2125550100";
      case "topic": return "Environment";
      case "email": return "ada@example.org";
      default: return "n/a";
    }
  }
}
