package io.github.rallycongress.it;

import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;

/**
 * Serves a sandbox until its standard input closes, so that the process that started it stops it
 * by closing the pipe (or by exiting). Prints {@code KEY=value} lines, then {@code READY}.
 *
 * <p>Arguments: the number of supporters, then the seed.
 */
public final class SandboxServer {
  private SandboxServer() {
  }

  public static void main(String[] args) throws IOException {
    int supporters = Integer.parseInt(args[0]);
    long seed = Long.parseLong(args[1]);
    RallySandbox sandbox = RallySandbox.builder().supporters(supporters).seed(seed).build().start();
    try {
      System.out.println("RALLY_BASE_URL=" + sandbox.baseUrl());
      System.out.println("RALLY_ACCOUNT_ID=" + sandbox.accountId());
      System.out.println("RALLY_AUTH_TOKEN=" + sandbox.authToken());
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() != -1) {
        // Wait for end of input: the parent closed the pipe or exited.
      }
    } finally {
      sandbox.close();
    }
  }
}
