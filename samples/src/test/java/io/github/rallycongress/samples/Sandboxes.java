package io.github.rallycongress.samples;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Sandboxes and clients for the sample tests. */
final class Sandboxes {
  private Sandboxes() {
  }

  static RallySandbox start(RallySandbox.Builder builder) {
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RallyCongress.Builder clientFor(RallySandbox sandbox) {
    return RallyCongress.builder().baseUrl(sandbox.baseUrl()).credentials(sandbox.accountId(), sandbox.authToken());
  }
}
