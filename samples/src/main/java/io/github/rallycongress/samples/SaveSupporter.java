package io.github.rallycongress.samples;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterForm;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;

/**
 * App sample: writes a supporter with a {@link SupporterForm}, no positional nulls. Creates one,
 * then changes only the opt-in and the phone: the fields not set are not sent, so they keep their
 * values. Bad values (a lowercase state, a 4-digit ZIP code) fail when set, before any request.
 *
 * <p>Run with {@code java -cp samples/target/rally.jar io.github.rallycongress.samples.SaveSupporter}:
 * an embedded sandbox, unless {@code RALLY_BASE_URL}, {@code RALLY_ACCOUNT_ID} and
 * {@code RALLY_AUTH_TOKEN} are set.
 */
public final class SaveSupporter {
  private SaveSupporter() {
  }

  public static void main(String[] args) throws IOException {
    try (Endpoint endpoint = Endpoint.fromEnvironment(RallySandbox.builder())) {
      Supporter updated = save(endpoint.client(), "maria.gonzalez." + System.currentTimeMillis() + "@example.org");
      System.out.println("Supporter " + updated.getId() + ": opt-in " + updated.getEmailOptin() + ", phones "
          + updated.getPhones().size() + ", city " + updated.getAddresses().get(0).getCity());
    }
  }

  /** Creates a supporter with {@code email}, then opts them in and adds a phone; returns the update's answer. */
  static Supporter save(RallyCongress rally, String email) {
    SupporterForm newSupporter = SupporterForm.builder()
        .firstName("Maria")
        .lastName("Gonzalez")
        .email(email)
        .emailOptin(EmailOptin.PENDING)
        .street1("45 Eagle Street")
        .city("Albany")
        .state("NY")
        .zipCode("12207")
        .addressType(AddressType.HOME)
        .build();
    Supporter created = rally.createSupporter(newSupporter).blockingGet();

    // Only these two fields are sent; the name and the address stay as they are.
    SupporterForm change = SupporterForm.builder()
        .emailOptin(EmailOptin.YES)
        .phone("518-555-0147")
        .build();
    return rally.updateSupporter(created.getId(), change).blockingGet();
  }
}
