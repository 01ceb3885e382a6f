package io.github.rallycongress.client;

import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignPage;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How to read the paging envelope and the items of one generated page type. The generator flattens
 * {@code allOf: [Page, …]} into each list model, so the page types share the envelope's properties
 * but no Java supertype: each shape names the getters.
 */
final class PageShape<P, T> {
  static final PageShape<CampaignPage, Campaign> CAMPAIGNS = new PageShape<>(CampaignPage::getCampaigns,
      CampaignPage::getNextpageuri, CampaignPage::getPage, CampaignPage::getPagesize, CampaignPage::getTotalResults,
      CampaignPage::getUri, CampaignPage::getFirstpageuri, CampaignPage::getPreviouspageuri);

  static final PageShape<SupporterPage, Supporter> SUPPORTERS = new PageShape<>(SupporterPage::getSupporters,
      SupporterPage::getNextpageuri, SupporterPage::getPage, SupporterPage::getPagesize, SupporterPage::getTotalResults,
      SupporterPage::getUri, SupporterPage::getFirstpageuri, SupporterPage::getPreviouspageuri);

  private final Function<P, @Nullable List<T>> items;
  private final Function<P, @Nullable String> nextUri;
  private final Function<P, @Nullable Integer> pageNumber;
  private final Function<P, @Nullable Integer> pageSize;
  private final Function<P, @Nullable Integer> totalResults;
  private final List<Function<P, @Nullable String>> earlierPageUris;

  private PageShape(Function<P, @Nullable List<T>> items, Function<P, @Nullable String> nextUri,
      Function<P, @Nullable Integer> pageNumber, Function<P, @Nullable Integer> pageSize,
      Function<P, @Nullable Integer> totalResults, Function<P, @Nullable String> uri,
      Function<P, @Nullable String> firstUri, Function<P, @Nullable String> previousUri) {
    this.items = items;
    this.nextUri = nextUri;
    this.pageNumber = pageNumber;
    this.pageSize = pageSize;
    this.totalResults = totalResults;
    this.earlierPageUris = java.util.Arrays.asList(uri, firstUri, previousUri);
  }

  /** The page's items (the spec requires the array, so a decoded page has it); empty if absent. */
  List<T> items(P page) {
    List<T> list = items.apply(page);
    return list != null ? list : Collections.<T>emptyList();
  }

  @Nullable String nextUri(P page) {
    return nextUri.apply(page);
  }

  @Nullable Integer pageNumber(P page) {
    return pageNumber.apply(page);
  }

  @Nullable Integer pageSize(P page) {
    return pageSize.apply(page);
  }

  /**
   * The URIs by which the page names itself and pages before it ({@code uri}, {@code firstpageuri},
   * {@code previouspageuri}); a next link to any of them goes back.
   */
  List<@Nullable String> earlierPageUris(P page) {
    List<@Nullable String> uris = new java.util.ArrayList<>(earlierPageUris.size());
    for (Function<P, @Nullable String> uri : earlierPageUris) {
      uris.add(uri.apply(page));
    }
    return uris;
  }

  @Nullable Integer totalResults(P page) {
    return totalResults.apply(page);
  }
}
