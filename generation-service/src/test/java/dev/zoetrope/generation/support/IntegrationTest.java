package dev.zoetrope.generation.support;

import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.common.testing.TestInfra.Need;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real Postgres and Kafka, the peer services as HTTP stubs, and whatever {@code ClipRenderer} bean
 * the application defines. Subclasses choose API-only (as dev-stack runs {@code
 * generation-service}) or with the worker (as it runs {@code generation-worker}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {
  protected static final JsonMapper JSON = JsonMapper.builder().build();
  protected static final PeerStubs PEERS = PeerStubs.get();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort protected int port;
  @Autowired protected JdbcClient jdbc;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry r) {
    TestInfra.register(r, "generation", Need.POSTGRES, Need.KAFKA);
    r.add("zoetrope.peers.moderation", PEERS::moderationUrl);
    r.add("zoetrope.peers.cameo-consent", PEERS::cameoUrl);
    r.add("zoetrope.peers.media-store", PEERS::mediaUrl);
    r.add("zoetrope.generation.worker.peer-retry-backoff-ms", () -> "20");
    r.add("zoetrope.outbox.poll-interval-ms", () -> "100");
    // Every context of the test JVM shares one database, so all must agree on these.
    r.add("zoetrope.generation.webhooks.allow-private-targets", () -> "true");
    r.add("zoetrope.generation.webhooks.poll-interval-ms", () -> "100");
    r.add("zoetrope.generation.webhooks.retry-delays-ms", () -> "300,300,300");
    r.add("zoetrope.generation.progress.heartbeat-interval-ms", () -> "500");
  }

  /** A signed-in user of the gateway. */
  protected record User(UUID id, String token) {}

  protected static User newUser() {
    UUID id = UUID.randomUUID();
    return new User(
        id, TestInfra.issuer().userToken(id, "u" + id.toString().substring(0, 8), "free"));
  }

  /** A signed-in user on the pro tier. */
  protected static User newProUser() {
    UUID id = UUID.randomUUID();
    return new User(
        id, TestInfra.issuer().userToken(id, "p" + id.toString().substring(0, 8), "pro"));
  }

  protected HttpResponse<String> postJson(User user, String path, String json) {
    return send(
        request(user, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  protected HttpResponse<String> get(User user, String path) {
    return send(request(user, path).GET().build());
  }

  /** A multipart/form-data part: a text field when {@code filename} is null. */
  protected record Part(String name, String filename, String contentType, byte[] content) {
    public static Part text(String name, String value) {
      return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }

    public static Part file(String name, String filename, String contentType, byte[] content) {
      return new Part(name, filename, contentType, content);
    }
  }

  protected HttpResponse<String> postMultipart(User user, String path, List<Part> parts) {
    String boundary = "----zoetrope" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Part part : parts) {
      StringBuilder head = new StringBuilder();
      head.append("--").append(boundary).append("\r\n");
      head.append("Content-Disposition: form-data; name=\"").append(part.name()).append('"');
      if (part.filename() != null) {
        head.append("; filename=\"").append(part.filename()).append('"');
      }
      head.append("\r\n");
      if (part.contentType() != null) {
        head.append("Content-Type: ").append(part.contentType()).append("\r\n");
      }
      head.append("\r\n");
      body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      body.writeBytes(part.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        request(user, path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build());
  }

  protected static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** Polls {@code GET /v1/videos/{id}} until {@code done} holds or the deadline passes. */
  protected JsonNode awaitVideo(User user, String id, Duration timeout, Predicate<JsonNode> done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response = get(user, "/v1/videos/" + id);
      if (response.statusCode() == 200) {
        last = json(response);
        if (done.test(last)) {
          return last;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("video " + id + " did not reach the expected state; last: " + last);
  }

  /**
   * Ends the still-queued jobs of {@code owners}: they stay on the jobs topic, and a worker context
   * started later in this JVM would otherwise render them all. Final jobs are skipped at once.
   */
  protected void discardQueuedJobs(List<UUID> owners, String by) {
    if (owners.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            update videos set status = 'failed', error_code = 'test_discarded',
              error_message = :by, completed_at = now()
            where status = 'queued' and owner_id in (:owners)
            """)
        .param("by", "discarded by " + by)
        .param("owners", owners)
        .update();
  }

  protected long videosOwnedBy(UUID owner) {
    return jdbc.sql("select count(*) from videos where owner_id = :o")
        .param("o", owner)
        .query(Long.class)
        .single();
  }

  /** Outbox rows (any topic) whose payload names {@code owner}. */
  protected long eventsFor(UUID owner) {
    return jdbc.sql("select count(*) from outbox where payload->'payload'->>'ownerId' = :o")
        .param("o", owner.toString())
        .query(Long.class)
        .single();
  }

  protected List<String> eventTypes(UUID videoId, String topic) {
    return jdbc.sql(
            "select payload->>'type' from outbox where msg_key = :k and topic = :t order by id")
        .param("k", videoId.toString())
        .param("t", topic)
        .query(String.class)
        .list();
  }

  private HttpRequest.Builder request(User user, String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (user != null) {
      builder.header("Authorization", "Bearer " + user.token());
    }
    return builder;
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
