package dev.zoetrope.generation.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.videos.VideoRepository;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/videos/{id}/events} against the API process (no worker, as in VideosApiIT, so the
 * context is shared): job state is moved through the same repository calls the worker makes.
 */
@TestPropertySource(
    properties = {
      "zoetrope.generation.worker.enabled=false",
      "zoetrope.generation.max-active-jobs-per-user=6"
    })
class VideoEventsIT extends IntegrationTest {
  private static final HttpClient SSE_HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String EOF = "<eof>";

  @Autowired VideoRepository videos;
  @Autowired ProgressHub hub;

  /** One parsed server-sent event, or a comment line. */
  record Event(String name, String data, boolean comment) {}

  /** A client reading one stream on its own thread. */
  static final class Stream {
    final HttpResponse<InputStream> response;
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    Stream(HttpResponse<InputStream> response) {
      this.response = response;
      Thread.ofVirtual().start(this::read);
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith(":")) {
            received.add(new Event(null, line.substring(1), true));
          } else if (line.startsWith("event:")) {
            name = line.substring(6).strip();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5));
          } else if (line.isEmpty() && (name != null || !data.isEmpty())) {
            received.add(new Event(name, data.toString(), false));
            name = null;
            data.setLength(0);
          }
        }
      } catch (IOException e) {
        // closed by the test
      }
      received.add(EOF);
    }

    /** The next event (skipping heartbeats), or EOF. */
    Object next() throws InterruptedException {
      Instant deadline = Instant.now().plusSeconds(20);
      while (Instant.now().isBefore(deadline)) {
        Object item = received.poll(200, TimeUnit.MILLISECONDS);
        if (item == null || (item instanceof Event e && e.comment())) {
          continue;
        }
        return item;
      }
      throw new AssertionError("no event within 20 s");
    }

    JsonNode nextEvent(String expectedName) throws InterruptedException {
      Object item = next();
      assertThat(item).isInstanceOf(Event.class);
      Event event = (Event) item;
      assertThat(event.name()).isEqualTo(expectedName);
      return JSON.readTree(event.data());
    }

    void close() throws IOException {
      response.body().close();
    }
  }

  private HttpResponse<InputStream> openRaw(User user, String id) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/videos/" + id + "/events"))
            .header("Accept", "text/event-stream")
            .GET();
    if (user != null) {
      request.header("Authorization", "Bearer " + user.token());
    }
    return SSE_HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private Stream open(User user, String id) throws Exception {
    HttpResponse<InputStream> response = openRaw(user, id);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    return new Stream(response);
  }

  private final List<String> created = new ArrayList<>();

  private String createVideo(User user) {
    HttpResponse<String> response = postJson(user, "/v1/videos", "{\"prompt\":\"a red kite\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String id = json(response).get("id").asString();
    created.add(id);
    return id;
  }

  /** Ends this test's jobs (and so its streams), so a failed test leaves nothing running. */
  @AfterEach
  void discardJobs() {
    created.forEach(this::discard);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(15);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void aJobIsStreamedThroughToCompletedAndTheStreamEnds() throws Exception {
    User owner = newUser();
    String wireId = createVideo(owner);
    UUID id = WireIds.parseVideo(wireId).orElseThrow();
    Stream stream = open(owner, wireId);

    JsonNode first = stream.nextEvent("video.progress");
    assertThat(first.get("id").asString()).isEqualTo(wireId);
    assertThat(first.get("object").asString()).isEqualTo("video");
    assertThat(first.get("status").asString()).isEqualTo("queued");

    videos.claim(id, Instant.now());
    JsonNode started = stream.nextEvent("video.progress");
    assertThat(started.get("status").asString()).isEqualTo("in_progress");
    assertThat(started.get("progress").asInt()).isZero();

    videos.progress(id, 40);
    assertThat(stream.nextEvent("video.progress").get("progress").asInt()).isEqualTo(40);
    videos.progress(id, 85);
    assertThat(stream.nextEvent("video.progress").get("progress").asInt()).isEqualTo(85);

    videos.complete(id, UUID.randomUUID(), null, Instant.now());
    JsonNode done = stream.nextEvent("video.completed");
    assertThat(done.get("status").asString()).isEqualTo("completed");
    assertThat(done.get("progress").asInt()).isEqualTo(100);
    assertThat(stream.next()).isEqualTo(EOF);
    await("the stream's slot to be released", () -> hub.openStreams(owner.id()) == 0);

    // A job that is already final answers its final state at once and ends.
    Stream again = open(owner, wireId);
    assertThat(again.nextEvent("video.completed").get("status").asString()).isEqualTo("completed");
    assertThat(again.next()).isEqualTo(EOF);
  }

  @Test
  void onlyTheOwnerMayWatch() throws Exception {
    User owner = newUser();
    String wireId = createVideo(owner);
    try {
      for (String id : List.of(wireId, "video_nothex", WireIds.video(UUID.randomUUID()))) {
        HttpResponse<InputStream> response = openRaw(newUser(), id);
        String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(id).isEqualTo(404);
        assertThat(JSON.readTree(body).get("error").get("code").asString()).isEqualTo("not_found");
      }
      HttpResponse<InputStream> anonymous = openRaw(null, wireId);
      anonymous.body().close();
      assertThat(anonymous.statusCode()).isEqualTo(401);
    } finally {
      discard(wireId);
    }
  }

  @Test
  void streamsAreCappedPerUserAndFreedWhenClientsLeave() throws Exception {
    User owner = newUser();
    String wireId = createVideo(owner);
    List<Stream> streams = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Stream stream = open(owner, wireId);
      assertThat(stream.nextEvent("video.progress").get("status").asString()).isEqualTo("queued");
      streams.add(stream);
    }
    HttpResponse<InputStream> refused = openRaw(owner, wireId);
    String body = new String(refused.body().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(refused.statusCode()).as(body).isEqualTo(429);
    assertThat(JSON.readTree(body).get("error").get("code").asString())
        .isEqualTo(ProgressHub.TOO_MANY_STREAMS);
    // Another user is not affected by this user's cap.
    User other = newUser();
    String otherVideo = createVideo(other);
    Stream otherStream = open(other, otherVideo);
    otherStream.nextEvent("video.progress");

    // Idle streams get heartbeat comments, which is also how a vanished client is noticed.
    Instant deadline = Instant.now().plusSeconds(10);
    boolean heartbeat = false;
    while (!heartbeat && Instant.now().isBefore(deadline)) {
      Object item = streams.getFirst().received.poll(200, TimeUnit.MILLISECONDS);
      heartbeat = item instanceof Event e && e.comment();
    }
    assertThat(heartbeat).as("a heartbeat comment").isTrue();

    assertThat(hub.openStreams(owner.id())).isEqualTo(5);
    streams.removeFirst().close();
    await("the closed stream to be dropped", () -> hub.openStreams(owner.id()) == 4);
    Stream replacement = open(owner, wireId);
    replacement.nextEvent("video.progress");
    streams.add(replacement);

    // The job fails: every watcher gets the final event and its stream ends.
    discard(wireId);
    for (Stream stream : streams) {
      JsonNode failed = stream.nextEvent("video.failed");
      assertThat(failed.get("error").get("code").asString()).isEqualTo("test_discarded");
      assertThat(stream.next()).isEqualTo(EOF);
    }
    discard(otherVideo);
    assertThat(otherStream.nextEvent("video.failed").get("status").asString()).isEqualTo("failed");
    await(
        "all slots to be released",
        () -> hub.openStreams(owner.id()) == 0 && hub.openStreams(other.id()) == 0);
  }

  private void discard(String wireId) {
    jdbc.sql(
            """
            update videos set status = 'failed', error_code = 'test_discarded',
              error_message = 'discarded by VideoEventsIT', completed_at = now()
            where id = :id and status in ('queued', 'in_progress')
            """)
        .param("id", WireIds.parseVideo(wireId).orElseThrow())
        .update();
  }
}
