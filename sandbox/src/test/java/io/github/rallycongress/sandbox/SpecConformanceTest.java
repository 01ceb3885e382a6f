package io.github.rallycongress.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.api.CampaignsApi;
import io.github.rallycongress.generated.api.CampaignsApi.SubmitCampaignActionRequest;
import io.github.rallycongress.generated.api.SupportersApi;
import io.github.rallycongress.generated.api.SupportersApi.CreateSupporterRequest;
import io.github.rallycongress.generated.api.SupportersApi.ListSupportersRequest;
import io.github.rallycongress.generated.api.SupportersApi.UpdateSupporterRequest;
import io.github.rallycongress.generated.model.ActionForm;
import io.github.rallycongress.generated.model.ActionSubmission;
import io.github.rallycongress.generated.model.ActionMode;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignAction;
import io.github.rallycongress.generated.model.CampaignPage;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.ErrorResponse;
import io.github.rallycongress.generated.model.FormField;
import io.github.rallycongress.generated.model.Phone;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import io.github.rallycongress.generated.model.Target;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import retrofit2.HttpException;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.adapter.rxjava3.RxJava3CallAdapterFactory;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * The proof: a realistic workload through the generated Retrofit interfaces, with every request
 * and every response checked against the spec by {@link SpecValidator}. After each test every
 * exchange must be valid on both sides, except the ones a test deliberately makes invalid, which
 * it checks and takes out itself; after the class, every operation and every error status must
 * have been seen.
 */
class SpecConformanceTest {
  static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");

  @RegisterExtension
  static final RallySandboxExtension SANDBOX = RallySandboxExtension.perTest(
      RallySandbox.builder().seed(42).clock(Clock.fixed(NOW, ZoneOffset.UTC)));

  /** "operationId status" of every valid exchange of the whole class. */
  static final Set<String> COVERED = Collections.synchronizedSet(new TreeSet<>());

  SpecValidator validator;
  OkHttpClient http;
  CampaignsApi campaigns;
  SupportersApi supporters;

  String baseUrl;

  @BeforeEach
  void connect(RallySandbox sandbox) {
    baseUrl = sandbox.baseUrl();
    validator = new SpecValidator();
    http = client(sandbox.accountId(), sandbox.authToken());
    Retrofit retrofit = retrofit(sandbox, http);
    campaigns = retrofit.create(CampaignsApi.class);
    supporters = retrofit.create(SupportersApi.class);
  }

