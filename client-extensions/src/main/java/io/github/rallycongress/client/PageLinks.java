package io.github.rallycongress.client;

import io.github.rallycongress.generated.model.CampaignPage;
import io.github.rallycongress.generated.model.SupporterPage;
import io.reactivex.rxjava3.core.Single;
import okhttp3.HttpUrl;
import retrofit2.Response;
import retrofit2.http.GET;
import retrofit2.http.Url;

/**
 * Follows a page's {@code nextpageuri} as it is, filters and page size included. Generation gives
 * methods with parameters; a link given by the server needs a method that takes a URL.
 */
interface PageLinks {
  @GET
  Single<Response<CampaignPage>> campaignPage(@Url HttpUrl url);

  @GET
  Single<Response<SupporterPage>> supporterPage(@Url HttpUrl url);
}
