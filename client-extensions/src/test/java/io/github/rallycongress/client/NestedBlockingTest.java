package io.github.rallycongress.client;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.rallycongress.sandbox.NoDelayServerSockets;
import io.github.rallycongress.generated.model.Supporter;
import java.io.IOException;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A subscriber may block on other calls of the same client inside {@code onNext} or {@code onError},
 * at any depth, whatever {@code maxConcurrentRequests} is, 1 included: nothing hangs, and the client
 * still works afterwards.
 */
class NestedBlockingTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    PageServer pages = new PageServer(6, 2);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.startsWith("/v3/supporters/missing")) {
          return TestClients.error(404, "No such supporter");
        }
        if (path.startsWith("/v3/supporters/")) {
          return TestClients.json(200, "{\"id\":\"" + path.substring("/v3/supporters/".length()) + "\"}");
        }
        return pages.dispatch(request);
      }
    });
    server.setServerSocketFactory(new NoDelayServerSockets()); // no Nagle delay per call
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RallyCongress client(int maxConcurrentRequests) {
    return TestClients.client(server).maxConcurrentRequests(maxConcurrentRequests).build();
  }

  @ParameterizedTest(name = "maxConcurrentRequests {0}")
  @ValueSource(ints = {1, 2, 4})
  void aBlockingCallInsideOnNextCompletes(int max) {
    RallyCongress rally = client(max);

    List<String> ids = assertTimeoutPreemptively(ofSeconds(10), () -> rally.supporters(SupporterQuery.all())
        .map(s -> rally.supporter(s.getId()).blockingGet().getId())
        .toList().blockingGet());

    assertThat(ids).containsExactly("0", "1", "2", "3", "4", "5");
    assertThat(assertTimeoutPreemptively(ofSeconds(5), () -> rally.supporter("after").blockingGet().getId()))
        .as("the client still works").isEqualTo("after");
  }

  @ParameterizedTest(name = "maxConcurrentRequests {0}")
  @ValueSource(ints = {1, 2})
  void blockingCallsNestedThreeDeepComplete(int max) {
    RallyCongress rally = client(max);

    List<String> paths = assertTimeoutPreemptively(ofSeconds(20), () -> rally.supporters(SupporterQuery.all())
        .map(a -> a.getId() + ">" + rally.supporters(SupporterQuery.all(), PageOptions.builder().limit(3).build())
            .map(b -> b.getId() + ">" + rally.supporter(b.getId() + "c").blockingGet().getId())
            .toList().blockingGet())
        .toList().blockingGet());

    assertThat(paths).hasSize(6).allSatisfy(path -> assertThat(path).endsWith("[0>0c, 1>1c, 2>2c]"));
  }

  @ParameterizedTest(name = "maxConcurrentRequests {0}")
  @ValueSource(ints = {1, 2})
  void aBlockingCallInsideOnErrorCompletes(int max) {
    RallyCongress rally = client(max);

    Supporter recovered = assertTimeoutPreemptively(ofSeconds(10), () -> rally.supporter("missing")
        .onErrorResumeNext(e -> io.reactivex.rxjava3.core.Single.just(rally.supporter("fallback").blockingGet()))
        .blockingGet());

    assertThat(recovered.getId()).isEqualTo("fallback");
  }

  @ParameterizedTest(name = "maxConcurrentRequests {0}")
  @ValueSource(ints = {1, 3})
  void parallelPagesWithBlockingCallsInsideOnNextComplete(int max) {
    RallyCongress rally = client(max);

    List<String> ids = assertTimeoutPreemptively(ofSeconds(10), () -> rally
        .supporters(SupporterQuery.all(), PageOptions.builder().parallelism(3).build())
        .map(s -> rally.supporter(s.getId()).blockingGet().getId())
        .toList().blockingGet());

    assertThat(ids).containsExactly("0", "1", "2", "3", "4", "5");
  }
}
