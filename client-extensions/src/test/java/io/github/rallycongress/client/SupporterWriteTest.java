package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.Supporter;
import java.io.IOException;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RallyCongress#createSupporter} and {@link RallyCongress#updateSupporter} with a
 * {@link SupporterForm}: the form fields are the spec's ({@code SupporterForm} schema), only those
 * set are sent, and bad values fail before any request.
 */
@Timeout(value = 20, unit = SECONDS)
class SupporterWriteTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private RallyCongress rally;

  @BeforeEach
  void start() throws IOException {
    server.start();
    rally = client(server).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void createSendsTheSpecsExampleFormFieldsAndNothingElse() throws Exception {
    server.enqueue(json(201, SUPPORTER_JSON));
    // The request example of createSupporter in the spec.
    SupporterForm form = SupporterForm.builder()
        .prefix("Ms.").firstName("Maria").lastName("Gonzalez").email("maria.gonzalez@example.org")
        .customId("CRM-000482").emailOptin(EmailOptin.YES).street1("45 Eagle Street").city("Albany")
        .state("NY").zipCode("12207").zipPlus4("1021").addressType(AddressType.HOME).phone("518-555-0147")
        .build();

    Supporter created = await(rally.createSupporter(form));

    assertThat(created.getId()).isEqualTo("900123");
    RecordedRequest request = server.takeRequest(1, SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/v3/supporters");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.getBody().utf8()).isEqualTo("firstname=Maria&lastname=Gonzalez&prefix=Ms."
        + "&email=maria.gonzalez%40example.org&customid=CRM-000482&emailoptin=yes&street1=45+Eagle+Street"
        + "&city=Albany&state=NY&zipcode=12207&zipplus=1021&addresstype=Home&phone=518-555-0147");
  }

  @Test
  void updateSendsOnlyTheFieldsSet() throws Exception {
    server.enqueue(json(200, SUPPORTER_JSON));
    // The request example of updateSupporter in the spec.
    SupporterForm change = SupporterForm.builder().emailOptin(EmailOptin.UNSUBSCRIBED).phone("518-555-0123").build();

    await(rally.updateSupporter("maria.gonzalez@example.org", change));

    RecordedRequest request = server.takeRequest(1, SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/v3/supporters/maria.gonzalez@example.org");
    assertThat(request.getBody().utf8()).isEqualTo("emailoptin=unsubscribed&phone=518-555-0123");
  }

  @Test
  void everyStreetLineIsSentAndReadBack() throws Exception {
    server.enqueue(json(201, "{\"id\":\"900124\",\"email\":\"lee.chen@example.org\",\"addresses\":[{"
        + "\"addressType\":\"work\",\"street1\":\"45 Eagle Street\",\"street2\":\"Suite 300\","
        + "\"street3\":\"Mail Stop 12\",\"city\":\"Albany\",\"state\":\"NY\",\"zipcode\":\"12207\"}]}"));
    SupporterForm form = SupporterForm.builder().email("lee.chen@example.org").street1("45 Eagle Street")
        .street2("Suite 300").street3("Mail Stop 12").addressType(AddressType.WORK).build();

    Supporter created = await(rally.createSupporter(form));

    assertThat(server.takeRequest(1, SECONDS).getBody().utf8()).isEqualTo("email=lee.chen%40example.org"
        + "&street1=45+Eagle+Street&street2=Suite+300&street3=Mail+Stop+12&addresstype=work");
    assertThat(created.getAddresses().get(0).getStreet2()).isEqualTo("Suite 300");
    assertThat(created.getAddresses().get(0).getStreet3()).isEqualTo("Mail Stop 12");

    // newBuilder keeps street3; toString names it, not its value.
    assertThat(form.newBuilder().build()).hasToString("SupporterForm[email, street1, street2, street3, addresstype]");
    server.enqueue(json(200, SUPPORTER_JSON));
    await(rally.updateSupporter("900124", SupporterForm.builder().street3("Mail Stop 14").build()));
    assertThat(server.takeRequest(1, SECONDS).getBody().utf8()).isEqualTo("street3=Mail+Stop+14");
    assertThatThrownBy(() -> SupporterForm.builder().street3(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("street3 is empty: the API documents no way to clear a field, so an empty value is not"
            + " sent; leave street3 unset to keep the current value.");
  }

  @Test
  void aSupporterReadFromTheServerCanBeWrittenBackWithoutInventedValues() throws Exception {
    Supporter read = GeneratedJson.moshi().adapter(Supporter.class).fromJson("{\"id\":\"900123\","
        + "\"emailOptin\":\"yes\",\"addresses\":[{\"addressType\":\"home\",\"state\":\"NY\"}]}");
    server.enqueue(json(200, SUPPORTER_JSON));

    await(rally.updateSupporter(read.getId(), SupporterForm.builder()
        .emailOptin(read.getEmailOptin())
        .addressType(read.getAddresses().get(0).getAddressType())
        .state(read.getAddresses().get(0).getState())
        .build()));

    // "home" is AddressType.HOME for the spec (case-insensitive) and goes back as the server spelled it.
    assertThat(server.takeRequest(1, SECONDS).getBody().utf8()).isEqualTo("emailoptin=yes&state=NY&addresstype=home");
  }

  @Test
  void valuesTheSpecDoesNotPublishAreRefusedBeforeSending() throws Exception {
    Supporter read = GeneratedJson.moshi().adapter(Supporter.class).fromJson(
        "{\"id\":\"900123\",\"emailOptin\":\"double_opt_in\",\"addresses\":[{\"addressType\":\"Dormitory\"}]}");

    assertThatThrownBy(() -> SupporterForm.builder().emailOptin(read.getEmailOptin()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("emailOptin 'double_opt_in' is not a published value (not_collected, no, yes, pending,"
            + " unsubscribed, spam); send a value this client does not know through"
            + " RallyCongress.supportersApi() if the API accepts it.");
    assertThatThrownBy(() -> SupporterForm.builder().addressType(read.getAddresses().get(0).getAddressType()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("addressType 'Dormitory' is not a published value (Home, work, vacation, school, unknown)");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void publishedFormatsAreCheckedWhenSet() {
    assertThatThrownBy(() -> SupporterForm.builder().state("ny"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state must be two capital letters such as NY, but was 'ny'.");
    assertThatThrownBy(() -> SupporterForm.builder().zipCode("1220"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zipCode must be five digits such as 12207, but was '1220'.");
    assertThatThrownBy(() -> SupporterForm.builder().zipCode("12207-1021"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zipCode must be five digits such as 12207, but was '12207-1021'.");
    assertThatThrownBy(() -> SupporterForm.builder().zipPlus4("102"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zipPlus4 must be four digits such as 1021, but was '102'.");
    assertThatThrownBy(() -> SupporterForm.builder().firstName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("firstName is empty: the API documents no way to clear a field, so an empty value is not"
            + " sent; leave firstName unset to keep the current value.");
    assertThatThrownBy(() -> SupporterForm.builder().email(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("email == null");
  }

  @Test
  void aFormWithNothingToSendOrACreateWithoutAnIdentityIsRefused() {
    assertThatThrownBy(() -> SupporterForm.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A SupporterForm needs at least one field; none is set.");
    SupporterForm nameOnly = SupporterForm.builder().firstName("Maria").build();
    assertThatThrownBy(() -> rally.createSupporter(nameOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("createSupporter needs an email or a customId (the spec asks for at least one),"
            + " but the form sets SupporterForm[firstname].");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void toStringNamesTheFieldsNotTheirValues() {
    SupporterForm form = SupporterForm.builder().email("maria.gonzalez@example.org").state("NY").build();

    assertThat(form).hasToString("SupporterForm[email, state]");
    assertThat(form.newBuilder().city("Albany").build()).hasToString("SupporterForm[email, city, state]");
  }

  /**
   * The published docs' 202 means more information is needed and the request was not completed.
   * Only an action's submission documents it; to a supporter write its body would decode as a
   * Supporter (whose id is a pending one's), and the caller would take it for a write done.
   */
  @Test
  void a202ToASupporterWriteIsAnErrorNotAWriteDone() throws Exception {
    String pending = "{\"id\":\"pending-7\",\"missingFields\":[{\"name\":\"zipcode\",\"type\":\"text\",\"isRequired\":true}]}";
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(202, pending));
    }
    SupporterForm form = SupporterForm.builder().email("ada@example.org").city("Albany").build();

    Throwable created = TestClients.failure(rally.createSupporter(form));
    Throwable updated = TestClients.failure(rally.updateSupporter("900123", form));
    Throwable updatedByTheGeneratedApi = TestClients.failure(rally.supportersApi().updateSupporter("900123",
        io.github.rallycongress.generated.api.SupportersApi.UpdateSupporterRequest.builder().city("Albany").build()));

    for (Throwable error : new Throwable[] {created, updated, updatedByTheGeneratedApi}) {
      assertThat(error).isExactlyInstanceOf(RallyApiException.class);
      assertThat(((RallyApiException) error).status()).isEqualTo(202);
      assertThat(error.getMessage()).contains("needs more information and did not complete the request");
    }
    assertThat(server.getRequestCount()).as("a POST answered is never sent again").isEqualTo(3);
  }
}
