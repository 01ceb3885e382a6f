package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.github.rallycongress.generated.api.CampaignsApi;
import io.github.rallycongress.generated.api.SupportersApi;
import io.github.rallycongress.generated.model.EmailOptin;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
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
  void everyPublishedSupporterFilterIsAQueryParameterOfTheRequestObject() {
    SupportersApi.ListSupportersRequest request = SupportersApi.ListSupportersRequest.builder()
        .email("e").firstName("f").lastName("l").customId("c").city("y")
        .updatedSince(OffsetDateTime.parse("2026-03-14T15:00:00Z")).joinDate("2026-01-01").state("NY")
        .optinStatus(EmailOptin.YES).zipCode("12207").congressDistrict("NY20").page(0).pagesize(50).build();

    assertThat(request.keySet()).containsExactly("email", "firstName", "lastName", "customId", "city",
        "updatedSince", "joinDate", "state", "optinStatus", "zipCode", "congressDistrict", "page", "pagesize");
    assertThat(request).containsEntry("updatedSince", "2026-03-14T15:00:00Z").containsEntry("optinStatus", "yes");
    assertThat(method(SupportersApi.class, "listSupporters").getParameters()).singleElement()
        .satisfies(p -> assertThat(p.getAnnotation(retrofit2.http.QueryMap.class)).isNotNull());
  }

  /** The template's rule: four or more optional query or form parameters become one request object. */
  @Test
  void operationsWithManyOptionalParametersTakeOneRequestObject() {
    Map<String, String> requestTypes = new TreeMap<>();
    for (Class<?> api : List.of(CampaignsApi.class, SupportersApi.class)) {
      for (Method method : api.getMethods()) {
        int optionalPositional = 0;
        for (Parameter parameter : method.getParameters()) {
          boolean queryOrForm = parameter.isAnnotationPresent(retrofit2.http.Query.class)
              || parameter.isAnnotationPresent(retrofit2.http.Field.class);
          if (queryOrForm && parameter.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
            optionalPositional++;
          }
          if (parameter.isAnnotationPresent(retrofit2.http.QueryMap.class)
              || parameter.isAnnotationPresent(retrofit2.http.FieldMap.class)) {
            requestTypes.put(method.getName(), parameter.getType().getName());
          }
        }
        assertThat(optionalPositional).as("optional positional parameters of %s", method.getName()).isLessThan(4);
      }
    }
    assertThat(requestTypes).containsOnly(
        entry("createSupporter", SupportersApi.class.getName() + "$CreateSupporterRequest"),
        entry("listSupporters", SupportersApi.class.getName() + "$ListSupportersRequest"),
        entry("submitCampaignAction", CampaignsApi.class.getName() + "$SubmitCampaignActionRequest"),
        entry("updateSupporter", SupportersApi.class.getName() + "$UpdateSupporterRequest"));
  }

  /**
   * UTF-8 cannot carry half a surrogate pair: OkHttp would send '?' in its place. A request object
   * refuses it where it is set, whatever Retrofit sends it (a whole pair, an emoji, goes as it is).
   */
  @Test
  void aRequestObjectRefusesTextWithAnUnpairedSurrogateWhereItIsSet() {
    assertThatThrownBy(() -> SupportersApi.UpdateSupporterRequest.builder().firstname("Zo\uD800e"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("firstname holds an unpaired surrogate (U+D800) at index 2, which UTF-8 cannot carry: it would be"
            + " sent as '?'.");
    assertThat(SupportersApi.UpdateSupporterRequest.builder().firstname("Zo\uD83D\uDE00").build())
        .containsEntry("firstname", "Zo\uD83D\uDE00");
  }

  @Test
  void aRequestObjectSendsOnlyWhatIsSetAndChecksWhatTheApiRequires() {
    assertThat(SupportersApi.UpdateSupporterRequest.builder().phone("518-555-0123").build())
        .containsExactly(entry("phone", "518-555-0123"))
        .hasToString("UpdateSupporterRequest[phone]");
    assertThat(SupportersApi.ListSupportersRequest.builder().build()).isEmpty();
    assertThatThrownBy(() -> CampaignsApi.SubmitCampaignActionRequest.builder().firstname("Maria").zipcode("12207").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("submitCampaignAction needs lastname: set it with lastname(...).");
    assertThatThrownBy(() -> SupportersApi.UpdateSupporterRequest.builder().email(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("email == null");
    assertThatThrownBy(() -> SupportersApi.UpdateSupporterRequest.builder().build().put("email", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static String returnType(Class<?> api, String name) {
    return method(api, name).getGenericReturnType().getTypeName();
  }

  private static Method method(Class<?> api, String name) {
    return Arrays.stream(api.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }
}
