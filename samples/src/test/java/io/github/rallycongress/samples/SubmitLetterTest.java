package io.github.rallycongress.samples;

import static io.github.rallycongress.samples.Sandboxes.clientFor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.client.ActionRequest;
import io.github.rallycongress.client.ActionResult;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.FormField;
import io.github.rallycongress.generated.model.Target;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmitLetterTest {
  RallySandbox sandbox;
  RallyCongress rally;
  final List<ActionResult> shownToTheUser = new ArrayList<>();

  @BeforeEach
  void start() {
    sandbox = Sandboxes.start(RallySandbox.builder());
    rally = clientFor(sandbox).build();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  static ActionRequest letter(String zip) {
    return ActionRequest.builder("17465", ActionType.LETTER)
        .firstName("Ada").lastName("Lovelace").email("ada@example.org").zipCode(zip)
        .subject("Keep the Hudson River Clean").message("Please keep the Hudson River clean.").build();
  }

  @Test
  void a202IsCompletedWithWhatTheUserFilledIn() {
    ActionResult result = SubmitLetter.send(rally, letter("10001"), pending -> {
      shownToTheUser.add(pending);
      return Map.of("street", "350 Fifth Avenue", "topic", "Environment");
    });

    assertThat(shownToTheUser).hasSize(1);
    ActionResult pending = shownToTheUser.get(0);
    assertThat(pending.status()).isEqualTo(202);
    assertThat(pending.missingFields()).extracting(FormField::getName).containsExactly("street", "topic");
    assertThat(pending.submission().getMessages()).containsExactly(
        "This ZIP code spans more than one congressional district (NY12, NY10); a street address is needed to find"
            + " your representative.",
        "The office of Senator Alex Rivera requires a topic.");

    assertThat(result.isComplete()).isTrue();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.id()).isEqualTo(pending.id());
    assertThat(result.submission().getMessages())
        .containsExactly("Your message has been queued for delivery to 3 offices.");
    assertThat(result.submission().getTargets()).extracting(Target::getName).hasSize(3).contains("Alex Rivera");
  }

  @Test
  void theSamplesOwnFormShowsWhatIsNeededAndAnswersEveryField() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(printed, true, UTF_8));
    ActionResult result;
    try {
      result = SubmitLetter.send(rally, letter("10001").newBuilder().noDelivery().build(), SubmitLetter::fillIn);
    } finally {
      System.setOut(stdout);
    }

    assertThat(printed.toString(UTF_8).lines()).containsExactly(
        "HTTP 202: submission " + result.id() + " needs more information.",
        "  This ZIP code spans more than one congressional district (NY12, NY10); a street address is needed to"
            + " find your representative.",
        "  The office of Senator Alex Rivera requires a topic.",
        "  Street address (street, text): 350 Fifth Avenue",
        "  Topic (topic, select): Environment");
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.submission().getMessages()).containsExactly(
        "Test submission (mode=no_delivery): the letter action was checked and nothing was delivered.");
  }

  @Test
  void aLetterThatNeedsNothingMoreIsCreatedWithoutAsking() {
    ActionResult result = SubmitLetter.send(rally, letter("94103"), pending -> {
      shownToTheUser.add(pending);
      return Map.of();
    });

    assertThat(shownToTheUser).isEmpty();
    assertThat(result.status()).isEqualTo(201);
    assertThat(result.submission().getMessages())
        .containsExactly("Your message has been queued for delivery to 3 offices.");
  }
}
