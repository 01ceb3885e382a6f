package io.github.rallycongress.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.generated.model.Supporter;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One client shared by many threads, as an app shares it: calls, page streams (sequential and
 * parallel), retries after 429 and 503, streams cut short and disposed, all at once. Every item
 * arrives once and in order, every request is sent as often as the retry policy says and no more,
 * the server never sees more than {@code maxConcurrentRequests} at once, and nothing reaches
 * {@code RxJavaPlugins.onError}.
 */
@Timeout(value = 120, unit = SECONDS)
class SharedClientStressTest {
  private static final int THREADS = 16;
  private static final int ROUNDS = 6;
  private static final int MAX_CONCURRENT = 3;
  private static final int LIST_SIZE = 23;

  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  /** Requests by method and target: each is first refused (429 or 503), then answered. */
  private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
  private final PageServer pages = new PageServer(LIST_SIZE, 5);

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          Thread.sleep(2); // long enough for calls to overlap on the server
          return answer(request);
        } finally {
          inFlight.decrementAndGet();
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private MockResponse answer(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String key = request.getMethod() + " " + request.getTarget()
        + (request.getMethod().equals("POST") ? " " + request.getBody().utf8() : "");
    int times = sent.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (times == 1) {
      // Every request is refused once: a POST with 429 (the only status a POST is sent again after).
      boolean busy = request.getMethod().equals("POST") || key.hashCode() % 2 == 0;
      return new MockResponse.Builder().code(busy ? 429 : 503).setHeader("Retry-After", "0")
          .setHeader("Content-Type", "application/json").body("{\"response\":{\"errors\":[\"Try again\"]}}").build();
    }
    String path = url.encodedPath();
    if (request.getMethod().equals("POST")) {
      String email = request.getBody().utf8().replaceAll(".*email=([^&]*).*", "$1").replace("%40", "@");
      return TestClients.json(201, "{\"id\":\"" + email + "\",\"email\":\"" + email + "\"}");
    }
    if (path.startsWith("/v3/supporters/")) {
      return TestClients.json(200, "{\"id\":\"" + path.substring("/v3/supporters/".length()) + "\"}");
    }
    return pages.dispatch(request);
  }

  private static List<String> ids(int from, int to) {
    return IntStream.range(from, to).mapToObj(Integer::toString).collect(Collectors.toList());
  }

  @Test
  void sixteenThreadsSharingOneClientGetEveryItemOnceWithinTheLimit() throws Exception {
    RallyCongress rally = TestClients.client(server).maxConcurrentRequests(MAX_CONCURRENT).build();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        work.add(threads.submit(() -> {
          start.await(30, SECONDS);
          for (int round = 0; round < ROUNDS; round++) {
            String tag = "t" + thread + "r" + round;
            SupporterQuery query = SupporterQuery.builder().lastName(tag).build();
            switch ((thread + round) % 6) {
              case 0:
                expect(problems, tag + " get", rally.supporter(tag).blockingGet().getId(), tag);
                break;
              case 1:
                Supporter created = rally.createSupporter(SupporterForm.builder().email(tag + "@example.org").build())
                    .blockingGet();
                expect(problems, tag + " create", created.getEmail(), tag + "@example.org");
                break;
              case 2:
                expect(problems, tag + " stream", idsOf(rally.supporters(query).toList().blockingGet()),
                    ids(0, LIST_SIZE));
                break;
              case 3:
                expect(problems, tag + " parallel", idsOf(rally.supporters(query,
                    PageOptions.builder().parallelism(3).build()).toList().blockingGet()), ids(0, LIST_SIZE));
                break;
              case 4:
                expect(problems, tag + " take", idsOf(rally.supporters(query).take(7).toList().blockingGet()),
                    ids(0, 7));
                break;
              default:
                try (Stream<Supporter> stream = rally.supporters(query).blockingStream(2)) {
                  expect(problems, tag + " blockingStream", idsOf(stream.limit(6).collect(Collectors.toList())),
                      ids(0, 6));
                }
                break;
            }
          }
          return null;
        }));
      }
      for (Future<?> future : work) {
        future.get(90, SECONDS);
      }
    } finally {
      threads.shutdownNow();
      rally.close();
    }

    assertThat(problems).isEmpty();
    assertThat(mostInFlight.get()).as("most requests on the server at once").isBetween(1, MAX_CONCURRENT);
    // Each request was refused once and then answered once: sent twice, never a third time (a page
    // asked for ahead of a stream that was then closed may have been cancelled after its refusal).
    Map<String, Integer> wrongCount = sent.entrySet().stream()
        .filter(e -> e.getValue().get() > 2 || (e.getValue().get() != 2 && !e.getKey().startsWith("GET /v3/supporters?")))
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    assertThat(wrongCount).as("requests sent other than twice").isEmpty();
    assertThat(sent.keySet().stream().filter(key -> key.startsWith("POST"))).hasSize(THREADS);
  }

  /**
   * A {@code close()} racing calls and streams of other threads: each ends with its whole result,
   * or with the closed error after the items it had (in order, none twice); nothing hangs or fails
   * otherwise, and the dispatcher's threads end once the last call has.
   */
  @Test
  void closeRacingSixteenThreadsEndsEachCallWithItsResultOrTheClosedError() throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      RallyCongress rally = TestClients.client(server).maxConcurrentRequests(MAX_CONCURRENT).build();
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      CyclicBarrier start = new CyclicBarrier(THREADS + 1);
      Queue<String> problems = new ConcurrentLinkedQueue<>();
      AtomicInteger closedErrors = new AtomicInteger();
      int requestsBefore = server.getRequestCount();
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          work.add(threads.submit(() -> {
            start.await(30, SECONDS);
            for (int round = 0; ; round++) {
              String tag = "c" + thread + "r" + round + "a" + server.getRequestCount();
              SupporterQuery query = SupporterQuery.builder().lastName(tag).build();
              List<Supporter> received = new CopyOnWriteArrayList<>();
              Throwable error;
              switch ((thread + round) % 3) {
                case 0:
                  error = errorOf(rally.supporter(tag).doOnSuccess(received::add).ignoreElement());
                  break;
                case 1:
                  error = errorOf(rally.supporters(query).doOnNext(received::add).ignoreElements());
                  break;
                default:
                  error = rally.supporters(query, PageOptions.builder().parallelism(3).build())
                      .doOnNext(received::add).ignoreElements().to(SharedClientStressTest::errorOf);
                  break;
              }
              if (error == null) {
                continue;
              }
              if (!(error instanceof IllegalStateException) || !DispatcherExecutor.CLOSED.equals(error.getMessage())) {
                problems.add(tag + ": " + error);
              } else if ((thread + round) % 3 != 0
                  && !idsOf(received).equals(ids(0, received.size()))) {
                problems.add(tag + ": received " + idsOf(received) + " before the closed error");
              }
              closedErrors.incrementAndGet();
              return null;
            }
          }));
        }
        start.await(30, SECONDS);
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (server.getRequestCount() < requestsBefore + 20 + attempt * 15 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        rally.close();
        for (Future<?> future : work) {
          future.get(60, SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(problems).isEmpty();
      assertThat(closedErrors).hasValue(THREADS);
      assertThat(mostInFlight.get()).as("most requests on the server at once").isBetween(1, MAX_CONCURRENT);
      assertThat(sent.entrySet().stream().filter(e -> e.getValue().get() > 2).map(Map.Entry::getKey))
          .as("requests sent more than twice").isEmpty();
      assertThat(rally.httpClient().dispatcher().executorService().awaitTermination(30, SECONDS))
          .as("the dispatcher's threads ended").isTrue();
    }
  }

  /** Streams and calls disposed at any point while others run: nothing reaches RxJavaPlugins.onError. */
  @Test
  void disposingCallsAndStreamsAtAnyPointSendsNothingToRxJavaPlugins() throws Exception {
    AtomicInteger clientInFlight = new AtomicInteger();
    AtomicInteger clientMost = new AtomicInteger();
    okhttp3.OkHttpClient app = new okhttp3.OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      clientMost.accumulateAndGet(clientInFlight.incrementAndGet(), Math::max);
      try {
        return chain.proceed(chain.request());
      } finally {
        clientInFlight.decrementAndGet();
      }
    }).build();
    RallyCongress rally = TestClients.client(server).okHttpClient(app).maxConcurrentRequests(MAX_CONCURRENT).build();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        work.add(threads.submit(() -> {
          start.await(30, SECONDS);
          for (int round = 0; round < 20; round++) {
            String tag = "d" + thread + "r" + round;
            SupporterQuery query = SupporterQuery.builder().lastName(tag).build();
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            Disposable subscription;
            switch (round % 3) {
              case 0:
                subscription = rally.supporter(tag).subscribe(v -> { }, errors::add);
                break;
              case 1:
                subscription = rally.supporters(query).subscribe(v -> { }, errors::add);
                break;
              default:
                subscription = rally.supporters(query, PageOptions.builder().parallelism(3).build())
                    .subscribe(v -> { }, errors::add);
                break;
            }
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(8));
            // Each request is refused once and then answered: no call fails before it is disposed.
            errors.forEach(error -> problems.add(tag + ": " + error));
            subscription.dispose();
          }
          return null;
        }));
      }
      for (Future<?> future : work) {
        future.get(90, SECONDS);
      }
      // The client still works, at its limit.
      assertThat(rally.supporters(SupporterQuery.builder().lastName("after").build()).map(Supporter::getId)
          .toList().blockingGet()).isEqualTo(ids(0, LIST_SIZE));
    } finally {
      threads.shutdownNow();
      rally.close();
    }
    assertThat(problems).isEmpty();
    // Counted in the client: a disposed call gives its place back at once, while the server may
    // still be working on the request whose connection was closed (it saw up to 16 at once here).
    assertThat(clientMost.get()).as("most requests in the client's network interceptor at once")
        .isBetween(1, MAX_CONCURRENT);
  }

  private static Throwable errorOf(io.reactivex.rxjava3.core.Completable completable) {
    try {
      return completable.blockingAwait(60, SECONDS) ? null : new AssertionError("no result within 60 s");
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static List<String> idsOf(List<Supporter> supporters) {
    return supporters.stream().map(Supporter::getId).collect(Collectors.toList());
  }

  private static void expect(Queue<String> problems, String what, Object actual, Object expected) {
    if (!actual.equals(expected)) {
      problems.add(what + ": " + actual + " instead of " + expected);
    }
  }
}
