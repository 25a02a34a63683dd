package dev.zoetrope.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A stand-in for a service behind the gateway: a real HTTP server that records what reached it
 * (keyed by the test's {@code X-Test-Id} header) and answers with its name, honouring a simple
 * {@code Range: bytes=a-b} the way media-store does, and an {@code Idempotency-Key} the way
 * generation-service does: a repeat of a key that got a 2xx is marked {@code Idempotent-Replayed:
 * true}. {@code X-Test-Status} picks the status to answer; {@code X-Test-Ignore-Idempotency: true}
 * plays an endpoint that ignores the key.
 */
final class Downstream {
  static final String TEST_ID = "X-Test-Id";
  static final String STATUS = "X-Test-Status";
  static final String IGNORE_IDEMPOTENCY = "X-Test-Ignore-Idempotency";
  static final byte[] CONTENT =
      "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

  record Seen(String method, String path, Map<String, List<String>> headers, long bodyBytes) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.getFirst();
    }
  }

  private final String name;
  private final HttpServer server;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final Set<String> usedKeys = ConcurrentHashMap.newKeySet();

  private Downstream(String name) {
    this.name = name;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  static Downstream start(String name) {
    return new Downstream(name);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Seen seen(String testId) {
    return seen.get(testId);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long bytes = 0;
      try (InputStream body = exchange.getRequestBody()) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = body.read(buffer)) > 0; ) {
          bytes += n;
        }
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(exchange.getRequestHeaders());
      String testId = exchange.getRequestHeaders().getFirst(TEST_ID);
      if (testId != null) {
        seen.put(
            testId,
            new Seen(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                headers,
                bytes));
      }
      exchange.getResponseHeaders().add("X-Downstream", name);
      String range = exchange.getRequestHeaders().getFirst("Range");
      if (range != null && range.matches("bytes=\\d+-\\d+")) {
        String[] ends = range.substring(6).split("-");
        int from = Integer.parseInt(ends[0]);
        int to = Math.min(Integer.parseInt(ends[1]), CONTENT.length - 1);
        exchange.getResponseHeaders().add("Content-Type", "video/mp4");
        exchange
            .getResponseHeaders()
            .add("Content-Range", "bytes " + from + "-" + to + "/" + CONTENT.length);
        exchange.sendResponseHeaders(206, to - from + 1);
        exchange.getResponseBody().write(CONTENT, from, to - from + 1);
        return;
      }
      String status = exchange.getRequestHeaders().getFirst(STATUS);
      int code = status == null ? 200 : Integer.parseInt(status);
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      if (key != null
          && code / 100 == 2
          && !"true".equals(exchange.getRequestHeaders().getFirst(IGNORE_IDEMPOTENCY))) {
        String scoped =
            exchange.getRequestHeaders().getFirst("Authorization")
                + " "
                + exchange.getRequestURI().getRawPath()
                + " "
                + key;
        if (!usedKeys.add(scoped)) {
          exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
        }
      }
      byte[] response =
          ("{\"service\":\"" + name + "\",\"bytes\":" + bytes + "}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(code, response.length);
      exchange.getResponseBody().write(response);
    } catch (IOException e) {
      // The gateway cut the upload off (body over its limit): nothing to answer.
    }
  }
}
