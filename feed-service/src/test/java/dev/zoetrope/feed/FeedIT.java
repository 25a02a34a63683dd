package dev.zoetrope.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.common.testing.TestInfra.Need;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.FollowChanged;
import dev.zoetrope.contracts.feed.FeedEvents.PostPublished;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoCompleted;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoDeleted;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "zoetrope.feed.max-follows=" + FeedIT.MAX_FOLLOWS)
class FeedIT {
  static final int MAX_FOLLOWS = 5;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry r) {
    TestInfra.register(r, "feed", Need.POSTGRES, Need.KAFKA);
  }

  @LocalServerPort int port;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void publishingNeedsYourOwnCompletedVideoAndRelaysPostPublished() throws Exception {
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    UUID video = UUID.randomUUID();

    HttpResponse<String> early = post(alice, postBody(video, "too soon"));
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(code(early)).isEqualTo("video_not_ready");

    // Noise the projection must skip without stalling: garbage, another type, a duplicate.
    kafka.send(GenerationEvents.VIDEOS_TOPIC, video.toString(), "not json").get();
    send(
        EventEnvelope.of(
            VideoFailed.TYPE,
            VideoFailed.VERSION,
            video.toString(),
            new VideoFailed(video, alice, "x", "y")));
    EventEnvelope completed = completedEvent(video, alice);
    send(completed);
    send(completed);
    awaitProjected(video);

    HttpResponse<String> stolen = post(bob, postBody(video, "mine now"));
    assertThat(stolen.statusCode()).isEqualTo(404);
    assertThat(code(stolen)).isEqualTo("not_found");

    HttpResponse<String> created = post(alice, postBody(video, "hello, world"));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(created.body());
    assertThat(body.get("id").asString()).matches("post_[0-9a-f]{32}");
    assertThat(body.get("video_id").asString()).isEqualTo(videoId(video));
    assertThat(body.get("author_id").asString()).isEqualTo(alice.toString());
    assertThat(body.get("caption").asString()).isEqualTo("hello, world");
    Instant createdAt = Instant.parse(body.get("created_at").asString());
    assertThat(createdAt).isBetween(Instant.now().minusSeconds(60), Instant.now());

    HttpResponse<String> again = post(alice, postBody(video, "twice"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(code(again)).isEqualTo("already_published");

    UUID postId = uuidOf(body.get("id").asString().substring("post_".length()));
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.subscribe(List.of(FeedEvents.POSTS_TOPIC));
      EventEnvelope event = awaitRecord(consumer, video.toString());
      assertThat(event.type()).isEqualTo(PostPublished.TYPE);
      assertThat(event.version()).isEqualTo(PostPublished.VERSION);
      PostPublished published = event.payloadAs(PostPublished.class);
      assertThat(published.postId()).isEqualTo(postId);
      assertThat(published.videoId()).isEqualTo(video);
      assertThat(published.authorId()).isEqualTo(alice);
      assertThat(published.publishedAt()).isEqualTo(createdAt);
    }
    assertThat(
            jdbc.sql("select count(*) from outbox where msg_key = :k and published_at is not null")
                .param("k", video.toString())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void badInputIsRefusedWithStableCodes() throws Exception {
    UUID alice = UUID.randomUUID();
    UUID video = UUID.randomUUID();
    send(completedEvent(video, alice));
    awaitProjected(video);

    assertThat(code(post(alice, postBody(video, "x".repeat(501))))).isEqualTo("invalid_request");
    assertThat(code(post(alice, postBody(video, "nul \u0000 byte")))).isEqualTo("invalid_request");
    assertThat(
            code(post(alice, "{\"video_id\":\"" + videoId(video) + "\",\"caption\":\"\",\"x\":1}")))
        .isEqualTo("invalid_json");
    assertThat(post(alice, "{\"video_id\":\"vid_123\"}").statusCode()).isEqualTo(400);
    assertThat(post(alice, "{\"caption\":\"no video\"}").statusCode()).isEqualTo(400);
    assertThat(post(alice, "{\"video_id\":").statusCode()).isEqualTo(400);
    assertThat(post(alice, "null").statusCode()).isEqualTo(400);
    HttpResponse<String> huge = post(alice, postBody(video, "y".repeat(20_000)));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(code(huge)).isEqualTo("payload_too_large");
    assertThat(post(alice, "{\"video_id\":\"" + videoId(video).toUpperCase() + "\"}").statusCode())
        .isEqualTo(400);

    // 500 characters outside the BMP are 1000 UTF-16 units and still within the limit.
    HttpResponse<String> emoji = post(alice, postBody(video, "\uD83C\uDFAC".repeat(500)));
    assertThat(emoji.statusCode()).isEqualTo(201);

    assertThat(get(alice, "/api/feed?limit=0").statusCode()).isEqualTo(400);
    assertThat(get(alice, "/api/feed?limit=51").statusCode()).isEqualTo(400);
    assertThat(get(alice, "/api/feed?limit=abc").statusCode()).isEqualTo(400);
    assertThat(code(get(alice, "/api/feed?after=garbage!"))).isEqualTo("invalid_cursor");
    String forged =
        Base64.getUrlEncoder().encodeToString("1~not-a-uuid".getBytes(StandardCharsets.US_ASCII));
    assertThat(code(get(alice, "/api/feed?after=" + forged))).isEqualTo("invalid_cursor");
    assertThat(code(get(alice, "/api/follows?after=" + forged))).isEqualTo("invalid_cursor");
    assertThat(put(alice, "/api/follows/not-a-uuid").statusCode()).isEqualTo(400);

    String service = TestInfra.issuer().serviceToken("gateway-service");
    assertThat(send(request("/api/feed", service).GET()).statusCode()).isEqualTo(403);
    assertThat(send(request("/api/feed", null).GET()).statusCode()).isEqualTo(401);
  }

  @Test
  void followsAreIdempotentListedAndLimited() throws Exception {
    UUID carol = UUID.randomUUID();
    HttpResponse<String> self = put(carol, "/api/follows/" + carol);
    assertThat(self.statusCode()).isEqualTo(400);
    assertThat(code(self)).isEqualTo("cannot_follow_self");

    List<UUID> followed = new ArrayList<>();
    for (int i = 0; i < MAX_FOLLOWS; i++) {
      UUID target = UUID.randomUUID();
      assertThat(put(carol, "/api/follows/" + target).statusCode()).isEqualTo(204);
      followed.add(target);
    }
    assertThat(put(carol, "/api/follows/" + followed.getFirst()).statusCode()).isEqualTo(204);
    HttpResponse<String> over = put(carol, "/api/follows/" + UUID.randomUUID());
    assertThat(over.statusCode()).isEqualTo(409);
    assertThat(code(over)).isEqualTo("follow_limit_reached");

    List<String> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          JSON.readTree(
              get(carol, "/api/follows?limit=2" + (cursor == null ? "" : "&after=" + cursor))
                  .body());
      page.get("data").forEach(f -> listed.add(f.get("user_id").asString()));
      assertThat(page.get("data").size()).isLessThanOrEqualTo(2);
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(listed)
        .containsExactlyElementsOf(followed.reversed().stream().map(UUID::toString).toList());

    assertThat(delete(carol, "/api/follows/" + followed.get(2)).statusCode()).isEqualTo(204);
    assertThat(delete(carol, "/api/follows/" + followed.get(2)).statusCode()).isEqualTo(204);
    JsonNode after = JSON.readTree(get(carol, "/api/follows").body());
    assertThat(after.get("data").size()).isEqualTo(MAX_FOLLOWS - 1);
    assertThat(after.get("next_cursor").isNull()).isTrue();
    // Room again after unfollowing.
    assertThat(put(carol, "/api/follows/" + UUID.randomUUID()).statusCode()).isEqualTo(204);
  }

  @Test
  void eachFollowChangeWritesOneFollowChangedEventAndRepeatsWriteNone() throws Exception {
    UUID dave = UUID.randomUUID();
    UUID erin = UUID.randomUUID();
    assertThat(put(dave, "/api/follows/" + dave).statusCode()).isEqualTo(400);
    assertThat(delete(dave, "/api/follows/" + erin).statusCode())
        .as("never followed")
        .isEqualTo(204);
    assertThat(put(dave, "/api/follows/" + erin).statusCode()).isEqualTo(204);
    assertThat(put(dave, "/api/follows/" + erin).statusCode()).isEqualTo(204);
    assertThat(delete(dave, "/api/follows/" + erin).statusCode()).isEqualTo(204);
    assertThat(delete(dave, "/api/follows/" + erin).statusCode()).isEqualTo(204);
    assertThat(put(dave, "/api/follows/" + erin).statusCode()).isEqualTo(204);
    // The other direction is its own pair with its own sequence, keyed by its own follower.
    assertThat(put(erin, "/api/follows/" + dave).statusCode()).isEqualTo(204);

    List<EventEnvelope> written =
        jdbc
            .sql("select payload::text from outbox where topic = :t and msg_key = :k order by id")
            .param("t", FeedEvents.FOLLOWS_TOPIC)
            .param("k", dave.toString())
            .query(String.class)
            .list()
            .stream()
            .map(EventJson::read)
            .toList();
    assertThat(written)
        .allSatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(FollowChanged.TYPE);
              assertThat(e.version()).isEqualTo(FollowChanged.VERSION);
              assertThat(e.key()).isEqualTo(dave.toString());
            });
    List<FollowChanged> changes =
        written.stream().map(e -> e.payloadAs(FollowChanged.class)).toList();
    assertThat(changes)
        .extracting(
            FollowChanged::followerId,
            FollowChanged::followeeId,
            FollowChanged::following,
            FollowChanged::sequence)
        .containsExactly(
            tuple(dave, erin, true, 1L), tuple(dave, erin, false, 2L), tuple(dave, erin, true, 3L));
    assertThat(changes.get(0).changedAt())
        .isBefore(changes.get(1).changedAt())
        .isBetween(Instant.now().minusSeconds(60), Instant.now());

    // The relay publishes them, in order, each on its follower's key.
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.subscribe(List.of(FeedEvents.FOLLOWS_TOPIC));
      Map<String, List<EventEnvelope>> published =
          awaitRecords(consumer, Map.of(dave.toString(), 3, erin.toString(), 1));
      assertThat(published.get(dave.toString()).stream().map(EventEnvelope::eventId).toList())
          .containsExactlyElementsOf(written.stream().map(EventEnvelope::eventId).toList());
      FollowChanged back = published.get(erin.toString()).getFirst().payloadAs(FollowChanged.class);
      assertThat(back.followerId()).isEqualTo(erin);
      assertThat(back.followeeId()).isEqualTo(dave);
      assertThat(back.following()).isTrue();
      assertThat(back.sequence()).isEqualTo(1L);
    }
  }

  @Test
  void feedShowsFollowedAuthorsAndMineNewestFirstAcrossPages() throws Exception {
    UUID reader = UUID.randomUUID();
    UUID a1 = UUID.randomUUID();
    UUID a2 = UUID.randomUUID();
    UUID stranger = UUID.randomUUID();
    assertThat(put(reader, "/api/follows/" + a1).statusCode()).isEqualTo(204);
    assertThat(put(reader, "/api/follows/" + a2).statusCode()).isEqualTo(204);
    assertThat(put(stranger, "/api/follows/" + a1).statusCode()).isEqualTo(204);

    List<UUID> authors = List.of(a1, a2, stranger, reader, a1, a2, a1);
    List<UUID> videos = new ArrayList<>();
    for (UUID author : authors) {
      UUID video = UUID.randomUUID();
      send(completedEvent(video, author));
      videos.add(video);
    }
    awaitProjected(videos.toArray(UUID[]::new));

    List<String> postIds = new ArrayList<>();
    for (int i = 0; i < authors.size(); i++) {
      HttpResponse<String> created = post(authors.get(i), postBody(videos.get(i), "post " + i));
      assertThat(created.statusCode()).isEqualTo(201);
      postIds.add(JSON.readTree(created.body()).get("id").asString());
    }
    List<String> expected = new ArrayList<>();
    for (int i = authors.size() - 1; i >= 0; i--) {
      if (!authors.get(i).equals(stranger)) {
        expected.add(postIds.get(i));
      }
    }

    List<JsonNode> items = walkFeed(reader, 2);
    assertThat(items.stream().map(n -> n.get("id").asString()).toList())
        .containsExactlyElementsOf(expected);
    JsonNode newest = items.getFirst();
    assertThat(newest.get("author_id").asString()).isEqualTo(a1.toString());
    assertThat(newest.get("video_id").asString()).isEqualTo(videoId(videos.getLast()));
    assertThat(newest.get("caption").asString()).isEqualTo("post 6");
    assertThat(newest.get("content_url").asString())
        .isEqualTo("/v1/videos/" + videoId(videos.getLast()) + "/content");

    // The stranger follows only a1 and sees a1's posts and their own.
    assertThat(walkFeed(stranger, 50)).hasSize(4);

    assertThat(delete(reader, "/api/follows/" + a2).statusCode()).isEqualTo(204);
    assertThat(walkFeed(reader, 50).stream().map(n -> n.get("author_id").asString()))
        .containsOnly(a1.toString(), reader.toString())
        .hasSize(4);
  }

  @Test
  void aDeletedVideoTakesItsPostOutOfFeedsForGood() throws Exception {
    UUID alice = UUID.randomUUID();
    UUID reader = UUID.randomUUID();
    assertThat(put(reader, "/api/follows/" + alice).statusCode()).isEqualTo(204);
    UUID video = UUID.randomUUID();
    UUID kept = UUID.randomUUID();
    send(completedEvent(video, alice));
    send(completedEvent(kept, alice));
    awaitProjected(video, kept);
    String postId =
        JSON.readTree(post(alice, postBody(video, "soon gone")).body()).get("id").asString();
    String keptId = JSON.readTree(post(alice, postBody(kept, "stays")).body()).get("id").asString();
    HttpResponse<String> read = get(reader, "/api/posts/" + postId);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).get("caption").asString()).isEqualTo("soon gone");
    assertThat(feedIds(reader)).containsExactly(keptId, postId);

    EventEnvelope deleted = deletedEvent(video, alice);
    send(deleted);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(reader, "/api/posts/" + postId).statusCode() == 404);

    assertThat(code(get(alice, "/api/posts/" + postId))).isEqualTo("not_found");
    assertThat(feedIds(reader)).containsExactly(keptId);
    assertThat(feedIds(alice)).containsExactly(keptId);
    assertThat(get(reader, "/api/posts/" + keptId).statusCode()).isEqualTo(200);

    // Redelivered, and followed by a stale completion under a new event id: nothing comes back.
    // A deletion may also come before any completion. The barrier shares the video's key, so
    // its partition, and is applied after everything sent before it.
    UUID neverCompleted = UUID.randomUUID();
    send(deleted);
    send(completedEvent(video, alice));
    send(deletedEvent(neverCompleted, alice));
    send(completedEvent(neverCompleted, alice));
    UUID barrier = UUID.randomUUID();
    UUID barrier2 = UUID.randomUUID();
    send(completedEvent(barrier, alice, video.toString()));
    send(completedEvent(barrier2, alice, neverCompleted.toString()));
    awaitProjected(barrier, barrier2);

    assertThat(
            jdbc.sql("select count(*) from videos where video_id in (:ids)")
                .param("ids", List.of(video, neverCompleted))
                .query(Long.class)
                .single())
        .isZero();
    assertThat(get(reader, "/api/posts/" + postId).statusCode()).isEqualTo(404);
    assertThat(feedIds(reader)).containsExactly(keptId);
    for (UUID gone : List.of(video, neverCompleted)) {
      HttpResponse<String> republish = post(alice, postBody(gone, "again"));
      assertThat(republish.statusCode()).isEqualTo(404);
      assertThat(code(republish)).isEqualTo("not_found");
    }
    assertThat(get(reader, "/api/posts/post_" + "0".repeat(32)).statusCode()).isEqualTo(404);
    assertThat(get(reader, "/api/posts/nonsense").statusCode()).isEqualTo(404);
  }

  private List<String> feedIds(UUID reader) throws Exception {
    return walkFeed(reader, 50).stream().map(n -> n.get("id").asString()).toList();
  }

  private EventEnvelope deletedEvent(UUID video, UUID owner) {
    return EventEnvelope.of(
        VideoDeleted.TYPE,
        VideoDeleted.VERSION,
        video.toString(),
        new VideoDeleted(video, owner, Instant.now()));
  }

  private List<JsonNode> walkFeed(UUID reader, int limit) throws Exception {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> response =
          get(
              reader,
              "/api/feed?limit="
                  + limit
                  + (cursor == null
                      ? ""
                      : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode page = JSON.readTree(response.body());
      assertThat(page.get("data").size()).isLessThanOrEqualTo(limit);
      page.get("data").forEach(items::add);
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
    } while (cursor != null);
    return items;
  }

  private EventEnvelope completedEvent(UUID video, UUID owner) {
    return completedEvent(video, owner, video.toString());
  }

  private EventEnvelope completedEvent(UUID video, UUID owner, String key) {
    return EventEnvelope.of(
        VideoCompleted.TYPE,
        VideoCompleted.VERSION,
        key,
        new VideoCompleted(
            video, owner, UUID.randomUUID(), "sora-2", 4, "720x1280", List.of(), Instant.now()));
  }

  private void send(EventEnvelope event) throws Exception {
    kafka.send(GenerationEvents.VIDEOS_TOPIC, event.key(), EventJson.write(event)).get();
  }

  private void awaitProjected(UUID... videos) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                jdbc.sql("select count(*) from videos where video_id in (:ids)")
                        .param("ids", List.of(videos))
                        .query(Long.class)
                        .single()
                    == videos.length);
  }

  private EventEnvelope awaitRecord(KafkaConsumer<String, String> consumer, String key) {
    List<EventEnvelope> found = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(r.key())) {
                  found.add(EventJson.read(r.value()));
                }
              }
              return !found.isEmpty();
            });
    return found.getFirst();
  }

  /** The records on each key, once at least the given number has arrived for every key. */
  private Map<String, List<EventEnvelope>> awaitRecords(
      KafkaConsumer<String, String> consumer, Map<String, Integer> counts) {
    Map<String, List<EventEnvelope>> found = new HashMap<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (counts.containsKey(r.key())) {
                  found
                      .computeIfAbsent(r.key(), k -> new ArrayList<>())
                      .add(EventJson.read(r.value()));
                }
              }
              return counts.entrySet().stream()
                  .allMatch(c -> found.getOrDefault(c.getKey(), List.of()).size() >= c.getValue());
            });
    return found;
  }

  private KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestInfra.kafkaBootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "feed-it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class));
  }

  private static String postBody(UUID video, String caption) {
    return JSON.writeValueAsString(Map.of("video_id", videoId(video), "caption", caption));
  }

  private static String videoId(UUID video) {
    return "video_" + video.toString().replace("-", "");
  }

  private static UUID uuidOf(String hex) {
    return UUID.fromString(hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
  }

  private static String code(HttpResponse<String> response) {
    JsonNode body = JSON.readTree(response.body());
    return body.has("code") ? body.get("code").asString() : null;
  }

  private HttpResponse<String> post(UUID user, String json) throws Exception {
    return send(
        request("/api/posts", token(user))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> get(UUID user, String path) throws Exception {
    return send(request(path, token(user)).GET());
  }

  private HttpResponse<String> put(UUID user, String path) throws Exception {
    return send(request(path, token(user)).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  private HttpResponse<String> delete(UUID user, String path) throws Exception {
    return send(request(path, token(user)).DELETE());
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(UUID user) {
    return TestInfra.issuer().userToken(user, "u" + user.toString().substring(0, 8), "free");
  }
}
