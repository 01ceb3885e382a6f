package io.github.rallycongress.client;

import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignPage;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How to read the paging envelope and the items of one generated page type. The generator flattens
 * {@code allOf: [Page, …]} into each list model, so the page types share the envelope's properties
 * but no Java supertype.
 */
abstract class PageShape<P, T> {
  static final PageShape<CampaignPage, Campaign> CAMPAIGNS = new PageShape<CampaignPage, Campaign>() {
    @Override
    List<Campaign> items(CampaignPage page) {
      List<Campaign> items = page.getCampaigns();
      return items != null ? items : Collections.<Campaign>emptyList();
    }

    @Override
    @Nullable String nextUri(CampaignPage page) {
      return page.getNextpageuri();
    }

    @Override
    @Nullable Integer pageNumber(CampaignPage page) {
      return page.getPage();
    }

    @Override
    @Nullable Integer pageSize(CampaignPage page) {
      return page.getPagesize();
    }

    @Override
    @Nullable Integer totalResults(CampaignPage page) {
      return page.getTotalResults();
    }
  };

  static final PageShape<SupporterPage, Supporter> SUPPORTERS = new PageShape<SupporterPage, Supporter>() {
    @Override
    List<Supporter> items(SupporterPage page) {
      List<Supporter> items = page.getSupporters();
      return items != null ? items : Collections.<Supporter>emptyList();
    }

    @Override
    @Nullable String nextUri(SupporterPage page) {
      return page.getNextpageuri();
    }

    @Override
    @Nullable Integer pageNumber(SupporterPage page) {
      return page.getPage();
    }

    @Override
    @Nullable Integer pageSize(SupporterPage page) {
      return page.getPagesize();
    }

    @Override
    @Nullable Integer totalResults(SupporterPage page) {
      return page.getTotalResults();
    }
  };

  abstract List<T> items(P page);

  abstract @Nullable String nextUri(P page);

  abstract @Nullable Integer pageNumber(P page);

  abstract @Nullable Integer pageSize(P page);

  abstract @Nullable Integer totalResults(P page);
}
