package io.github.rallycongress.sync;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.RetryPolicy;
import io.github.rallycongress.generated.api.SupportersApi.CreateSupporterRequest;
import io.github.rallycongress.generated.api.SupportersApi.UpdateSupporterRequest;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.sandbox.RallySandbox;
import java.time.Duration;

/** A client of a sandbox, and the supporter writes the tests make through the API. */
final class SandboxWrites {
  /** Quick retries, enough of them to outlast the injected faults of a test. */
  static final RetryPolicy QUICK_RETRIES = RetryPolicy.builder()
      .maxAttempts(8)
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(50))
      .maxElapsed(Duration.ofSeconds(30))
      .build();

  private SandboxWrites() {
  }

  static RallyCongress client(RallySandbox sandbox) {
    return client(sandbox, QUICK_RETRIES);
  }

  static RallyCongress client(RallySandbox sandbox, RetryPolicy retries) {
    return RallyCongress.builder()
        .baseUrl(sandbox.baseUrl())
        .credentials(sandbox.accountId(), sandbox.authToken())
        .retryPolicy(retries)
        .build();
  }

  static Supporter rename(RallyCongress rally, String id, String firstName) {
    return rally.supportersApi().updateSupporter(id, UpdateSupporterRequest.builder().firstname(firstName).build())
        .blockingGet();
  }

  /** Moves the supporter's address of {@code type} (adding one if it has none), with a phone, and sets its opt-in. */
  static Supporter move(RallyCongress rally, String id, AddressType type, String street, String zipcode, String phone,
      EmailOptin optin) {
    return rally.supportersApi().updateSupporter(id, UpdateSupporterRequest.builder().emailoptin(optin).street1(street)
        .zipcode(zipcode).addresstype(type).phone(phone).build()).blockingGet();
  }

  static Supporter create(RallyCongress rally, String email, String firstName, String street, String zipcode) {
    return rally.supportersApi().createSupporter(CreateSupporterRequest.builder().firstname(firstName).lastname("Writer")
        .email(email).emailoptin(EmailOptin.YES).street1(street).zipcode(zipcode).addresstype(AddressType.HOME).build())
        .blockingGet().body();
  }
}
