package dev.zoetrope.moderation.checks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for media-store's {@code GET /internal/assets/{id}/content} over real HTTP, and insists
 * on a service token for moderation-service as the real one would.
 */
final class FakeMediaStore implements AutoCloseable {
  private final HttpServer server;
  private final Map<UUID, byte[]> assets = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger unauthorized = new AtomicInteger();

  FakeMediaStore() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/internal/assets/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  UUID put(byte[] bytes) {
    UUID id = UUID.randomUUID();
    assets.put(id, bytes);
    return id;
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !subject(auth).equals("svc:moderation-service")) {
        unauthorized.incrementAndGet();
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String[] parts = exchange.getRequestURI().getPath().split("/");
      // /internal/assets/{id}/content
      byte[] body = null;
      if (parts.length == 5
          && parts[4].equals("content")
          && "GET".equals(exchange.getRequestMethod())) {
        try {
          body = assets.get(UUID.fromString(parts[3]));
        } catch (IllegalArgumentException e) {
          body = null;
        }
      }
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "video/mp4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String subject(String bearer) {
    String[] jwt = bearer.replaceFirst("^Bearer ", "").split("\\.");
    if (jwt.length != 3) {
      return "";
    }
    String payload = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
    return payload.replaceAll(".*\"sub\"\\s*:\\s*\"([^\"]*)\".*", "$1");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
