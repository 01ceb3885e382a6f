package io.github.rallycongress.it;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lists the campaigns and streams every supporter of a sandbox, as the README shows, then checks
 * that every property the sandbox sent decoded and that unknown enum values decode. Exits with
 * status 1 on anything thrown anywhere (a {@code NoSuchMethodError} or {@code NoClassDefFoundError}
 * from a library version the POMs let win, a decoding error, an error RxJava could not deliver, a
 * thread dying), on a wrong value, or when still running after 3 minutes; 0 otherwise.
 *
 * <p>Argument: the sandbox-app project directory.
 */
public final class ClientApp {
  private static final int SUPPORTERS = 1234;
  private static final long SEED = 7;

  private ClientApp() {
  }

  public static void main(String[] args) {
    // Fail at once, with the error, on anything thrown where the main thread cannot see it.
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> fail("Thread " + thread.getName() + " died", error));
    RxJavaPlugins.setErrorHandler(error -> fail("RxJava could not deliver an error", error));
    watchdog();
    try (SandboxProcess sandbox = SandboxProcess.start(Paths.get(args[0]), SUPPORTERS, SEED)) {
      run(sandbox);
    } catch (Throwable error) {
      fail("The app failed", error);
    }
    System.exit(0);
  }

  private static void fail(String what, Throwable error) {
    System.err.println("client-app: " + what + ":");
    error.printStackTrace();
    System.exit(1);
  }

  /** A hang (a stream that never ends) fails too, with every thread's stack, instead of blocking the build. */
  private static void watchdog() {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(3));
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("client-app: still running after 3 minutes; the threads:");
      for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
        System.err.println(thread.getKey());
        for (StackTraceElement frame : thread.getValue()) {
          System.err.println("    at " + frame);
        }
      }
      System.exit(1);
    }, "client-app-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static void run(SandboxProcess sandbox) throws IOException {
    RallyCongress rally = RallyCongress.builder()
        .baseUrl(sandbox.setting("RALLY_BASE_URL"))
        .credentials(sandbox.setting("RALLY_ACCOUNT_ID"), sandbox.setting("RALLY_AUTH_TOKEN"))
        .build();

    List<Campaign> campaigns = rally.campaigns().toList().blockingGet();
    check(!campaigns.isEmpty(), "the sandbox serves campaigns, but the list was empty");
    for (Campaign campaign : campaigns) {
      check(campaign.getId() != null && campaign.getTitle() != null, "campaign without id or title: " + campaign);
    }

    Set<String> ids = new HashSet<>();
    List<Supporter> supporters = rally.supporters(SupporterQuery.all()).toList().blockingGet();
    for (Supporter supporter : supporters) {
      check(ids.add(supporter.getId()), "supporter " + supporter.getId() + " came twice");
    }
    check(supporters.size() == SUPPORTERS, "expected " + SUPPORTERS + " supporters, streamed " + supporters.size());

    // Every property the sandbox sent reached the models, through the client's own decoding too.
    Decoding decoding = new Decoding(sandbox.setting("RALLY_BASE_URL"), sandbox.setting("RALLY_ACCOUNT_ID"),
        sandbox.setting("RALLY_AUTH_TOKEN"));
    List<Supporter> firstPage = decoding.supporterPage().getSupporters();
    check(supporters.subList(0, firstPage.size()).equals(firstPage), "streamed supporters differ from the page sent");
    List<Campaign> firstCampaigns = decoding.campaignPage().getCampaigns();
    check(campaigns.subList(0, firstCampaigns.size()).equals(firstCampaigns), "listed campaigns differ from the page sent");
    decoding.unknownEnumValuesDecode();
    System.out.println("client-app: " + campaigns.size() + " campaigns, " + supporters.size()
        + " supporters; every property sent decoded; unknown enum values decoded");
  }

  private static void check(boolean condition, String failure) {
    Decoding.check(condition, failure);
  }
}
