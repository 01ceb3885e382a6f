package io.github.rallycongress.samples;

import io.github.rallycongress.generated.model.Campaign;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "campaign", mixinStandardHelpOptions = true, description = "One campaign by its id.")
final class CampaignCommand implements Callable<Integer> {
  @ParentCommand
  Rally rally;

  @Parameters(index = "0", paramLabel = "ID", description = "The campaign id, such as 17465.")
  String id;

  @Override
  public Integer call() {
    Rally.requireId("ID", id);
    Listing<Campaign> listing = rally.listing(Campaign.class, Listing.CAMPAIGN_COLUMNS);
    Campaign campaign = rally.client().campaign(id).blockingGet();
    listing.write(campaign);
    if (rally.format == Rally.Format.table && campaign.getText() != null) {
      rally.io.out.println();
      rally.io.out.println(TerminalText.escapeKeepingLines(campaign.getText()));
    }
    return Rally.OK;
  }
}
