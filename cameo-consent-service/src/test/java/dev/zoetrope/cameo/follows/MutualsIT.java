package dev.zoetrope.cameo.follows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zoetrope.cameo.HttpTestSupport;
import dev.zoetrope.cameo.cameos.TestClips;
import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.contracts.cameo.CameoEvents;
import dev.zoetrope.contracts.cameo.CameoEvents.ConsentChanged;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.FollowChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * {@code mutuals} decided from feed-service's follow.changed events, published here with a real
 * Kafka producer exactly as feed-service's relay does; the resulting cameo.consent.changed events
 * are read back with a plain consumer.
 */
class MutualsIT extends HttpTestSupport {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static byte[] recording;

  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<String, String> kafka;

  private KafkaConsumer<String, String> consumer;

  @BeforeAll
  static void clips() throws Exception {
    recording = TestClips.mp4(96, 72, 12, 2, true);
  }

  @BeforeEach
  void subscribe() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "mutuals-it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(CameoEvents.CAMEOS_TOPIC));
  }

  @AfterEach
  void close() {
    consumer.close();
  }

  @Test
  void mutualsNeedsBothEdgesAndAnUnfollowStopsWorkOnTheCameo() throws Exception {
    User owner = user("maya");
    User friend = user("milo");
    UUID mine = cameo(owner, "mutuals");
    UUID open = cameo(owner, "everyone");
    UUID theirs = cameo(friend, "mutuals");
    UUID revoked = cameo(friend, "mutuals");
    assertThat(json("DELETE", path(revoked), friend.token(), null).status()).isEqualTo(204);
    long revokedRows = outboxRows(revoked);

    assertThat(allowed(friend, mine)).as("strangers").isFalse();

    publish(change(owner.id(), friend.id(), true, 1));
    awaitEdge(owner.id(), friend.id(), true, 1);
    assertThat(allowed(friend, mine)).as("followed by the owner only").isFalse();
    assertThat(allowed(owner, theirs)).as("following the owner only").isFalse();

    EventEnvelope back = change(friend.id(), owner.id(), true, 1);
    publish(back);
    awaitEdge(friend.id(), owner.id(), true, 1);
    assertThat(allowed(friend, mine)).as("mutuals").isTrue();
    assertThat(allowed(owner, theirs)).as("mutuals, the other way round").isTrue();
    assertThat(json("GET", path(mine), friend.token(), null).status()).isEqualTo(200);
    assertThat(allowed(user("stranger"), mine)).as("someone else").isFalse();
    // A new edge widens consent: nothing to stop, nothing announced.
    assertThat(outboxRows(mine, open, theirs)).isZero();

    // The same event again (same id): recorded once, applied once.
    publish(back);
    EventEnvelope unfollow = change(friend.id(), owner.id(), false, 2);
    publish(unfollow);
    publish(unfollow);
    awaitEdge(friend.id(), owner.id(), false, 2);
    assertThat(processed(back.eventId())).isEqualTo(1);
    assertThat(processed(unfollow.eventId())).isEqualTo(1);
    assertThat(allowed(friend, mine)).as("after the unfollow").isFalse();
    assertThat(allowed(owner, theirs)).as("after the unfollow, the other way round").isFalse();

    // Both sides' active mutuals cameos are announced, once each; the others are not.
    Map<UUID, List<ConsentChanged>> announced = awaitConsentChanged(List.of(mine, theirs));
    assertThat(announced.get(mine))
        .containsExactly(new ConsentChanged(mine, owner.id(), "active", "mutuals"));
    assertThat(announced.get(theirs))
        .containsExactly(new ConsentChanged(theirs, friend.id(), "active", "mutuals"));
    assertThat(outboxRows(mine)).isEqualTo(1);
    assertThat(outboxRows(theirs)).isEqualTo(1);
    assertThat(outboxRows(open)).isZero();
    assertThat(outboxRows(revoked)).as("only its revocation").isEqualTo(revokedRows);

    // A stale follow under a new event id (an older or the same sequence), and records the
    // projection does not understand, change nothing; a later event on the same key shows they
    // were all consumed.
    publish(change(friend.id(), owner.id(), true, 1));
    publish(change(friend.id(), owner.id(), true, 2));
    kafka.send(FeedEvents.FOLLOWS_TOPIC, friend.id().toString(), "not json").get();
    publish(
        EventEnvelope.of(
            FollowChanged.TYPE,
            FollowChanged.VERSION + 1,
            friend.id().toString(),
            new FollowChanged(friend.id(), owner.id(), true, 9, Instant.now())));
    publish(
        EventEnvelope.of(
            "follow.requested",
            1,
            friend.id().toString(),
            new FollowChanged(friend.id(), owner.id(), true, 9, Instant.now())));
    UUID barrier = UUID.randomUUID();
    publish(change(friend.id(), barrier, true, 1));
    awaitEdge(friend.id(), barrier, true, 1);
    assertEdge(friend.id(), owner.id(), false, 2);
    assertThat(allowed(friend, mine)).as("a stale follow does not resurrect the edge").isFalse();

    // A newer follow does.
    publish(change(friend.id(), owner.id(), true, 3));
    awaitEdge(friend.id(), owner.id(), true, 3);
    assertThat(allowed(friend, mine)).as("following each other again").isTrue();
  }

  @Test
  void anUnfollowThatEndsNoMutualFollowAnnouncesNothing() throws Exception {
    User owner = user("ivy");
    User fan = user("fay");
    UUID mine = cameo(owner, "mutuals");

    publish(change(fan.id(), owner.id(), true, 1));
    publish(change(fan.id(), owner.id(), false, 2));
    // Never followed in the first place: there is nothing to remove.
    publish(change(owner.id(), fan.id(), false, 4));
    awaitEdge(fan.id(), owner.id(), false, 2);
    awaitEdge(owner.id(), fan.id(), false, 4);

    // A permission change afterwards is the first thing announced for the cameo.
    assertThat(json("PATCH", path(mine), owner.token(), "{\"permission\":\"only_me\"}").status())
        .isEqualTo(200);
    assertThat(awaitConsentChanged(List.of(mine)).get(mine))
        .containsExactly(new ConsentChanged(mine, owner.id(), "active", "only_me"));
    assertThat(outboxRows(mine)).isEqualTo(1);
  }

  private UUID cameo(User owner, String permission) throws Exception {
    Reply created =
        multipart(
            "/api/cameos",
            owner,
            "recording",
            recording,
            Map.of("name", "me", "permission", permission));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    return raw(created.body().get("id").asString());
  }

  private static String path(UUID cameo) {
    return "/api/cameos/cameo_" + cameo.toString().replace("-", "");
  }

  private boolean allowed(User u, UUID cameo) throws Exception {
    Reply r =
        json(
            "POST",
            "/internal/cameo-checks",
            service,
            JSON.writeValueAsString(Map.of("requesterId", u.id(), "cameoIds", List.of(cameo))));
    assertThat(r.status()).isEqualTo(200);
    return r.body().get("allowed").asBoolean();
  }

  private static EventEnvelope change(UUID follower, UUID followee, boolean following, long seq) {
    return EventEnvelope.of(
        FollowChanged.TYPE,
        FollowChanged.VERSION,
        follower.toString(),
        new FollowChanged(follower, followee, following, seq, Instant.now()));
  }

  private void publish(EventEnvelope event) throws Exception {
    kafka.send(FeedEvents.FOLLOWS_TOPIC, event.key(), EventJson.write(event)).get();
  }

  private void awaitEdge(UUID follower, UUID followee, boolean following, long sequence) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertEdge(follower, followee, following, sequence));
  }

  private void assertEdge(UUID follower, UUID followee, boolean following, long sequence) {
    assertThat(
            jdbc.sql(
                    "select following, sequence from follows"
                        + " where follower_id = :f and followee_id = :t")
                .param("f", follower)
                .param("t", followee)
                .query((rs, n) -> List.<Object>of(rs.getBoolean(1), rs.getLong(2)))
                .optional())
        .contains(List.<Object>of(following, sequence));
  }

  private long processed(UUID eventId) {
    return jdbc.sql("select count(*) from processed_events where event_id = :id")
        .param("id", eventId)
        .query(Long.class)
        .single();
  }

  private long outboxRows(UUID... cameos) {
    return jdbc.sql("select count(*) from outbox where msg_key in (:keys)")
        .param("keys", List.of(cameos).stream().map(UUID::toString).toList())
        .query(Long.class)
        .single();
  }

  /** The consent events for each cameo, once at least one has arrived for each. */
  private Map<UUID, List<ConsentChanged>> awaitConsentChanged(List<UUID> cameos) {
    Map<UUID, List<ConsentChanged>> seen = new HashMap<>();
    Instant deadline = Instant.now().plus(WAIT);
    while (!cameos.stream().allMatch(seen::containsKey) && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        for (UUID cameo : cameos) {
          if (cameo.toString().equals(r.key())) {
            EventEnvelope e = EventJson.read(r.value());
            assertThat(e.type()).isEqualTo(ConsentChanged.TYPE);
            seen.computeIfAbsent(cameo, k -> new ArrayList<>())
                .add(e.payloadAs(ConsentChanged.class));
          }
        }
      }
    }
    assertThat(seen.keySet()).as("cameos announced").containsAll(cameos);
    return seen;
  }
}
