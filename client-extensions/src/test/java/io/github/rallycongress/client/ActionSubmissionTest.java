package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.await;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.FormField;
import java.io.IOException;
import java.util.Collections;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Submitting a campaign action: delivered, or a 202 asking for more that {@code completeAction} supplies. */
@Timeout(value = 20, unit = SECONDS)
class ActionSubmissionTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private RallyCongress rally;

  private static final ActionRequest LETTER = ActionRequest.builder("17465", ActionType.LETTER)
      .firstName("Ada").lastName("Lovelace").zipCode("12207").email("ada@example.org").noDelivery().build();

  @BeforeEach
  void start() throws IOException {
    server.start();
    rally = client(server).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * The Single is cold, as Retrofit's are: each subscription is a submission of its own, as
   * submitAction's javadoc warns (a second subscription, or RxJava's retry, is a second letter).
   */
  @Test
  void eachSubscriptionSubmitsTheActionAgain() throws Exception {
    server.enqueue(json(201, "{\"id\":\"sub-1\"}"));
    server.enqueue(json(201, "{\"id\":\"sub-2\"}"));
    io.reactivex.rxjava3.core.Single<ActionResult> submission = rally.submitAction(LETTER);

    assertThat(await(submission).id()).isEqualTo("sub-1");
    assertThat(await(submission).id()).isEqualTo("sub-2");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /**
   * ActionResult's javadoc: a 2xx the docs do not list for a POST (here 203) is a complete result
   * with its status as sent, not an error and not rewritten to 200.
   */
  @Test
  void anotherSuccessStatusWithABodyIsACompleteResultWithThatStatus() throws Exception {
    server.enqueue(json(203, "{\"id\":\"sub-1\"}"));

    ActionResult result = await(rally.submitAction(LETTER));

    assertThat(result.status()).isEqualTo(203);
    assertThat(result.isComplete()).isTrue();
    assertThat(result.needsMoreInformation()).isFalse();
    assertThat(result.id()).isEqualTo("sub-1");
  }

  /**
   * The published docs promise a submission id only on a 202; an inferred {@code required} made a
   * 200 or 201 without one fail to decode, the letter sent and the caller told it failed. Version
   * 4.0.0 of the spec requires it no more: the result is complete, its id null, and completing it
   * is refused without a "null" in the message.
   */
  @Test
  void aCompleteResultWithoutAnIdIsComplete() throws Exception {
    server.enqueue(json(200, "{\"messages\":[\"Sent to 2 offices.\"]}"));
    server.enqueue(json(201, "{}"));

    ActionResult ok = await(rally.submitAction(LETTER));
    ActionResult created = await(rally.submitAction(LETTER));

    assertThat(ok.isComplete()).isTrue();
    assertThat(ok.id()).isNull();
    assertThat(ok.submission().getMessages()).containsExactly("Sent to 2 offices.");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.id()).isNull();
    assertThat(ok).hasToString("ActionResult{status=200, id=null}");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> rally.completeAction(ok, Collections.singletonMap("street", "45 Eagle Street")))
        .withMessage("The submission is already complete (HTTP 200); only a 202 result needs completing.");
  }

  /**
   * A form that does not repeat its request's campaignId and actionType (the docs do not say it
   * does) decodes; they were required by inference, and such a form failed to decode.
   */
  @Test
  void aFormWithoutTheRequestsIdsDecodes() throws Exception {
    server.enqueue(json(200, "{\"title\":\"Write to your lawmakers\",\"fields\":[{\"name\":\"firstname\","
        + "\"label\":\"First name\",\"type\":\"text\",\"isRequired\":true}]}"));

    io.github.rallycongress.generated.model.ActionForm form = await(rally.actionForm("17465", ActionType.LETTER, null));

    assertThat(form.getCampaignId()).isNull();
    assertThat(form.getActionType()).isNull();
    assertThat(form.getFields()).extracting(FormField::getName).containsExactly("firstname");
  }

  /** What submitAction's javadoc advises for one result seen by several observers: sent once. */
  @Test
  void aCachedSubmissionIsSentOnceForEverySubscriber() throws Exception {
    server.enqueue(json(201, "{\"id\":\"sub-1\"}"));
    server.enqueue(json(201, "{\"id\":\"sub-2\"}"));
    io.reactivex.rxjava3.core.Single<ActionResult> submission = rally.submitAction(LETTER).cache();

    assertThat(await(submission).id()).isEqualTo("sub-1");
    assertThat(await(submission).id()).isEqualTo("sub-1");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /**
   * Observers of a cached submission share one result, and so one generated model (mutable, as
   * they all are): one observer changing it does not change what another's result says or what
   * its completion sends. Before, id() and missingFields() read the model, and a completion went
   * out with the id another observer had set.
   */
  @Test
  void aCachedResultKeepsItsIdAndMissingFieldsWhateverAnObserverSetsOnItsModel() throws Exception {
    server.enqueue(json(202, "{\"id\":\"sub-1\",\"missingFields\":[{\"name\":\"street\",\"label\":\"Street\","
        + "\"type\":\"text\",\"isRequired\":true}]}"));
    server.enqueue(json(201, "{\"id\":\"sub-1\"}"));
    io.reactivex.rxjava3.core.Single<ActionResult> submission = rally.submitAction(LETTER).cache();
    ActionResult first = await(submission);
    first.submission().id("sub-999");
    first.submission().getMissingFields().clear();

    ActionResult second = await(submission);

    assertThat(second.id()).isEqualTo("sub-1");
    assertThat(second.missingFields()).extracting(FormField::getName).containsExactly("street");
    await(rally.completeAction(second, Collections.singletonMap("street", "45 Eagle Street")));
    server.takeRequest(1, SECONDS);
    assertThat(server.takeRequest(1, SECONDS).getBody().utf8()).contains("id=sub-1&");
  }

  /**
   * missingFields() hands out copies: a FormField is a mutable generated model, and observers of a
   * cached result share the result. One changing the field it got (its name, its options) changes
   * nothing another sees; unknown properties are copied too.
   */
  @Test
  void missingFieldsAreCopiesThatAnObserverCannotChangeForAnother() throws Exception {
    server.enqueue(json(202, "{\"id\":\"sub-1\",\"missingFields\":[{\"name\":\"prefix\",\"label\":\"Prefix\","
        + "\"type\":\"select\",\"isRequired\":true,\"options\":[\"Mr.\",\"Ms.\"],\"hint\":\"as on the envelope\"}]}"));
    io.reactivex.rxjava3.core.Single<ActionResult> submission = rally.submitAction(LETTER).cache();
    ActionResult first = await(submission);
    FormField mine = first.missingFields().get(0);
    mine.name("street");
    mine.getOptions().add("Dr.");

    ActionResult second = await(submission);

    FormField theirs = second.missingFields().get(0);
    assertThat(theirs.getName()).isEqualTo("prefix");
    assertThat(theirs.getOptions()).containsExactly("Mr.", "Ms.");
    assertThat(theirs.getUnknownProperties()).containsEntry("hint", "\"as on the envelope\"");
    assertThat(first.missingFields().get(0).getName()).isEqualTo("prefix");
    assertThat(second).hasToString("ActionResult{status=202, id=sub-1, missingFields=[prefix]}");
  }

  /** completeAction would have no id to send: the 202 is reported where it arrives, through onError. */
  @Test
  void a202WithoutAnIdReachesOnErrorAsADecodingFailure() {
    server.enqueue(json(202, "{\"missingFields\":[{\"name\":\"street\",\"label\":\"Street\","
        + "\"type\":\"text\",\"isRequired\":true}]}"));

    rally.submitAction(LETTER).test().awaitDone(5, java.util.concurrent.TimeUnit.SECONDS)
        .assertError(RallyDecodingException.class)
        .assertError(e -> e.getMessage().equals("The response of submitCampaignAction could not be decoded at $.id:"
            + " HTTP 202 asks for more information but names no submission id to send it with"));
  }

  @Test
  void a202WithAnEmptyIdReachesOnErrorAsADecodingFailure() {
    server.enqueue(json(202, "{\"id\":\"\",\"missingFields\":[{\"name\":\"street\",\"label\":\"Street\","
        + "\"type\":\"text\",\"isRequired\":true}]}"));

    rally.submitAction(LETTER).test().awaitDone(5, java.util.concurrent.TimeUnit.SECONDS)
        .assertError(RallyDecodingException.class)
        .assertError(e -> e.getMessage().equals("The response of submitCampaignAction could not be decoded at $.id:"
            + " HTTP 202 asks for more information but names no submission id to send it with"));
  }

  @Test
  void accepted202NeedsMoreInformationAndCompletingItSendsTheIdTheOriginalFieldsAndTheMissingOnes() throws Exception {
    server.enqueue(json(202, "{\"id\":\"sub-77\",\"missingFields\":[{\"name\":\"street\",\"label\":\"Street\","
        + "\"type\":\"text\",\"isRequired\":true}],\"messages\":[\"Your ZIP code spans two districts.\"]}"));
    server.enqueue(json(200, "{\"id\":\"sub-77\",\"messages\":[\"Delivered\"]}"));

    ActionResult pending = await(rally.submitAction(LETTER));

    assertThat(pending.needsMoreInformation()).isTrue();
    assertThat(pending.isComplete()).isFalse();
    assertThat(pending.status()).isEqualTo(202);
    assertThat(pending.id()).isEqualTo("sub-77");
    assertThat(pending.missingFields()).extracting(FormField::getName).containsExactly("street");
    assertThat(pending).hasToString("ActionResult{status=202, id=sub-77, missingFields=[street]}");

    ActionResult done = await(rally.completeAction(pending, Collections.singletonMap("street", "45 Eagle Street")));

    assertThat(done.isComplete()).isTrue();
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.missingFields()).isEmpty();
    RecordedRequest first = server.takeRequest(1, SECONDS);
    RecordedRequest second = server.takeRequest(1, SECONDS);
    assertThat(first.getRequestLine()).isEqualTo("POST /v3/campaigns/17465/letter HTTP/1.1");
    assertThat(first.getBody().utf8())
        .isEqualTo("firstname=Ada&lastname=Lovelace&zipcode=12207&email=ada%40example.org&mode=no_delivery");
    assertThat(second.getRequestLine()).isEqualTo("POST /v3/campaigns/17465/letter HTTP/1.1");
    assertThat(second.getHeaders().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(second.getBody().utf8()).isEqualTo("firstname=Ada&lastname=Lovelace&zipcode=12207&id=sub-77"
        + "&street=45+Eagle+Street&email=ada%40example.org&mode=no_delivery");
  }

  @Test
  void createdIsComplete() throws Exception {
    server.enqueue(json(201, "{\"id\":\"sub-78\"}"));

    ActionResult result = await(rally.submitAction(LETTER));

    assertThat(result.isComplete()).isTrue();
    assertThat(result.needsMoreInformation()).isFalse();
    assertThat(result.status()).isEqualTo(201);
    assertThat(result.id()).isEqualTo("sub-78");
  }

  @Test
  void aCompleteResultCannotBeCompletedAgain() throws Exception {
    server.enqueue(json(200, "{\"id\":\"sub-79\"}"));
    ActionResult done = await(rally.submitAction(LETTER));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> rally.completeAction(done, Collections.singletonMap("street", "45 Eagle Street")))
        .withMessage("Submission sub-79 is already complete (HTTP 200); only a 202 result needs completing.");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
