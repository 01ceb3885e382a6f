package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.api.CampaignsApi;
import io.github.rallycongress.generated.api.SupportersApi;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The return types the API template promises: Response where the status or headers carry meaning. */
class GeneratedApiShapeTest {

  @Test
  void operationsWhoseStatusOrHeadersCarryMeaningReturnRetrofitResponses() {
    assertThat(returnType(CampaignsApi.class, "listCampaigns"))
        .isEqualTo("io.reactivex.rxjava3.core.Single<retrofit2.Response<io.github.rallycongress.generated.model.CampaignPage>>");
    assertThat(returnType(CampaignsApi.class, "getCampaign"))
        .isEqualTo("io.reactivex.rxjava3.core.Single<retrofit2.Response<io.github.rallycongress.generated.model.Campaign>>");
    assertThat(returnType(CampaignsApi.class, "getCampaignAction"))
        .isEqualTo("io.reactivex.rxjava3.core.Single<retrofit2.Response<io.github.rallycongress.generated.model.ActionForm>>");
    // 200, 201 and 202 mean different things for an action submission.
    assertThat(returnType(CampaignsApi.class, "submitCampaignAction"))
        .isEqualTo("io.reactivex.rxjava3.core.Single<retrofit2.Response<io.github.rallycongress.generated.model.ActionSubmission>>");
    assertThat(returnType(SupportersApi.class, "listSupporters"))
        .isEqualTo("io.reactivex.rxjava3.core.Single<retrofit2.Response<io.github.rallycongress.generated.model.SupporterPage>>");
    assertThat(returnType(SupportersApi.class, "getSupporter"))
        .isEqualTo("io.reactivex.rxjava3.core.Single<retrofit2.Response<io.github.rallycongress.generated.model.Supporter>>");
    assertThat(returnType(SupportersApi.class, "createSupporter"))
        .isEqualTo("io.reactivex.rxjava3.core.Single<retrofit2.Response<io.github.rallycongress.generated.model.Supporter>>");
  }

  @Test
  void operationWithOneSuccessResponseAndNoHeadersReturnsTheBody() {
    assertThat(returnType(SupportersApi.class, "updateSupporter"))
        .isEqualTo("io.reactivex.rxjava3.core.Single<io.github.rallycongress.generated.model.Supporter>");
  }

  @Test
  void everyPublishedSupporterFilterIsAQueryParameter() {
    Method list = method(SupportersApi.class, "listSupporters");
    String[] queryNames = Arrays.stream(list.getParameters())
        .map(p -> p.getAnnotation(retrofit2.http.Query.class).value())
        .toArray(String[]::new);
    assertThat(queryNames).containsExactly("email", "firstName", "lastName", "customId", "city",
        "updatedSince", "joinDate", "state", "optinStatus", "zipCode", "congressDistrict", "page", "pagesize");
  }

  private static String returnType(Class<?> api, String name) {
    return method(api, name).getGenericReturnType().getTypeName();
  }

  private static Method method(Class<?> api, String name) {
    return Arrays.stream(api.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }
}
