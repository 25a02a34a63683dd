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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A stand-in for a service behind the gateway: a real HTTP server that records what reached it
 * (keyed by the test's {@code X-Test-Id} header) and answers with its name, honouring a simple
 * {@code Range: bytes=a-b} the way media-store does.
 */
final class Downstream {
  static final String TEST_ID = "X-Test-Id";
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
      byte[] response =
          ("{\"service\":\"" + name + "\",\"bytes\":" + bytes + "}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, response.length);
      exchange.getResponseBody().write(response);
    } catch (IOException e) {
      // The gateway cut the upload off (body over its limit): nothing to answer.
    }
  }
}
