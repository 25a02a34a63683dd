package dev.zoetrope.devstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A customer's webhook endpoint: records what arrives and verifies it the way the Standard Webhooks
 * specification tells a receiver to, independently of the sender's code.
 */
final class WebhookReceiver implements AutoCloseable {
  record Delivery(String id, String timestamp, String signature, String body) {
    boolean verify(String secret) throws Exception {
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] expected =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp));
      for (String candidate : signature.split(" ")) {
        if (candidate.startsWith("v1,")
            && MessageDigest.isEqual(
                expected, Base64.getDecoder().decode(candidate.substring("v1,".length())))) {
          return age < 300;
        }
      }
      return false;
    }
  }

  private final HttpServer server;
  private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static WebhookReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    WebhookReceiver receiver = new WebhookReceiver(server);
    server.createContext(
        "/hooks",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          var headers = exchange.getRequestHeaders();
          receiver.deliveries.add(
              new Delivery(
                  headers.getFirst("webhook-id"),
                  headers.getFirst("webhook-timestamp"),
                  headers.getFirst("webhook-signature"),
                  body));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return receiver;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /** The first delivery whose body mentions {@code text} (other jobs' events may come first). */
  Delivery await(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Delivery delivery = left > 0 ? deliveries.poll(left, TimeUnit.NANOSECONDS) : null;
      if (delivery == null) {
        throw new AssertionError("no webhook about " + text + " arrived within " + timeout);
      }
      if (delivery.body().contains(text)) {
        return delivery;
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
