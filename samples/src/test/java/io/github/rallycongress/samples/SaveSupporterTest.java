package io.github.rallycongress.samples;

import static io.github.rallycongress.samples.Sandboxes.clientFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.RallySandbox;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SaveSupporter sample and {@code rally save-supporter}, against a sandbox that keeps what they write. */
class SaveSupporterTest {
  RallySandbox sandbox;
  RallyCongress rally;

  @BeforeEach
  void start() {
    sandbox = Sandboxes.start(RallySandbox.builder());
    rally = clientFor(sandbox).build();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private Map<String, String> env() {
    return Map.of("RALLY_BASE_URL", sandbox.baseUrl(), "RALLY_ACCOUNT_ID", sandbox.accountId(),
        "RALLY_AUTH_TOKEN", sandbox.authToken());
  }

  @Test
  void theUpdateChangesOnlyTheFieldsItSets() {
    Supporter updated = SaveSupporter.save(rally, "maria.sample@example.org");

    assertThat(updated.getEmailOptin()).isEqualTo(EmailOptin.YES);
    assertThat(updated.getFirstName()).isEqualTo("Maria");
    assertThat(updated.getLastName()).isEqualTo("Gonzalez");
    assertThat(updated.getAddresses()).singleElement().satisfies(address -> {
      assertThat(address.getAddressType()).isEqualTo(AddressType.HOME);
      assertThat(address.getStreet1()).isEqualTo("45 Eagle Street");
      assertThat(address.getCity()).isEqualTo("Albany");
      assertThat(address.getZipcode()).isEqualTo("12207");
    });
    assertThat(updated.getPhones()).extracting(phone -> phone.getTelephone()).containsExactly("518-555-0147");
    assertThat(rally.supporter("maria.sample@example.org").blockingGet()).isEqualTo(updated);
  }

  @Test
  void cliCreatesThenUpdatesAndPrintsWhatTheApiAnswered() {
    RallyCommandTest.Result created = RallyCommandTest.run(env(), "save-supporter", "--email", "ana.cli@example.org",
        "--first-name", "Ana", "--state", "NY", "--zip", "12207", "--city", "Albany", "--format", "csv");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.lines()).hasSize(2);
    assertThat(created.lines().get(1)).contains(",Ana,", ",ana.cli@example.org,", ",Albany,", ",NY,", ",12207,");

    RallyCommandTest.Result updated = RallyCommandTest.run(env(), "save-supporter", "ana.cli@example.org",
        "--optin", "yes", "--address-type", "work", "--city", "Troy", "--format", "json");
    assertThat(updated.code()).as(updated.err()).isZero();
    Supporter saved = rally.supporter("ana.cli@example.org").blockingGet();
    assertThat(saved.getFirstName()).isEqualTo("Ana");
    assertThat(saved.getEmailOptin()).isEqualTo(EmailOptin.YES);
    assertThat(saved.getAddresses()).extracting(a -> a.getAddressType().getValue(), a -> a.getCity())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Home", "Albany"), org.assertj.core.groups.Tuple.tuple("work", "Troy"));
    assertThat(updated.out()).contains("\"emailOptin\":\"yes\"", "\"city\":\"Troy\"");
  }

  @Test
  void cliSetsEveryStreetLine() {
    RallyCommandTest.Result created = RallyCommandTest.run(env(), "save-supporter", "--email", "lines.cli@example.org",
        "--street1", "350 Fifth Avenue", "--street2", "Floor 21", "--street3", "Suite 2100", "--city", "New York",
        "--state", "NY", "--zip", "10118");
    assertThat(created.code()).as(created.err()).isZero();

    Supporter saved = rally.supporter("lines.cli@example.org").blockingGet();
    assertThat(saved.getAddresses()).extracting(a -> a.getStreet1(), a -> a.getStreet2(), a -> a.getStreet3())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("350 Fifth Avenue", "Floor 21", "Suite 2100"));
  }

  @Test
  void cliRefusesBadValuesBeforeSendingAnything() {
    int before = sandbox.requestCount();

    RallyCommandTest.Result state = RallyCommandTest.run(env(), "save-supporter", "--email", "x@example.org",
        "--state", "ny");
    RallyCommandTest.Result nothing = RallyCommandTest.run(env(), "save-supporter", "1000010");
    RallyCommandTest.Result anonymous = RallyCommandTest.run(env(), "save-supporter", "--first-name", "Ana");

    assertThat(state.code()).isEqualTo(2);
    assertThat(state.err()).isEqualTo("rally: --state must be two capital letters such as NY, but was 'ny'." + System.lineSeparator()
        + "Try `rally save-supporter --help`." + System.lineSeparator());
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err()).contains("rally: Give at least one field to save, such as --email or --optin.");
    assertThat(anonymous.code()).isEqualTo(2);
    assertThat(anonymous.err()).isEqualTo("rally: A new supporter needs --email or --custom-id (the API asks for one"
        + " of them); to change a supporter, give its ID first." + System.lineSeparator()
        + "Try `rally save-supporter --help`." + System.lineSeparator());
    assertThat(sandbox.requestCount()).isEqualTo(before);
  }

  /** Told in the options' names, as every other usage error is. */
  @Test
  void formMistakesNameTheOptions() {
    assertThat(RallyCommandTest.run(env(), "save-supporter", "--email", "x@example.org", "--zip", "1234").err())
        .startsWith("rally: --zip must be ").doesNotContain("zipCode");
    assertThat(RallyCommandTest.run(env(), "save-supporter", "--email", "x@example.org", "--first-name", "").err())
        .startsWith("rally: --first-name is empty").doesNotContain("firstName");
  }
}