  OkHttpClient client(String accountId, String authToken) {
    String authorization = Credentials.basic(accountId, authToken);
    return new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("Authorization", authorization).build()))
        .addInterceptor(validator)
        .callTimeout(30, TimeUnit.SECONDS)
        .build();
  }

  static Retrofit retrofit(RallySandbox sandbox, OkHttpClient http) {
    return new Retrofit.Builder()
        .baseUrl(sandbox.baseUrl())
        .client(http)
        .addConverterFactory(MoshiConverterFactory.create(GeneratedJson.moshi()))
        .addCallAdapterFactory(RxJava3CallAdapterFactory.create())
        .build();
  }

  @AfterEach
  void everyExchangeWasValid() {
    assertThat(validator.invalid()).isEmpty();
    for (SpecValidator.Exchange exchange : validator.exchanges) {
      COVERED.add(operation(exchange) + " " + exchange.status());
    }
  }

  @AfterAll
  static void everyOperationAndErrorWasCovered() {
    assertThat(COVERED).contains(
        "listCampaigns 200", "getCampaign 200", "getCampaignAction 200",
        "submitCampaignAction 201", "submitCampaignAction 202", "submitCampaignAction 200",
        "listSupporters 200", "getSupporter 200", "createSupporter 201", "updateSupporter 200",
        "listSupporters 400", "submitCampaignAction 400", "createSupporter 400",
        "listCampaigns 401", "getCampaign 404", "getSupporter 404", "updateSupporter 404",
        "listCampaigns 429", "listCampaigns 500", "submitCampaignAction 500");
    assertThat(COVERED).anyMatch(c -> c.endsWith(" 503"));
  }

  static String operation(SpecValidator.Exchange exchange) {
    String path = exchange.pathAndQuery().replaceFirst("\\?.*", "");
    String get = exchange.method().equals("GET") ? "get" : "post";
    if (path.matches("/v3/campaigns")) return get.equals("get") ? "listCampaigns" : "POST /campaigns";
    if (path.matches("/v3/campaigns/[^/]+")) return "getCampaign";
    if (path.matches("/v3/campaigns/[^/]+/[^/]+")) return get.equals("get") ? "getCampaignAction" : "submitCampaignAction";
    if (path.matches("/v3/supporters")) return get.equals("get") ? "listSupporters" : "createSupporter";
    if (path.matches("/v3/supporters/[^/]+")) return get.equals("get") ? "getSupporter" : "updateSupporter";
    return exchange.method() + " " + path;
  }

  /** Takes the last exchange out of the all-valid check, for a test that sent a bad request on purpose. */
  SpecValidator.Exchange takeLast() {
    return validator.exchanges.remove(validator.exchanges.size() - 1);
  }

  static List<String> errors(Response<?> response) throws IOException {
    JsonAdapter<ErrorResponse> adapter = GeneratedJson.moshi().adapter(ErrorResponse.class);
    return adapter.fromJson(response.errorBody().string()).getResponse().getErrors();
  }

  // ------------------------------------------------------------------ campaigns

  @Test
  void campaignListPagesToTheLastPageWithTheExactEnvelope() {
    CampaignPage first = campaigns.listCampaigns(null, 4).blockingGet().body();
    assertThat(first.getUri()).isEqualTo("/v3/campaigns?page=0&pagesize=4");
    assertThat(first.getFirstpageuri()).isEqualTo("/v3/campaigns?page=0&pagesize=4");
    assertThat(first.getNextpageuri()).isEqualTo("/v3/campaigns?page=1&pagesize=4");
    assertThat(first.getPreviouspageuri()).isNull();
    assertThat(first.getPage()).isEqualTo(0);
    assertThat(first.getPagesize()).isEqualTo(4);
    assertThat(first.getTotalResults()).isEqualTo(6);
    assertThat(first.getCampaigns()).extracting(Campaign::getId).containsExactly("17465", "17502", "17531", "17588");

    CampaignPage last = campaigns.listCampaigns(1, 4).blockingGet().body();
    assertThat(last.getUri()).isEqualTo("/v3/campaigns?page=1&pagesize=4");
    assertThat(last.getNextpageuri()).isNull();
    assertThat(last.getPreviouspageuri()).isEqualTo("/v3/campaigns?page=0&pagesize=4");
    assertThat(last.getCampaigns()).extracting(Campaign::getId).containsExactly("17604", "17650");
    // Null, not missing, as the spec's examples show it.
    assertThat(validator.exchanges.get(1).responseBody()).contains("\"nextpageuri\":null");

    CampaignPage all = campaigns.listCampaigns(null, null).blockingGet().body();
    assertThat(all.getUri()).isEqualTo("/v3/campaigns?page=0&pagesize=50");
    assertThat(all.getCampaigns()).hasSize(6);
  }

  @Test
  void everyCampaignAndEveryActionFormIsServedAndTogetherTheyCoverEveryActionType() {
    Set<ActionType> seen = new HashSet<>();
    for (Campaign listed : campaigns.listCampaigns(null, null).blockingGet().body().getCampaigns()) {
      Campaign campaign = campaigns.getCampaign(listed.getId()).blockingGet().body();
      assertThat(campaign).isEqualTo(listed);
      assertThat(campaign.getDisplaySettings().getThankYouMessage()).startsWith("Thank you");
      for (CampaignAction action : campaign.getActions()) {
        seen.add(action.getType());
        assertThat(action.getUri()).isEqualTo("/v3/campaigns/" + campaign.getId() + "/" + action.getType().getValue());
        ActionForm form = campaigns.getCampaignAction(campaign.getId(), action.getType(), null).blockingGet().body();
        assertThat(form.getCampaignId()).isEqualTo(campaign.getId());
        assertThat(form.getActionType()).isEqualTo(action.getType());
        assertThat(form.getTitle()).isEqualTo(action.getTitle());
        assertThat(form.getFields()).extracting(FormField::getName)
            .startsWith("prefix", "firstname", "lastname", "street", "city", "state", "zipcode", "email");
        assertThat(form.getFields()).allSatisfy(f -> {
          assertThat(f.getLabel()).isNotBlank();
          assertThat(f.getType()).isNotBlank();
          assertThat(f.getIsRequired()).isNotNull();
        });
        assertThat(form.getTargets()).extracting(Target::getTitle).containsExactly("Senator", "Senator");
        assertThat(form.getCity()).isNull();
        if (ActionType.PETITION.equals(action.getType())) {
          assertThat(form.getSampleLetters()).isEmpty();
        } else {
          assertThat(form.getSampleLetters()).isNotEmpty().allSatisfy(l -> assertThat(l.getMessage()).isNotBlank());
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(
        ActionType.LETTER, ActionType.TWITTER, ActionType.PHONE, ActionType.PETITION, ActionType.FACEBOOK);
  }

  @Test
  void actionFormForAZipCodeGivesItsCityStateAndEveryTarget() {
    ActionForm form = campaigns.getCampaignAction("17465", ActionType.LETTER, "10001").blockingGet().body();
    assertThat(form.getCity()).isEqualTo("New York");
    assertThat(form.getState()).isEqualTo("NY");
    assertThat(form.getZipcode()).isEqualTo("10001");
    assertThat(form.getTargets()).extracting(Target::getDistrict).containsExactly(null, null, "NY12", "NY10");
    assertThat(form.getTargets().get(0).getName()).isEqualTo("Alex Rivera");
    assertThat(form.getTargets()).extracting(Target::getChamber).containsExactly("senate", "senate", "house", "house");
    assertThat(validator.exchanges.get(0).responseBody()).contains("\"district\":null");

    ActionForm zipPlusFour = campaigns.getCampaignAction("17465", ActionType.LETTER, "12207-1021").blockingGet().body();
    assertThat(zipPlusFour.getTargets()).extracting(Target::getName).containsExactly(
        "Alex Rivera", Geography.senators("NY").get(1).name, "Dana Whitfield");
  }

  // ------------------------------------------------------------------ action submission

  Response<ActionSubmission> letter(String zipcode, String id, String street, String phone, String topic, String mode) {
    SubmitCampaignActionRequest.Builder form = SubmitCampaignActionRequest.builder()
        .firstname("Maria").lastname("Gonzalez").zipcode(zipcode).prefix("Ms.").email("maria.gonzalez@example.org")
        .subject("Fund the Hudson River cleanup").message("As your constituent, I ask you to support full funding.");
    if (id != null) {
      form.id(id);
    }
    if (street != null) {
      form.street(street);
    }
    if (phone != null) {
      form.phone(phone);
    }
    if (topic != null) {
      form.topic(topic);
    }
    if (mode != null) {
      form.mode(ActionMode.fromValue(mode));
    }
    return campaigns.submitCampaignAction("17465", ActionType.LETTER, form.build()).blockingGet();
  }

  @Test
  void zipCodeSpanningTwoDistrictsAnswers202ForTheStreetAndTheFollowUpCompletesWith200() {
    Response<ActionSubmission> accepted = letter("10001", null, null, null, null, null);
    assertThat(accepted.code()).isEqualTo(202);
    ActionSubmission pending = accepted.body();
    assertThat(pending.getId()).matches("[0-9a-f]{10}");
    assertThat(pending.getMissingFields()).extracting(FormField::getName).containsExactly("street", "topic");
    assertThat(pending.getMissingFields().get(1).getOptions())
        .containsExactly("Environment", "Energy", "Transportation", "Health care", "Education");
    assertThat(pending.getMessages()).containsExactly(
        "This ZIP code spans more than one congressional district (NY12, NY10); a street address is needed to find your representative.",
        "The office of Senator Alex Rivera requires a topic.");
    assertThat(pending.getTargets()).isNull();

    Response<ActionSubmission> done = letter("10001", pending.getId(), "350 Fifth Avenue", null, "Environment", null);
    assertThat(done.code()).isEqualTo(200);
    assertThat(done.body().getId()).isEqualTo(pending.getId());
    assertThat(done.body().getMissingFields()).isNull();
    assertThat(done.body().getMessages()).containsExactly("Your message has been queued for delivery to 3 offices.");
    String district = Geography.district(Geography.zip("10001"), "350 Fifth Avenue");
    assertThat(done.body().getTargets()).extracting(Target::getDistrict).containsExactly(null, null, district);

    // Completed: the id no longer names a pending submission.
    Response<ActionSubmission> again = letter("10001", pending.getId(), "350 Fifth Avenue", null, "Environment", null);
    assertThat(again.code()).isEqualTo(400);
  }

  @Test
  void officeThatRequiresAPhoneAnswers202AndTheFollowUpCompletesWith200() throws IOException {
    Response<ActionSubmission> accepted = letter("12207", null, null, null, "Energy", null);
    assertThat(accepted.code()).isEqualTo(202);
    assertThat(accepted.body().getMissingFields()).extracting(FormField::getName, FormField::getType, FormField::getIsRequired)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("phone", "tel", true));
    assertThat(accepted.body().getMessages()).containsExactly("The office of Representative Dana Whitfield requires a phone number.");

    Response<ActionSubmission> done = letter("12207", accepted.body().getId(), null, "518-555-0147", null, null);
    assertThat(done.code()).isEqualTo(200);
    assertThat(done.body().getTargets()).extracting(Target::getId).containsExactly(
        "S000101", Geography.senators("NY").get(1).id, "H000220");
  }

  @Test
  void completeSubmissionAnswers201WithLocationAndNoDeliveryDeliversNothing() {
    Response<ActionSubmission> created = letter("12207", null, "45 Eagle Street", "518-555-0147", "Environment", null);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.headers().get("Location"))
        .isEqualTo("/v3/campaigns/17465/letter/submissions/" + created.body().getId());
    assertThat(created.body().getMessages()).containsExactly("Your message has been queued for delivery to 3 offices.");

    Response<ActionSubmission> test = letter("12207", null, "45 Eagle Street", "518-555-0147", "Environment", "no_delivery");
    assertThat(test.code()).isEqualTo(201);
    assertThat(test.body().getId()).isNotEqualTo(created.body().getId());
    assertThat(test.body().getMessages()).containsExactly(
        "Test submission (mode=no_delivery): the letter action was checked and nothing was delivered.");

    Response<ActionSubmission> petition = campaigns.submitCampaignAction("17502", ActionType.PETITION,
        SubmitCampaignActionRequest.builder().firstname("James").lastname("Okafor").zipcode("12210")
            .email("james.okafor@example.org").mode(ActionMode.NO_DELIVERY).build()).blockingGet();
    assertThat(petition.code()).isEqualTo(201);
    assertThat(petition.body().getTargets()).isNull();
    assertThat(petition.body().getMessages()).containsExactly(
        "Test submission (mode=no_delivery): the signature was checked and not added.");
  }

  /** The follow-up sends only what was missing: the test mode of the first POST holds for the whole submission. */
  @Test
  void aTestSubmissionCompletedByItsFollowUpDeliversNothing() {
    Response<ActionSubmission> accepted = letter("12207", null, null, null, "Energy", "no_delivery");
    assertThat(accepted.code()).isEqualTo(202);

    Response<ActionSubmission> done = letter("12207", accepted.body().getId(), null, "518-555-0147", null, null);

    assertThat(done.code()).isEqualTo(200);
    assertThat(done.body().getMessages()).containsExactly(
        "Test submission (mode=no_delivery): the letter action was checked and nothing was delivered.");
  }

  @Test
  void everyActionTypeCanBeTaken() {
    assertThat(submit("17588", ActionType.PHONE, "518-555-0147", null).code()).isEqualTo(201);
    assertThat(submit("17588", ActionType.TWITTER, null, "Protect our wetlands!").body().getMessages())
        .containsExactly("Your tweet to 3 lawmakers has been queued.");
    assertThat(submit("17588", ActionType.FACEBOOK, null, "Protect our wetlands!").body().getMessages())
        .containsExactly("Your post to 3 lawmakers has been queued.");
    assertThat(submit("17588", ActionType.PETITION, null, null).body().getMessages())
        .containsExactly("Your signature has been added to the petition.");
    assertThat(submit("17588", ActionType.PHONE, "305-555-0100", null).body().getTargets()).hasSize(3);
  }

  Response<ActionSubmission> submit(String campaignId, ActionType type, String phone, String message) {
    SubmitCampaignActionRequest.Builder form = SubmitCampaignActionRequest.builder()
        .firstname("Ana").lastname("Silva").zipcode("33131").email("ana.silva@example.org");
    if (phone != null) {
      form.phone(phone);
    }
    if (message != null) {
      form.message(message);
    }
    return campaigns.submitCampaignAction(campaignId, type, form.build()).blockingGet();
  }

  @Test
  void missingRequiredFieldsAnswer400WithEveryMessage() throws IOException {
    Response<ActionSubmission> response = campaigns.submitCampaignAction("17465", ActionType.LETTER,
        SubmitCampaignActionRequest.builder().firstname("Maria").lastname("Gonzalez").zipcode("12207").build())
        .blockingGet();
    assertThat(response.code()).isEqualTo(400);
    assertThat(errors(response)).containsExactly(
        "The email field is required.", "The subject field is required.", "The message field is required.");

    Response<ActionSubmission> unknownId = letter("12207", "0000000000", null, null, null, null);
    assertThat(errors(unknownId)).containsExactly("The id '0000000000' does not name a pending submission of the"
        + " letter action of campaign 17465; send the form without an id to start a new submission.");
  }

  @Test
  void unknownModeAnswers400AndTheValidatorRejectsTheRequestToo() throws IOException {
    Response<ActionSubmission> response = letter("12207", null, null, "518-555-0147", "Energy", "deliver_twice");
    assertThat(response.code()).isEqualTo(400);
    assertThat(errors(response)).containsExactly("The mode field must be no_delivery or left out, but was 'deliver_twice'.");
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).singleElement().asString()
        .startsWith("validation.request.body.schema.enum: [Path '/mode'] Instance value (\"deliver_twice\") not found");
    assertThat(exchange.responseErrors()).isEmpty();
  }

  /**
   * The spec's follow-up POSTs "the same form again" with the id and the missing values: one that
   * sends only the id and the missing values lacks the form's required fields, which the spec's
   * schema requires of every submission, and must not pass here to fail against the real API.
   */
  @Test
  void aFollowUpWithoutTheWholeFormAnswers400AndTheValidatorRejectsItToo() throws IOException {
    Response<ActionSubmission> accepted = letter("12207", null, null, null, "Energy", null);
    assertThat(accepted.code()).isEqualTo(202);

    // The generated client refuses to send it; a hand-written one would.
    Request partial = new Request.Builder().url(baseUrl + "campaigns/17465/letter").post(new FormBody.Builder()
        .add("id", accepted.body().getId()).add("phone", "518-555-0147").build()).build();
    List<String> errors;
    try (okhttp3.Response response = http.newCall(partial).execute()) {
      assertThat(response.code()).isEqualTo(400);
      errors = GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
          .getResponse().getErrors();
    }

    String followUp = ", in the follow-up too: send the whole form again, with the id and the missing fields.";
    assertThat(errors).containsExactly("The firstname field is required" + followUp,
        "The lastname field is required" + followUp, "The zipcode field is required" + followUp,
        "The email field is required" + followUp, "The subject field is required" + followUp,
        "The message field is required" + followUp);
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).singleElement().asString()
        .startsWith("validation.request.body.schema.required: Object has missing required properties");
    assertThat(exchange.responseErrors()).isEmpty();
    // Still pending: the whole form completes it.
    assertThat(letter("12207", accepted.body().getId(), null, "518-555-0147", null, null).code()).isEqualTo(200);
  }

  // ------------------------------------------------------------------ supporters

  List<Supporter> everySupporter() {
    SupporterPage page = listAll(null, null, null, null, null, null, null, null, null, null, null, 0);
    assertThat(page.getTotalResults()).isEqualTo(1000);
    assertThat(page.getNextpageuri()).isNull();
    return page.getSupporters();
  }

  SupporterPage listAll(String email, String firstName, String lastName, String customId, String city,
      OffsetDateTime updatedSince, String joinDate, String state, EmailOptin optin, String zipCode,
      String district, int page) {
    ListSupportersRequest.Builder query = ListSupportersRequest.builder().page(page).pagesize(1000);
    if (email != null) {
      query.email(email);
    }
    if (firstName != null) {
      query.firstName(firstName);
    }
    if (lastName != null) {
      query.lastName(lastName);
    }
    if (customId != null) {
      query.customId(customId);
    }
    if (city != null) {
      query.city(city);
    }
    if (updatedSince != null) {
      query.updatedSince(updatedSince);
    }
    if (joinDate != null) {
      query.joinDate(joinDate);
    }
    if (state != null) {
      query.state(state);
    }
    if (optin != null) {
      query.optinStatus(optin);
    }
    if (zipCode != null) {
      query.zipCode(zipCode);
    }
    if (district != null) {
      query.congressDistrict(district);
    }
    Response<SupporterPage> response = supporters.listSupporters(query.build()).blockingGet();
    assertThat(response.code()).isEqualTo(200);
    return response.body();
  }

  static List<String> ids(List<Supporter> list) {
    return list.stream().map(Supporter::getId).toList();
  }

  static List<String> expected(List<Supporter> all, Predicate<Supporter> filter) {
    List<String> ids = ids(all.stream().filter(filter).toList());
    assertThat(ids).isNotEmpty(); // a filter test that matches nobody proves nothing
    assertThat(ids).hasSizeLessThan(all.size());
    return ids;
  }

  static boolean anyAddress(Supporter s, Predicate<Address> p) {
    return s.getAddresses().stream().anyMatch(p);
  }

  @Test
  void filteredListPagesToTheLastPageKeepingItsFiltersAndPageSize() {
    List<String> expected = expected(everySupporter(), s -> anyAddress(s, a -> a.getState().equals("NY")));
    List<String> received = new ArrayList<>();
    int pages = (expected.size() + 99) / 100;
    String next = "/v3/supporters?state=NY&page=0&pagesize=100";
    for (int page = 0; page < pages + 1 && next != null; page++) {
      Matcher m = Pattern.compile("page=([0-9]+)").matcher(next);
      assertThat(m.find()).isTrue();
      SupporterPage body = supporters.listSupporters(ListSupportersRequest.builder().state("NY")
          .page(Integer.parseInt(m.group(1))).pagesize(100).build()).blockingGet().body();
      assertThat(body.getUri()).isEqualTo(next);
      assertThat(body.getFirstpageuri()).isEqualTo("/v3/supporters?state=NY&page=0&pagesize=100");
      assertThat(body.getPreviouspageuri()).isEqualTo(page == 0 ? null : "/v3/supporters?state=NY&page=" + (page - 1) + "&pagesize=100");
      assertThat(body.getTotalResults()).isEqualTo(expected.size());
      received.addAll(ids(body.getSupporters()));
      next = body.getNextpageuri();
      assertThat(next).isEqualTo(page == pages - 1 ? null : "/v3/supporters?state=NY&page=" + (page + 1) + "&pagesize=100");
    }
    assertThat(received).isEqualTo(expected);
  }

  @Test
  void everyFilterMatchesExactlyTheSupportersItDescribes() {
    List<Supporter> all = everySupporter();
    Supporter someone = all.get(123);
    Address home = someone.getAddresses().get(0);
    LocalDate joined = someone.getJoinDate();
    OffsetDateTime since = all.get(7).getUpdatedAt();

    assertThat(ids(listAll(someone.getEmail(), null, null, null, null, null, null, null, null, null, null, 0).getSupporters()))
        .containsExactly(someone.getId());
    assertThat(ids(listAll(null, null, null, someone.getCustomId(), null, null, null, null, null, null, null, 0).getSupporters()))
        .containsExactly(someone.getId());
    assertThat(ids(listAll(null, someone.getFirstName(), null, null, null, null, null, null, null, null, null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> s.getFirstName().equals(someone.getFirstName())));
    assertThat(ids(listAll(null, null, someone.getLastName(), null, null, null, null, null, null, null, null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> s.getLastName().equals(someone.getLastName())));
    assertThat(ids(listAll(null, null, null, null, home.getCity(), null, null, null, null, null, null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> anyAddress(s, a -> a.getCity().equals(home.getCity()))));
    assertThat(ids(listAll(null, null, null, null, null, since, null, null, null, null, null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> !s.getUpdatedAt().isBefore(since)));
    assertThat(ids(listAll(null, null, null, null, null, null, joined.toString(), null, null, null, null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> s.getJoinDate().equals(joined)));
    assertThat(ids(listAll(null, null, null, null, null, null, "2020-01-01,2020-03-31", null, null, null, null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> !s.getJoinDate().isBefore(LocalDate.of(2020, 1, 1))
            && !s.getJoinDate().isAfter(LocalDate.of(2020, 3, 31))));
    assertThat(ids(listAll(null, null, null, null, null, null, null, home.getState(), null, null, null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> anyAddress(s, a -> a.getState().equals(home.getState()))));
    for (EmailOptin optin : EmailOptin.knownValues()) {
      assertThat(ids(listAll(null, null, null, null, null, null, null, null, optin, null, null, 0).getSupporters()))
          .isEqualTo(expected(all, s -> optin.equals(s.getEmailOptin())));
    }
    assertThat(ids(listAll(null, null, null, null, null, null, null, null, null, "10001", null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> anyAddress(s, a -> a.getZipcode().equals("10001"))));
    assertThat(ids(listAll(null, null, null, null, null, null, null, null, null, null, "NY10", 0).getSupporters()))
        .isEqualTo(expected(all, s -> anyAddress(s, a -> "NY10".equals(a.getCongressDistrict()))));
    // Filters combine with AND.
    assertThat(ids(listAll(null, null, null, null, null, null, null, "NY", EmailOptin.YES, null, null, 0).getSupporters()))
        .isEqualTo(expected(all, s -> EmailOptin.YES.equals(s.getEmailOptin()) && anyAddress(s, a -> a.getState().equals("NY"))));
  }

  @Test
  void searchThatMatchesNobodyAnswers200WithAnEmptyPage() {
    SupporterPage page = supporters.listSupporters(
        ListSupportersRequest.builder().email("nobody@example.org").build()).blockingGet().body();
    assertThat(page.getUri()).isEqualTo("/v3/supporters?email=nobody%40example.org&page=0&pagesize=50");
    assertThat(page.getNextpageuri()).isNull();
    assertThat(page.getPreviouspageuri()).isNull();
    assertThat(page.getTotalResults()).isZero();
    assertThat(page.getSupporters()).isEmpty();
  }

  @Test
  void supporterIsFoundByItsIdItsEmailAndItsCustomId() {
    Supporter someone = everySupporter().get(456);
    assertThat(someone.getId()).isEqualTo("1000456");
    assertThat(someone.getCustomId()).isEqualTo("CRM-0000456");
    assertThat(supporters.getSupporter("1000456").blockingGet().body()).isEqualTo(someone);
    assertThat(supporters.getSupporter(someone.getEmail()).blockingGet().body()).isEqualTo(someone);
    assertThat(supporters.getSupporter("CRM-0000456").blockingGet().body()).isEqualTo(someone);
  }

  @Test
  void createdSupporterAnswers201WithLocationAndIsFoundAndListedSinceItsCreation() {
    Response<Supporter> created = supporters.createSupporter(CreateSupporterRequest.builder()
        .firstname("Maria").lastname("Gonzalez").prefix("Ms.").email("maria.gonzalez@example.org").customid("CRM-X-482")
        .emailoptin(EmailOptin.YES).street1("45 Eagle Street").city("Albany").state("NY").zipcode("12207")
        .zipplus("1021").addresstype(AddressType.HOME).phone("518-555-0147").build()).blockingGet();
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.headers().get("Location")).isEqualTo("/v3/supporters/1001000");
    Supporter expected = new Supporter().id("1001000").firstName("Maria").lastName("Gonzalez").prefix("Ms.")
        .email("maria.gonzalez@example.org").emailOptin(EmailOptin.YES)
        .emailStatus(io.github.rallycongress.generated.model.EmailStatus.UNKNOWN).customId("CRM-X-482")
        .addresses(List.of(new Address().addressType(AddressType.HOME).street1("45 Eagle Street").city("Albany")
            .state("NY").zipcode("12207").zipplus("1021").congressDistrict("NY20")))
        .phones(List.of(new Phone().telephone("518-555-0147").addressType(AddressType.HOME)))
        .joinDate(LocalDate.of(2026, 3, 14))
        .updatedAt(OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 0, ZoneOffset.UTC));
    assertThat(created.body()).isEqualTo(expected);
    assertThat(supporters.getSupporter("maria.gonzalez@example.org").blockingGet().body()).isEqualTo(expected);
    assertThat(supporters.getSupporter("CRM-X-482").blockingGet().body()).isEqualTo(expected);
    SupporterPage since = listAll(null, null, null, null, null, // Not 00:00:00: OffsetDateTime.toString() drops zero seconds, which RFC 3339 does not allow.
        OffsetDateTime.of(2026, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC),
        null, null, null, null, null, 0);
    assertThat(since.getSupporters()).containsExactly(expected);
    assertThat(everyOne().getTotalResults()).isEqualTo(1001);
  }

  SupporterPage everyOne() {
    return supporters.listSupporters(ListSupportersRequest.builder().pagesize(1).build())
        .blockingGet().body();
  }

  @Test
  void updateChangesOnlyTheFieldsSentAndAnswers200() {
    Supporter before = supporters.getSupporter("1000010").blockingGet().body();
    Supporter after = supporters.updateSupporter("1000010", UpdateSupporterRequest.builder()
        .emailoptin(EmailOptin.UNSUBSCRIBED).phone("518-555-0123").build()).blockingGet();
    Supporter expected = supporters.getSupporter("1000010").blockingGet().body();
    assertThat(after).isEqualTo(expected);
    assertThat(after.getEmailOptin()).isEqualTo(EmailOptin.UNSUBSCRIBED);
    assertThat(after.getPhones()).filteredOn(p -> AddressType.HOME.equals(p.getAddressType()))
        .extracting(Phone::getTelephone).containsExactly("518-555-0123");
    assertThat(after.getUpdatedAt()).isEqualTo(OffsetDateTime.of(2026, 3, 14, 15, 9, 26, 0, ZoneOffset.UTC));
    assertThat(after.getAddresses()).isEqualTo(before.getAddresses());
    assertThat(after.getEmail()).isEqualTo(before.getEmail());
    assertThat(after.getFirstName()).isEqualTo(before.getFirstName());

    // By email too; a new email moves the lookup with it.
    supporters.updateSupporter(before.getEmail(),
        UpdateSupporterRequest.builder().email("new.address@example.org").build()).blockingGet();
    assertThat(supporters.getSupporter("new.address@example.org").blockingGet().body().getId()).isEqualTo("1000010");
    assertThat(supporters.getSupporter(before.getEmail()).blockingGet().code()).isEqualTo(404);
  }

  @Test
  void createAndUpdateStoreEveryStreetLineOfTheAddressOfTheirType() {
    Supporter created = supporters.createSupporter(CreateSupporterRequest.builder()
        .email("lee.chen@example.org").street1("45 Eagle Street").street2("Suite 300").street3("Mail Stop 12")
        .city("Albany").state("NY").zipcode("12207").addresstype(AddressType.WORK).build()).blockingGet().body();
    Address work = new Address().addressType(AddressType.WORK).street1("45 Eagle Street").street2("Suite 300")
        .street3("Mail Stop 12").city("Albany").state("NY").zipcode("12207").congressDistrict("NY20");
    assertThat(created.getAddresses()).containsExactly(work);
    assertThat(supporters.getSupporter(created.getId()).blockingGet().body().getAddresses()).containsExactly(work);

    // An update changes only the street line sent, of the address of its type.
    Supporter updated = supporters.updateSupporter(created.getId(), UpdateSupporterRequest.builder()
        .street3("Mail Stop 14").addresstype(AddressType.WORK).build()).blockingGet();
    work.street3("Mail Stop 14");
    assertThat(updated.getAddresses()).containsExactly(work);
    assertThat(supporters.getSupporter(created.getId()).blockingGet().body().getAddresses()).containsExactly(work);
  }

  /**
   * updatedSince is the spec's date-time, RFC 3339: seconds required, any number of fraction
   * digits. java.time's parser took a time without seconds (what OffsetDateTime.toString() writes
   * on a whole minute, a common client bug the sandbox should show) and refused ten digits.
   */
  @Test
  void updatedSinceIsReadAsAnRfc3339DateTime() throws IOException {
    int withoutSeconds;
    try (okhttp3.Response response = http.newCall(new Request.Builder()
        .url(baseUrl + "supporters?updatedSince=2025-12-31T00:00Z").build()).execute()) {
      withoutSeconds = response.code();
    }
    SpecValidator.Exchange refused = takeLast();
    int tenDigits;
    try (okhttp3.Response response = http.newCall(new Request.Builder()
        .url(baseUrl + "supporters?updatedSince=2025-12-31T00:00:00.1234567891Z&pagesize=1").build()).execute()) {
      tenDigits = response.code();
    }

    assertThat(withoutSeconds).isEqualTo(400);
    assertThat(refused.requestErrors()).as("the spec refuses it too").isNotEmpty();
    assertThat(tenDigits).isEqualTo(200);
  }

  /** updatedAt is when the supporter last changed: an update that changes nothing leaves it. */
  @Test
  void anUpdateThatChangesNothingKeepsUpdatedAt() {
    Supporter before = supporters.getSupporter("1000020").blockingGet().body();

    Supporter after = supporters.updateSupporter("1000020",
        UpdateSupporterRequest.builder().firstname(before.getFirstName()).build()).blockingGet();

    assertThat(after).isEqualTo(before);
    assertThat(after.getUpdatedAt()).isEqualTo(before.getUpdatedAt()).isBefore(NOW.atOffset(ZoneOffset.UTC));
  }

  /**
   * One path segment names a supporter by id, email or custom id: a custom id that is another
   * supporter's id or email (or an email that is another's custom id) would make one of the two
   * unreachable by it.
   */
  @Test
  void aCustomIdThatIsAnotherSupportersIdOrEmailAnswers400() throws IOException {
    String email = supporters.getSupporter("1000003").blockingGet().body().getEmail();

    Response<Supporter> byId = supporters.createSupporter(
        CreateSupporterRequest.builder().firstname("A").lastname("B").customid("1000003").build()).blockingGet();
    Response<Supporter> byEmail = supporters.createSupporter(
        CreateSupporterRequest.builder().firstname("A").lastname("B").customid(email).build()).blockingGet();
    Response<Supporter> crm = supporters.createSupporter(
        CreateSupporterRequest.builder().firstname("A").lastname("B").customid("crm.person@example.org").build())
        .blockingGet();
    Response<Supporter> emailOfCustomId = supporters.createSupporter(
        CreateSupporterRequest.builder().firstname("C").lastname("D").email("crm.person@example.org").build())
        .blockingGet();

    assertThat(errors(byId)).containsExactly("The customid '1000003' is the id or email of another supporter"
        + " (id 1000003), which GET /supporters/1000003 would find instead.");
    assertThat(errors(byEmail)).containsExactly("The customid '" + email + "' is the id or email of another"
        + " supporter (id 1000003), which GET /supporters/" + email + " would find instead.");
    assertThat(crm.code()).isEqualTo(201);
    assertThat(errors(emailOfCustomId)).containsExactly("The email 'crm.person@example.org' is the customid of"
        + " another supporter (id " + crm.body().getId() + "), which GET /supporters/crm.person@example.org would"
        + " not tell apart from this one.");
    assertThat(supporters.getSupporter("1000003").blockingGet().body().getEmail()).isEqualTo(email);
  }

  /** The spec: a street is needed where a ZIP code spans districts; without one, none is made up. */
  @Test
  void anAddressInAZipCodeSpanningDistrictsWithoutAStreetHasNoDistrict() {
    Response<Supporter> created = supporters.createSupporter(CreateSupporterRequest.builder()
        .firstname("A").lastname("B").email("split.zip@example.org").zipcode("10001").build()).blockingGet();

    assertThat(created.code()).isEqualTo(201);
    assertThat(created.body().getAddresses()).singleElement().satisfies(address -> {
      assertThat(address.getZipcode()).isEqualTo("10001");
      assertThat(address.getCongressDistrict()).isNull();
    });
  }

  /** maxLength counts characters, as the spec says: an emoji is one, not two UTF-16 units. */
  @Test
  void maxLengthCountsCharactersNotUtf16Units() {
    String thirtyEmoji = "\uD83D\uDE00".repeat(30); // 60 UTF-16 units; the first name's maxLength is 50
    Response<ActionSubmission> created = campaigns.submitCampaignAction("17465", ActionType.LETTER,
        SubmitCampaignActionRequest.builder().firstname(thirtyEmoji).lastname("Gonzalez").zipcode("12207")
            .email("maria.gonzalez@example.org").subject("Fund the Hudson River cleanup")
            .message("As your constituent, I ask you to support full funding.").street("45 Eagle Street")
            .phone("518-555-0147").topic("Environment").build()).blockingGet();

    assertThat(created.code()).isEqualTo(201);
  }

  @Test
  void createWithAnEmailInUseOrNoIdentifierAnswers400() throws IOException {
    String taken = supporters.getSupporter("1000003").blockingGet().body().getEmail();
    Response<Supporter> duplicate = supporters.createSupporter(
        CreateSupporterRequest.builder().firstname("A").lastname("B").email(taken).build()).blockingGet();
    assertThat(duplicate.code()).isEqualTo(400);
    assertThat(errors(duplicate)).containsExactly("A supporter with the email '" + taken + "' already exists (id 1000003).");

    Response<Supporter> anonymous = supporters.createSupporter(
        CreateSupporterRequest.builder().firstname("A").lastname("B").zipcode("1220").build()).blockingGet();
    assertThat(errors(anonymous)).containsExactly("Send at least an email or a customid to create a supporter.",
        "The zipcode field must be a 5-digit ZIP code such as 12207, but was '1220'.");
    takeLast(); // the spec does not constrain the form's zipcode, so only the answer is checked
  }

  // ------------------------------------------------------------------ errors

  @Test
  void badPageSizeAnswers400AndTheValidatorFlagsTheRequest() throws IOException {
    for (int pagesize : new int[] {0, 1001}) {
      Response<SupporterPage> response = supporters.listSupporters(
          ListSupportersRequest.builder().pagesize(pagesize).build()).blockingGet();
      assertThat(response.code()).isEqualTo(400);
      assertThat(errors(response)).containsExactly(
          "The pagesize parameter must be a whole number from 1 to 1000, but was '" + pagesize + "'.");
      SpecValidator.Exchange exchange = takeLast();
      assertThat(exchange.requestErrors()).singleElement().asString()
          .startsWith("validation.request.parameter.schema." + (pagesize == 0 ? "minimum" : "maximum"));
      assertThat(exchange.responseErrors()).isEmpty();
    }
    // A date the pattern allows but the calendar does not: the request is valid, the answer 400.
    Response<SupporterPage> badDate = supporters.listSupporters(
        ListSupportersRequest.builder().joinDate("2026-02-30").build()).blockingGet();
    assertThat(errors(badDate)).containsExactly("The joinDate parameter must be a date (YYYY-MM-DD) or two dates"
        + " joined by a comma (YYYY-MM-DD,YYYY-MM-DD), but was '2026-02-30'.");
    Response<SupporterPage> backwards = supporters.listSupporters(
        ListSupportersRequest.builder().joinDate("2026-03-31,2026-01-01").build()).blockingGet();
    assertThat(errors(backwards)).containsExactly(
        "The joinDate range must start on or before its end, but was '2026-03-31,2026-01-01'.");
  }

  /**
   * No query parameter of the spec is an array: a repeated one is refused, not read as its first
   * value (state=NY&state=CA answered every NY supporter as if CA had not been asked for).
   */
  @Test
  void aRepeatedQueryParameterAnswers400AndTheValidatorFlagsTheRequest() throws IOException {
    String[] targets = {"supporters?state=NY&state=CA", "campaigns?page=1&page=0",
        "campaigns/17465/letter?zipcode=12207&zipcode=10001"};
    String[] messages = {"The state parameter takes one value, but was given 2 ('NY', 'CA'); send it once.",
        "The page parameter takes one value, but was given 2 ('1', '0'); send it once.",
        "The zipcode parameter takes one value, but was given 2 ('12207', '10001'); send it once."};
    for (int i = 0; i < targets.length; i++) {
      try (okhttp3.Response response = http.newCall(new Request.Builder().url(baseUrl + targets[i]).build()).execute()) {
        assertThat(response.code()).isEqualTo(400);
        assertThat(GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
            .getResponse().getErrors()).containsExactly(messages[i]);
      }
      SpecValidator.Exchange exchange = takeLast();
      assertThat(exchange.requestErrors()).singleElement().asString()
          .startsWith("validation.request.parameter.collection.invalid: Multiple values found");
      assertThat(exchange.responseErrors()).isEmpty();
    }
  }

  /** Every form field of the spec is one string: a field sent twice is refused, not read as its first value. */
  @Test
  void aFormFieldSentTwiceAnswers400AndTheValidatorFlagsTheRequest() throws IOException {
    Request post = new Request.Builder().url(baseUrl + "supporters/1000001")
        .post(new FormBody.Builder().add("phone", "518-555-0147").add("phone", "518-555-0199").build()).build();
    try (okhttp3.Response response = http.newCall(post).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
          .getResponse().getErrors()).containsExactly("The phone field was sent more than once; send each field once.");
    }
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).singleElement().asString()
        .startsWith("validation.request.body.schema.type: [Path '/phone'] Instance type (array)");
    assertThat(exchange.responseErrors()).isEmpty();
    assertThat(supporters.getSupporter("1000001").blockingGet().body().getPhones())
        .extracting(Phone::getTelephone).doesNotContain("518-555-0147", "518-555-0199");
  }

  /**
   * The published docs do not say what the API does with a query parameter an operation does not
   * take; the sandbox refuses it (the spec says so): ignored, a misspelt filter (zipcode for zipCode)
   * would widen a search to every supporter.
   */
  @Test
  void aQueryParameterTheOperationDoesNotTakeAnswers400() throws IOException {
    String[] targets = {"supporters?zipcode=12207&state=NY", "campaigns?pagesize=5&sort=title",
        "campaigns/17465?page=1", "campaigns/17465/letter?zip=12207", "supporters/1000001?fields=email"};
    String[] messages = {
        "The zipcode parameter is not one that GET /v3/supporters takes; it takes email, firstName, lastName,"
            + " customId, city, updatedSince, joinDate, state, optinStatus, zipCode, congressDistrict, page,"
            + " pagesize (names are case-sensitive).",
        "The sort parameter is not one that GET /v3/campaigns takes; it takes page, pagesize (names are"
            + " case-sensitive).",
        "The page parameter is not one that GET /v3/campaigns/17465 takes; it takes none.",
        "The zip parameter is not one that GET /v3/campaigns/17465/letter takes; it takes zipcode (names are"
            + " case-sensitive).",
        "The fields parameter is not one that GET /v3/supporters/1000001 takes; it takes none."};
    for (int i = 0; i < targets.length; i++) {
      try (okhttp3.Response response = http.newCall(new Request.Builder().url(baseUrl + targets[i]).build()).execute()) {
        assertThat(response.code()).as(targets[i]).isEqualTo(400);
        assertThat(GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
            .getResponse().getErrors()).containsExactly(messages[i]);
      }
      SpecValidator.Exchange exchange = takeLast();
      assertThat(exchange.requestErrors()).as(targets[i]).singleElement().asString()
          .startsWith("validation.request.parameter.query.unexpected");
      assertThat(exchange.responseErrors()).isEmpty();
    }
    // A POST operation takes none either.
    Request post = new Request.Builder().url(baseUrl + "supporters?mode=no_delivery")
        .post(new FormBody.Builder().add("email", "query.post@example.org").build()).build();
    try (okhttp3.Response response = http.newCall(post).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
          .getResponse().getErrors()).containsExactly(
              "The mode parameter is not one that POST /v3/supporters takes; it takes none.");
    }
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).singleElement().asString()
        .startsWith("validation.request.parameter.query.unexpected");
    assertThat(exchange.responseErrors()).isEmpty();
    assertThat(supporters.getSupporter("query.post@example.org").blockingGet().code()).isEqualTo(404);
  }

  /**
   * A form field the operation does not take is refused, not ignored: ignored, an update with
   * firstName (the JSON property's case) for firstname answered 200 and changed nothing.
   */
  @Test
  void aFormFieldTheOperationDoesNotTakeAnswers400AndTheValidatorFlagsTheRequest() throws IOException {
    Supporter before = supporters.getSupporter("1000001").blockingGet().body();
    Request update = new Request.Builder().url(baseUrl + "supporters/1000001")
        .post(new FormBody.Builder().add("firstName", "Ana").add("lastname", "Ruiz").build()).build();
    try (okhttp3.Response response = http.newCall(update).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
          .getResponse().getErrors()).containsExactly("The firstName field is not one that POST"
              + " /v3/supporters/1000001 takes; it takes firstname, lastname, middlename, prefix, suffix, email,"
              + " customid, emailoptin, street1, street2, street3, city, state, zipcode, zipplus, addresstype,"
              + " phone (names are case-sensitive).");
    }
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).singleElement().asString()
        .startsWith("validation.request.body.schema.additionalProperties").contains("firstName");
    assertThat(exchange.responseErrors()).isEmpty();
    assertThat(supporters.getSupporter("1000001").blockingGet().body()).isEqualTo(before);

    Request letter = new Request.Builder().url(baseUrl + "campaigns/17502/petition").post(new FormBody.Builder()
        .add("firstname", "A").add("lastname", "B").add("zipcode", "12207").add("email", "a@example.org")
        .add("zip4", "1021").build()).build();
    try (okhttp3.Response response = http.newCall(letter).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
          .getResponse().getErrors()).containsExactly("The zip4 field is not one that POST"
              + " /v3/campaigns/17502/petition takes; it takes id, prefix, firstname, lastname, street, city, state,"
              + " zipcode, phone, email, subject, message, topic, mode (names are case-sensitive).");
    }
    exchange = takeLast();
    assertThat(exchange.requestErrors()).singleElement().asString()
        .startsWith("validation.request.body.schema.additionalProperties").contains("zip4");
    assertThat(exchange.responseErrors()).isEmpty();
  }

  /** The spec's request body is required: an update that sends no field is refused, not answered 200 with no change. */
  @Test
  void anUpdateWithoutAnyFieldAnswers400() throws IOException {
    Supporter before = supporters.getSupporter("1000001").blockingGet().body();
    for (String body : new String[] {"", "firstname=&phone="}) {
      Request update = new Request.Builder().url(baseUrl + "supporters/1000001").post(okhttp3.RequestBody.create(
          body, okhttp3.MediaType.get("application/x-www-form-urlencoded"))).build();
      try (okhttp3.Response response = http.newCall(update).execute()) {
        assertThat(response.code()).as("body '%s'", body).isEqualTo(400);
        assertThat(GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
            .getResponse().getErrors()).containsExactly(
                "Send at least one field to change, with a value (a blank value counts as absent).");
      }
      SpecValidator.Exchange exchange = takeLast();
      if (body.isEmpty()) { // the validator reads a blank value as null, which the schema's strings are not
        assertThat(exchange.requestErrors())
            .containsExactly("validation.request.body.missing: A request body is required but none found.");
      }
      assertThat(exchange.responseErrors()).isEmpty();
    }
    // The generated client sends the same for a request with nothing set.
    HttpException empty = org.assertj.core.api.Assertions.catchThrowableOfType(HttpException.class,
        () -> supporters.updateSupporter("1000001", UpdateSupporterRequest.builder().build()).blockingGet());
    assertThat(empty.code()).isEqualTo(400);
    takeLast();
    assertThat(supporters.getSupporter("1000001").blockingGet().body()).isEqualTo(before);
  }

  /** The names the sandbox takes are the spec's, operation by operation, in the spec's order. */
  @Test
  void theSandboxTakesExactlyTheQueryParametersAndFormFieldsOfTheSpec() {
    io.swagger.v3.oas.models.OpenAPI spec = new io.swagger.v3.parser.OpenAPIV3Parser()
        .readContents(SpecValidator.specText(), null, resolveFully()).getOpenAPI();
    java.util.Map<String, List<String>> query = new java.util.LinkedHashMap<>();
    java.util.Map<String, List<String>> form = new java.util.LinkedHashMap<>();
    spec.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
      List<io.swagger.v3.oas.models.parameters.Parameter> parameters = new ArrayList<>();
      if (item.getParameters() != null) {
        parameters.addAll(item.getParameters());
      }
      if (operation.getParameters() != null) {
        parameters.addAll(operation.getParameters());
      }
      query.put(operation.getOperationId(),
          parameters.stream().filter(p -> p.getIn().equals("query")).map(p -> p.getName()).toList());
      if (operation.getRequestBody() != null) {
        form.put(operation.getOperationId(), List.copyOf(operation.getRequestBody().getContent()
            .get("application/x-www-form-urlencoded").getSchema().getProperties().keySet()));
      }
    }));
    assertThat(SandboxDispatcher.QUERY_PARAMETERS).isEqualTo(query);
    assertThat(SandboxDispatcher.FORM_FIELDS).isEqualTo(form);
    assertThat(form).containsOnlyKeys("submitCampaignAction", "createSupporter", "updateSupporter");
    campaigns.getCampaign("17465").blockingGet(); // the after-each check needs an exchange to be meaningful
  }

  static io.swagger.v3.parser.core.models.ParseOptions resolveFully() {
    io.swagger.v3.parser.core.models.ParseOptions options = new io.swagger.v3.parser.core.models.ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    return options;
  }

  /**
   * An empty pair of the query (a bare '?', a trailing '&') is nothing and a name without '=' has
   * the empty value, as servers read form-encoded text: the spec and the sandbox agree on both.
   */
  @Test
  void aQueryIsCheckedAsServersReadIt() throws IOException {
    for (String target : new String[] {"campaigns?", "supporters?state=NY&pagesize=2&"}) {
      try (okhttp3.Response response = http.newCall(new Request.Builder().url(baseUrl + target).build()).execute()) {
        assertThat(response.code()).as(target).isEqualTo(200);
      }
    }
    try (okhttp3.Response response = http.newCall(new Request.Builder().url(baseUrl + "supporters?state").build()).execute()) {
      assertThat(response.code()).isEqualTo(400);
    }
    SpecValidator.Exchange refused = takeLast();
    assertThat(refused.requestErrors()).singleElement().asString()
        .startsWith("validation.request.parameter.schema.pattern").contains("\"\"");
    assertThat(refused.responseErrors()).isEmpty();
  }

  /** An integer parameter is digits: Long.parseLong's leading '+' is not one the spec's schema takes. */
  @Test
  void aPageNumberWithAPlusSignAnswers400AndTheValidatorFlagsTheRequest() throws IOException {
    try (okhttp3.Response response = http.newCall(new Request.Builder().url(baseUrl + "supporters?page=%2B1").build()).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string()).isEqualTo(
          "{\"response\":{\"errors\":[\"The page parameter must be a whole number of 0 or more, but was '+1'.\"]}}");
    }
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).singleElement().asString().startsWith("validation.request.parameter.schema");
    assertThat(exchange.responseErrors()).isEmpty();
  }

  /** The body's media type is application/x-www-form-urlencoded itself, not any type whose name starts so. */
  @Test
  void aBodyOfAnotherMediaTypeAnswers400AndTheValidatorFlagsTheRequest() throws IOException {
    Request post = new Request.Builder().url(baseUrl + "supporters").post(okhttp3.RequestBody.create(
        "email=prefix.type%40example.org", okhttp3.MediaType.get("application/x-www-form-urlencodedx"))).build();
    try (okhttp3.Response response = http.newCall(post).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string())
          .getResponse().getErrors()).containsExactly("Send the body as application/x-www-form-urlencoded,"
              + " not application/x-www-form-urlencodedx; charset=utf-8.");
    }
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).singleElement().asString().startsWith("validation.request.contentType.notAllowed");
    assertThat(exchange.responseErrors()).isEmpty();
    // With parameters and in any case, the form's own type is taken.
    Request upper = new Request.Builder().url(baseUrl + "supporters").post(okhttp3.RequestBody.create(
        "email=upper.type%40example.org", okhttp3.MediaType.get("Application/X-WWW-Form-Urlencoded; charset=UTF-8"))).build();
    try (okhttp3.Response response = http.newCall(upper).execute()) {
      assertThat(response.code()).isEqualTo(201);
    }
    takeLast(); // the validator compares the type's case; RFC 9110 says it is case-insensitive
  }

  @Test
  void unknownEnumValueAnswers400() throws IOException {
    Response<SupporterPage> response = supporters.listSupporters(
        ListSupportersRequest.builder().optinStatus(EmailOptin.fromValue("double_opt_in")).build()).blockingGet();
    assertThat(errors(response)).containsExactly("The optinStatus parameter must be one of not_collected, no, yes,"
        + " pending, unsubscribed, spam, but was 'double_opt_in'.");
    assertThat(takeLast().requestErrors()).singleElement().asString()
        .startsWith("validation.request.parameter.schema.enum: Instance value (\"double_opt_in\") not found");
  }

  @Test
  void wrongOrMissingCredentialsAnswer401WithAChallenge(RallySandbox sandbox) throws IOException {
    CampaignsApi wrong = retrofit(sandbox, client(sandbox.accountId(), "not-the-token")).create(CampaignsApi.class);
    Response<CampaignPage> response = wrong.listCampaigns(null, null).blockingGet();
    assertThat(response.code()).isEqualTo(401);
    assertThat(response.headers().get("WWW-Authenticate")).isEqualTo("Basic realm=\"Rally Congress API\"");
    assertThat(errors(response)).containsExactly(
        "Authentication failed. Send the Account ID and Auth Token with HTTP Basic auth.");

    OkHttpClient anonymous = new OkHttpClient.Builder().addInterceptor(validator).build();
    try (okhttp3.Response none = anonymous.newCall(new Request.Builder().url(sandbox.baseUrl() + "campaigns").build()).execute()) {
      assertThat(none.code()).isEqualTo(401);
    }
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).hasSize(1).allMatch(e -> e.contains("security"));
    assertThat(exchange.responseErrors()).isEmpty();
  }

  @Test
  void unknownResourcesAnswer404() throws IOException {
    assertThat(errors(campaigns.getCampaign("99999").blockingGet()))
        .containsExactly("There is no campaign with the id '99999'.");
    assertThat(errors(campaigns.getCampaignAction("17502", ActionType.LETTER, null).blockingGet()))
        .containsExactly("Campaign 17502 has no letter action.");
    assertThat(errors(supporters.getSupporter("nobody@example.org").blockingGet()))
        .containsExactly("There is no supporter with the id, email or customId 'nobody@example.org'.");
    HttpException missing = org.assertj.core.api.Assertions.catchThrowableOfType(HttpException.class,
        () -> supporters.updateSupporter("CRM-9999999",
            UpdateSupporterRequest.builder().firstname("X").build()).blockingGet());
    assertThat(missing.code()).isEqualTo(404);
  }

  @Test
  void postToAResourceThatOnlyAnswersGetIs405(RallySandbox sandbox) throws IOException {
    Request post = new Request.Builder().url(sandbox.baseUrl() + "campaigns")
        .post(new FormBody.Builder().add("title", "New").build()).build();
    try (okhttp3.Response response = http.newCall(post).execute()) {
      assertThat(response.code()).isEqualTo(405);
      ErrorResponse body = GeneratedJson.moshi().adapter(ErrorResponse.class).fromJson(response.body().string());
      assertThat(body.getResponse().getErrors())
          .containsExactly("POST is not allowed on /v3/campaigns; this resource answers GET only.");
    }
    // The spec has no POST /campaigns, so the validator can only say so; the body was checked above.
    SpecValidator.Exchange exchange = takeLast();
    assertThat(exchange.requestErrors()).as(exchange.toString())
        .hasSize(1).allMatch(e -> e.contains("validation.request.operation.notAllowed"));
  }

  @Test
  void moreSimultaneousRequestsThanTheLimitAnswer429WithRetryAfter(RallySandbox unused) throws IOException {
    // 4 s a request: the four must all arrive while the first two are served, which 1.5 s did not
    // promise on a loaded machine (each call starts on a thread of its own and opens a connection).
    try (RallySandbox slow = RallySandbox.builder().maxConcurrentRequests(2).latency(Duration.ofSeconds(4))
        .retryAfter(Duration.ofSeconds(7)).build().start()) {
      CampaignsApi api = retrofit(slow, client(slow.accountId(), slow.authToken())).create(CampaignsApi.class);
      List<Single<Response<CampaignPage>>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(api.listCampaigns(null, null).subscribeOn(Schedulers.io()));
      }
      List<Response<CampaignPage>> responses = Single.merge(calls).toList().timeout(20, TimeUnit.SECONDS).blockingGet();
      assertThat(responses).extracting(Response::code).containsExactlyInAnyOrder(200, 200, 429, 429);
      for (Response<CampaignPage> response : responses) {
        if (response.code() == 429) {
          assertThat(response.headers().get("Retry-After")).isEqualTo("7");
          assertThat(errors(response)).containsExactly("Too many simultaneous requests: this sandbox answers at most 2"
              + " at a time. Wait for the Retry-After seconds and try again.");
        }
      }
      assertThat(slow.requestCount()).isEqualTo(4);
    }
  }

  @Test
  void injectedServerErrorsAreSpecErrors() throws IOException {
    try (RallySandbox failing = RallySandbox.builder().serverErrorRate(1).seed(3).build().start()) {
      Retrofit retrofit = retrofit(failing, client(failing.accountId(), failing.authToken()));
      CampaignsApi api = retrofit.create(CampaignsApi.class);
      Set<Integer> codes = new TreeSet<>();
      for (int i = 0; i < 20; i++) {
        codes.add(api.listCampaigns(null, null).blockingGet().code());
      }
      assertThat(codes).containsExactly(500, 503);
      Response<ActionSubmission> post = api.submitCampaignAction("17502", ActionType.PETITION,
          SubmitCampaignActionRequest.builder().firstname("A").lastname("B").zipcode("12207").email("a@example.org")
              .build()).blockingGet();
      assertThat(post.code()).isEqualTo(500);
      assertThat(errors(post)).containsExactly("An unexpected error occurred. Please try again.");
    }
  }

  @Test
  void validatorRejectsAPropertyTheSpecDoesNotDescribe() {
    // The oracle itself: a supporter with one extra property must fail response validation.
    SpecValidator oracle = new SpecValidator();
    String body = Json.encode(new Supporters(1, 1, Clock.systemUTC()).generate(0)).replaceFirst("\\{", "{\"nickname\":\"Mo\",");
    assertThat(oracle.responseErrors("/v3/supporters/1000000", body)).singleElement().asString()
        .contains("validation.response.body.schema.additionalProperties").contains("nickname");
    // And without the extra property, the same body is valid.
    assertThat(oracle.responseErrors("/v3/supporters/1000000", body.replace("\"nickname\":\"Mo\",", ""))).isEmpty();
    // The exchange list is only for requests made through clients; keep the after-each check meaningful.
    campaigns.getCampaign("17465").blockingGet();
  }
}
