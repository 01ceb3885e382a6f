package io.github.rallycongress.it;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lists the campaigns and streams every supporter of a sandbox, as the README shows. Exits with
 * status 1 on anything thrown anywhere (a {@code NoSuchMethodError} or {@code NoClassDefFoundError}
 * from a library version the POMs let win, a decoding error, an error RxJava could not deliver, a
 * dispatcher thread dying) or on a wrong count; 0 otherwise.
 *
 * <p>Argument: the sandbox-app project directory.
 */
public final class ClientApp {
  private static final int SUPPORTERS = 1234;
  private static final long SEED = 7;

  private ClientApp() {
  }

  public static void main(String[] args) {
    List<Throwable> elsewhere = new CopyOnWriteArrayList<>();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> elsewhere.add(error));
    RxJavaPlugins.setErrorHandler(elsewhere::add);
    try (SandboxProcess sandbox = SandboxProcess.start(Paths.get(args[0]), SUPPORTERS, SEED)) {
      run(sandbox);
    } catch (Throwable error) {
      error.printStackTrace();
      System.exit(1);
    }
    if (!elsewhere.isEmpty()) {
      for (Throwable error : elsewhere) {
        error.printStackTrace();
      }
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(SandboxProcess sandbox) {
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
    System.out.println("client-app: " + campaigns.size() + " campaigns, " + supporters.size() + " supporters");
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }
}
