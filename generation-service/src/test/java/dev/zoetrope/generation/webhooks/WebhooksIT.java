package dev.zoetrope.generation.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoCompleted;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Endpoint management over HTTP, and deliveries end to end: a lifecycle event in the outbox → Kafka
 * → deliveries → a real HTTP receiver, whose requests are checked by a verifier written here from
 * the Standard Webhooks specification (not by the production signer).
 */
@TestPropertySource(
    properties = {
      "zoetrope.generation.worker.enabled=false",
      "zoetrope.generation.max-active-jobs-per-user=6"
    })
class WebhooksIT extends IntegrationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static HttpServer receiver;

  /** Requests received per path. */
  private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();

  /** How many more requests per path answer 500 before the receiver accepts. */
  private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate tx;

  record Received(Map<String, String> headers, String body, Instant at) {}

  @BeforeAll
  static void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            RECEIVED
                .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                .add(new Received(headers, body, Instant.now()));
            AtomicInteger failures = FAILURES.get(path);
            boolean fail = failures != null && failures.getAndDecrement() > 0;
            exchange.sendResponseHeaders(fail ? 500 : 204, -1);
          }
        });
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  // ---- an independent verifier, from the Standard Webhooks specification ----

  /** True when the request is authentic and fresh (5 minutes' tolerance either way). */
  static boolean verify(String secret, Map<String, String> headers, String body, Instant now)
      throws Exception {
    String id = headers.get("webhook-id");
    String timestamp = headers.get("webhook-timestamp");
    String signatures = headers.get("webhook-signature");
    if (id == null || timestamp == null || signatures == null) {
      return false;
    }
    long ts = Long.parseLong(timestamp);
    if (Math.abs(now.getEpochSecond() - ts) > 300) {
      return false;
    }
    if (!secret.startsWith("whsec_")) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    byte[] expected =
        mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    for (String candidate : signatures.split(" ")) {
      String[] parts = candidate.split(",", 2);
      if (parts.length == 2
          && parts[0].equals("v1")
          && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
        return true;
      }
    }
    return false;
  }

  // ---- helpers ----

  private HttpResponse<String> delete(User user, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + user.token())
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private JsonNode createEndpoint(User user, String url) {
    HttpResponse<String> response =
        postJson(user, "/v1/webhook_endpoints", JSON.writeValueAsString(Map.of("url", url)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private void publish(String type, int version, UUID videoId, Object payload) {
    tx.executeWithoutResult(
        s ->
            outbox.append(
                GenerationEvents.VIDEOS_TOPIC,
                EventEnvelope.of(type, version, videoId.toString(), payload)));
  }

  private static List<Received> awaitRequests(String path, int count) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      List<Received> got = RECEIVED.getOrDefault(path, List.of());
      if (got.size() >= count) {
        return List.copyOf(got);
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "expected " + count + " requests on " + path + ", got " + RECEIVED.get(path));
  }

  private Map<String, Object> delivery(String endpointId) throws Exception {
    UUID endpoint = WireIds.parse("we_", endpointId).orElseThrow();
    Instant deadline = Instant.now().plusSeconds(15);
    while (true) {
      Map<String, Object> row =
          jdbc.sql("select * from webhook_deliveries where endpoint_id = :e")
              .param("e", endpoint)
              .query()
              .singleRow();
      if (!"pending".equals(row.get("status")) || Instant.now().isAfter(deadline)) {
        return row;
      }
      Thread.sleep(50);
    }
  }

  private static String errorCode(HttpResponse<String> response) {
    return json(response).get("error").get("code").asString();
  }

  // ---- tests ----

  @Test
  void endpointsAreManagedByTheirOwnerOnly() throws Exception {
    User alice = newUser();
    User mallory = newUser();
    JsonNode created = createEndpoint(alice, "https://hooks.example.com/zoetrope");
    String id = created.get("id").asString();
    assertThat(id).startsWith("we_");
    assertThat(created.get("object").asString()).isEqualTo("webhook_endpoint");
    assertThat(created.get("url").asString()).isEqualTo("https://hooks.example.com/zoetrope");
    String secret = created.get("secret").asString();
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);

    // The secret is shown once.
    JsonNode fetched = json(get(alice, "/v1/webhook_endpoints/" + id));
    assertThat(fetched.get("url").asString()).isEqualTo("https://hooks.example.com/zoetrope");
    assertThat(fetched.has("secret")).isFalse();
    JsonNode list = json(get(alice, "/v1/webhook_endpoints"));
    assertThat(list.get("object").asString()).isEqualTo("list");
    assertThat(list.get("data")).hasSize(1);
    assertThat(list.get("data").get(0).get("id").asString()).isEqualTo(id);
    assertThat(list.get("data").get(0).has("secret")).isFalse();

    // Another user sees nothing and can delete nothing.
    assertThat(get(mallory, "/v1/webhook_endpoints/" + id).statusCode()).isEqualTo(404);
    assertThat(errorCode(delete(mallory, "/v1/webhook_endpoints/" + id))).isEqualTo("not_found");
    assertThat(json(get(mallory, "/v1/webhook_endpoints")).get("data")).isEmpty();
    assertThat(get(alice, "/v1/webhook_endpoints/we_garbage").statusCode()).isEqualTo(404);

    HttpResponse<String> deleted = delete(alice, "/v1/webhook_endpoints/" + id);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(json(deleted).get("deleted").asBoolean()).isTrue();
    assertThat(get(alice, "/v1/webhook_endpoints/" + id).statusCode()).isEqualTo(404);
    assertThat(delete(alice, "/v1/webhook_endpoints/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void badEndpointsAreRefused() {
    User user = newUser();
    List<String> bodies =
        List.of(
            "{}",
            "{\"url\":null}",
            "{\"url\":\"ftp://example.com/x\"}",
            "{\"url\":\"not a url\"}",
            "{\"url\":\"https://example.com/" + "a".repeat(2040) + "\"}",
            "{\"url\":\"https://example.com/\",\"surprise\":1}");
    for (String body : bodies) {
      HttpResponse<String> response = postJson(user, "/v1/webhook_endpoints", body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(json(response).get("error").get("type").asString()).isNotBlank();
    }
    assertThat(json(get(user, "/v1/webhook_endpoints")).get("data")).isEmpty();

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(createEndpoint(user, "https://example.com/hook/" + i).get("id").asString());
    }
    HttpResponse<String> eleventh =
        postJson(user, "/v1/webhook_endpoints", "{\"url\":\"https://example.com/11\"}");
    assertThat(eleventh.statusCode()).isEqualTo(409);
    assertThat(errorCode(eleventh)).isEqualTo(WebhookEndpointController.TOO_MANY);
    assertThat(json(get(user, "/v1/webhook_endpoints")).get("data")).hasSize(10);
  }

  @Test
  void aCompletedVideoIsDeliveredSignedAndRetriedAfterA500() throws Exception {
    User owner = newUser();
    String path = "/hook/" + owner.id();
    FAILURES.put(path, new AtomicInteger(1));
    JsonNode endpoint = createEndpoint(owner, receiverUrl(path));
    String secret = endpoint.get("secret").asString();
    UUID videoId = UUID.randomUUID();

    publish(
        VideoCompleted.TYPE,
        VideoCompleted.VERSION,
        videoId,
        new VideoCompleted(
            videoId,
            owner.id(),
            UUID.randomUUID(),
            "zoetrope-1",
            4,
            "720x1280",
            List.of(),
            Instant.now()));

    List<Received> requests = awaitRequests(path, 2);
    Received first = requests.get(0);
    Received retry = requests.get(1);
    for (Received r : requests) {
      assertThat(verify(secret, r.headers(), r.body(), Instant.now())).as(r.toString()).isTrue();
      assertThat(r.headers().get("content-type")).startsWith("application/json");
    }
    // A retry is the same message: same id and body, freshly signed.
    assertThat(retry.headers().get("webhook-id")).isEqualTo(first.headers().get("webhook-id"));
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.at()).isAfter(first.at().plusMillis(200));

    JsonNode event = JSON.readTree(first.body());
    assertThat(event.get("id").asString()).startsWith("evt_");
    assertThat(event.get("object").asString()).isEqualTo("event");
    assertThat(event.get("type").asString()).isEqualTo("video.completed");
    assertThat(event.get("created_at").asLong())
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
    assertThat(event.get("data").get("id").asString()).isEqualTo(WireIds.video(videoId));

    Map<String, Object> row = delivery(endpoint.get("id").asString());
    assertThat(row.get("status")).isEqualTo("delivered");
    assertThat(row.get("attempts")).isEqualTo(2);
    assertThat(row.get("last_status_code")).isEqualTo(204);

    // The verifier is not a rubber stamp.
    Map<String, String> headers = first.headers();
    assertThat(verify(secret, headers, first.body().replace("completed", "failed"), Instant.now()))
        .isFalse();
    assertThat(verify(StandardWebhooks.newSecret(), headers, first.body(), Instant.now()))
        .isFalse();
    assertThat(verify(secret, headers, first.body(), Instant.now().plusSeconds(600))).isFalse();
    long old = Instant.now().minusSeconds(600).getEpochSecond();
    Map<String, String> replayed = new ConcurrentHashMap<>(headers);
    replayed.put("webhook-timestamp", Long.toString(old));
    replayed.put(
        "webhook-signature",
        StandardWebhooks.sign(secret, headers.get("webhook-id"), old, first.body()));
    assertThat(verify(secret, replayed, first.body(), Instant.now())).isFalse();
  }

  @Test
  void failuresAndCancellationsGoToTheOwnersEndpointsOnly() throws Exception {
    User owner = newUser();
    User bystander = newUser();
    String ownerPath = "/hook/" + owner.id();
    String bystanderPath = "/hook/" + bystander.id();
    createEndpoint(owner, receiverUrl(ownerPath));
    createEndpoint(owner, receiverUrl(ownerPath + "/second"));
    createEndpoint(bystander, receiverUrl(bystanderPath));
    UUID failed = UUID.randomUUID();
    UUID cancelled = UUID.randomUUID();

    publish(
        VideoFailed.TYPE,
        VideoFailed.VERSION,
        failed,
        new VideoFailed(failed, owner.id(), "render_failed", "the video could not be rendered"));
    publish(
        VideoFailed.TYPE,
        VideoFailed.VERSION,
        cancelled,
        new VideoFailed(cancelled, owner.id(), "cancelled", "cancelled by its owner"));

    for (String path : List.of(ownerPath, ownerPath + "/second")) {
      List<Received> got = awaitRequests(path, 2);
      Map<String, String> types = new ConcurrentHashMap<>();
      for (Received r : got) {
        JsonNode event = JSON.readTree(r.body());
        types.put(event.get("data").get("id").asString(), event.get("type").asString());
      }
      assertThat(types)
          .containsEntry(WireIds.video(failed), "video.failed")
          .containsEntry(WireIds.video(cancelled), "video.cancelled")
          .hasSize(2);
    }
    Thread.sleep(500); // nothing should arrive for the bystander; give a stray delivery a chance
    assertThat(RECEIVED.get(bystanderPath)).isNull();
  }

  @Test
  void aDeliveryIsGivenUpAfterTheLastRetry() throws Exception {
    User owner = newUser();
    String path = "/hook/" + owner.id();
    FAILURES.put(path, new AtomicInteger(Integer.MAX_VALUE));
    JsonNode endpoint = createEndpoint(owner, receiverUrl(path));
    UUID videoId = UUID.randomUUID();
    publish(
        VideoFailed.TYPE,
        VideoFailed.VERSION,
        videoId,
        new VideoFailed(videoId, owner.id(), "render_failed", "no"));

    // Tests retry after 300, 300, 300 ms: one attempt plus three retries.
    awaitRequests(path, 4);
    Map<String, Object> row = delivery(endpoint.get("id").asString());
    assertThat(row.get("status")).isEqualTo("failed");
    assertThat(row.get("attempts")).isEqualTo(4);
    assertThat(row.get("last_status_code")).isEqualTo(500);
    Thread.sleep(700);
    assertThat(RECEIVED.get(path)).hasSize(4);
  }
}
