package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.SUPPORTER_JSON;
import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.json;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.observers.TestObserver;
import io.github.rallycongress.generated.model.Supporter;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Disposing cancels the HTTP call, and the cancellation's error reaches nobody (RxJavaPlugins included). */
@Timeout(value = 20, unit = SECONDS)
class DisposeTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void disposingAnInFlightCallCancelsItAndNothingIsDelivered() throws Exception {
    CountDownLatch canceled = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    OkHttpClient listening = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.countDown();
      }

      @Override
      public void callFailed(Call call, IOException ioe) {
        failed.countDown();
      }
    }).build();
    server.enqueue(json(200, SUPPORTER_JSON).newBuilder().headersDelay(2, SECONDS).build());
    RallyCongress rally = client(server).okHttpClient(listening).build();

    TestObserver<Supporter> observer = rally.supporter("900123").test();
    assertThat(server.takeRequest(2, SECONDS)).isNotNull();
    observer.dispose();

    assertThat(canceled.await(2, SECONDS)).as("call canceled").isTrue();
    assertThat(failed.await(2, SECONDS)).as("call ended by the cancel").isTrue();
    observer.assertEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
