package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.RetryPolicy;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {
  @Test
  void withNothingSetAnEmbeddedSandboxAnswersUntilClosed() throws IOException {
    RallySandbox sandbox;
    try (Endpoint endpoint = Endpoint.fromEnvironment(null, Map.of("RALLY_BASE_URL", "")::get,
        RallySandbox.builder().supporters(3))) {
      sandbox = endpoint.sandbox();
      assertThat(sandbox).isNotNull();
      assertThat(endpoint.baseUrl()).isEqualTo(sandbox.baseUrl());
      assertThat(endpoint.client().supporters(SupporterQuery.all()).count()
          .blockingGet()).isEqualTo(3);
    }
    RallySandbox closed = sandbox;
    assertThatThrownBy(() -> RallyCongress.builder().baseUrl(closed.baseUrl())
        .credentials(closed.accountId(), closed.authToken()).retryPolicy(RetryPolicy.none()).build()
        .campaign("17465").blockingGet())
        .as("stopped with the endpoint").hasRootCauseInstanceOf(ConnectException.class);
  }

  @Test
  void theEnvironmentNamesTheApi() throws IOException {
    Map<String, String> env = Map.of("RALLY_BASE_URL", "https://api.example.org/v3/", "RALLY_ACCOUNT_ID", "AC1",
        "RALLY_AUTH_TOKEN", "secret");
    try (Endpoint endpoint = Endpoint.fromEnvironment(null, env::get, RallySandbox.builder())) {
      assertThat(endpoint.sandbox()).isNull();
      assertThat(endpoint.baseUrl()).isEqualTo("https://api.example.org/v3/");
      assertThat(endpoint.client().baseUrl().toString()).isEqualTo("https://api.example.org/v3/");
      assertThat(endpoint.toString()).doesNotContain("secret");
    }
  }

  @Test
  void credentialsAloneMeanTheRealApi() throws IOException {
    Map<String, String> env = Map.of("RALLY_ACCOUNT_ID", "AC1", "RALLY_AUTH_TOKEN", "secret");
    try (Endpoint endpoint = Endpoint.fromEnvironment(null, env::get, RallySandbox.builder())) {
      assertThat(endpoint.baseUrl()).isEqualTo("https://api.rallycongress.net/v3/");
    }
  }

  @Test
  void aBaseUrlWithoutCredentialsIsRefused() {
    Map<String, String> env = Map.of("RALLY_BASE_URL", "https://api.example.org/v3/");

    assertThatThrownBy(() -> Endpoint.fromEnvironment(null, env::get, RallySandbox.builder()))
        .isInstanceOf(Rally.MissingCredentialsException.class)
        .hasMessage("No credentials: set the environment variables RALLY_ACCOUNT_ID and RALLY_AUTH_TOKEN (control"
            + " panel: Account Settings, API), or unset RALLY_BASE_URL to use a sandbox.");
  }
}
