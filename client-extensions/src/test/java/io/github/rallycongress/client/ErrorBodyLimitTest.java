package io.github.rallycongress.client;

import static io.github.rallycongress.client.TestClients.client;
import static io.github.rallycongress.client.TestClients.failure;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.GzipSink;
import okio.Okio;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An error body is read for its messages only: at most {@link NetworkAttempt#MAX_ERROR_BODY_BYTES}
 * of it, decompressed, whatever the server sends. Retrofit reads an error body whole into memory,
 * so a server sending an endless one (or a small gzip that inflates without end) would otherwise
 * fill the heap; these servers never stop writing until the client hangs up.
 */
@Timeout(value = 30, unit = SECONDS)
class ErrorBodyLimitTest {
  @RegisterExtension final UndeliverableErrors undeliverable = new UndeliverableErrors();

  private ServerSocket serverSocket;
  private Thread serverThread;

  @AfterEach
  void stop() throws Exception {
    if (serverSocket != null) {
      serverSocket.close();
      serverThread.join(5_000);
    }
  }

  /** Answers one request with {@code head} and then {@code body} until the client hangs up. */
  private HttpUrl endless(String head, BodyWriter body) throws IOException {
    serverSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    serverThread = new Thread(() -> {
      try (Socket socket = serverSocket.accept()) {
        Okio.buffer(Okio.source(socket)).readUtf8LineStrict(); // the request line is enough
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        body.writeUntilHungUp(out);
      } catch (IOException hungUp) {
        // the client stopped reading: what this test wants
      }
    });
    serverThread.start();
    return HttpUrl.get("http://127.0.0.1:" + serverSocket.getLocalPort() + "/v3/");
  }

  private interface BodyWriter {
    void writeUntilHungUp(OutputStream out) throws IOException;
  }

  @Test
  void anEndlessErrorBodyIsCutAndTheTypedErrorStillArrives() throws Exception {
    HttpUrl baseUrl = endless("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
        out -> {
          byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
          while (true) {
            out.write(chunk);
          }
        });
    RallyCongress rally = client(baseUrl).retryPolicy(RetryPolicy.none()).callTimeout(Duration.ofSeconds(20)).build();

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(BadRequestException.class,
        e -> assertThat(e.bodySnippet()).isEqualTo("x".repeat(200)));
  }

  @Test
  void anEndlesslyInflatingGzipErrorBodyIsCutAfterDecompression() throws Exception {
    HttpUrl baseUrl = endless("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
        + "Content-Encoding: gzip\r\nConnection: close\r\n\r\n", out -> {
          GZIPOutputStream gzip = new GZIPOutputStream(out);
          byte[] megabyte = "x".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII); // about 1 KB compressed
          while (true) {
            gzip.write(megabyte);
          }
        });
    RallyCongress rally = client(baseUrl).retryPolicy(RetryPolicy.none()).callTimeout(Duration.ofSeconds(20)).build();

    Throwable failure = failure(rally.supporter("900123"));

    assertThat(failure).isInstanceOfSatisfying(ServerErrorException.class,
        e -> assertThat(e.bodySnippet()).isEqualTo("x".repeat(200)));
  }

  /**
   * The answer OkHttp would have acted on itself (here: a 503 with {@code Retry-After: 0}) is
   * inflated by this client, not by OkHttp: bounded too.
   */
  @Test
  void aKeptAnswerInflatesToTheLimitAndNoFurther() throws Exception {
    Buffer compressed = new Buffer();
    try (BufferedSink gzip = Okio.buffer(new GzipSink(compressed))) {
      for (int i = 0; i < 64; i++) {
        gzip.write(new byte[1024 * 1024]); // 64 MB of zeros, about 64 KB compressed
      }
    }
    NetworkAttempt.Answer answer = new NetworkAttempt.Answer(Protocol.HTTP_1_1, 503, "Service Unavailable",
        Headers.of("Content-Encoding", "gzip", "Retry-After", "0"), MediaType.get("text/plain"), compressed);

    Response response = answer.toResponse(new Request.Builder().url("https://api.rallycongress.net/v3/supporters").build());

    assertThat(response.body().contentLength()).isEqualTo(NetworkAttempt.MAX_ERROR_BODY_BYTES);
    assertThat(response.header("Content-Encoding")).isNull();
  }
}
