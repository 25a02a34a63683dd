package dev.zoetrope.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/** Peer calls carry the service token, stay within their timeout, and are tried once. */
class InternalClientsTest {
  private final CountDownLatch never = new CountDownLatch(1);
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private final AtomicInteger unavailableCalls = new AtomicInteger();
  private HttpServer server;
  private InternalClients clients;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/token", x -> respond(x, 200, "{\"access_token\":\"t-1\",\"expires_in\":3600}"));
    server.createContext(
        "/ok",
        x -> {
          authorization.set(x.getRequestHeaders().getFirst("Authorization"));
          respond(x, 200, "{}");
        });
    server.createContext(
        "/hangs",
        x -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.createContext(
        "/unavailable",
        x -> {
          unavailableCalls.incrementAndGet();
          respond(x, 503, "{}");
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    clients =
        new InternalClients(
            new ServiceTokens(URI.create(base + "/token"), "svc", "secret"), RestClient.builder());
  }

  @AfterEach
  void stop() throws Exception {
    never.countDown();
    clients.destroy();
    server.stop(0);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange x, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  @Test
  void aCallCarriesTheServiceToken() {
    RestClient peer = clients.forBaseUrl(base(), Duration.ofSeconds(5));

    peer.post().uri("/ok").body("{}").retrieve().toBodilessEntity();

    assertThat(authorization.get()).isEqualTo("Bearer t-1");
  }

  @Test
  void aPeerThatNeverAnswersFailsTheCallAtItsTimeout() {
    RestClient peer = clients.forBaseUrl(base(), Duration.ofMillis(300));
    long start = System.nanoTime();

    assertThatThrownBy(() -> peer.post().uri("/hangs").body("{}").retrieve().toBodilessEntity())
        .isInstanceOf(ResourceAccessException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aRefusedCallIsTriedOnceTheCallerOwnsRetries() {
    RestClient peer = clients.forBaseUrl(base(), Duration.ofSeconds(5));

    assertThatThrownBy(
        () -> peer.post().uri("/unavailable").body("{}").retrieve().toBodilessEntity());
    assertThat(unavailableCalls).hasValue(1);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
