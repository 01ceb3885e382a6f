package io.github.rallycongress.samples;

import io.github.rallycongress.generated.model.Campaign;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "campaigns", mixinStandardHelpOptions = true,
    description = "Every campaign of the account: id, title and action types.")
final class CampaignsCommand implements Callable<Integer> {
  @ParentCommand
  Rally rally;

  @Override
  public Integer call() {
    Listing<Campaign> listing = rally.listing(Campaign.class, Listing.CAMPAIGN_COLUMNS);
    // One page of buffer (not 128 campaigns): a slow reader has one page read ahead, no more.
    rally.client().campaigns().blockingForEach(listing::write, SupportersCommand.API_DEFAULT_PAGE_SIZE);
    listing.end();
    return Rally.OK;
  }
}
