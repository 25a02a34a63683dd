package dev.zoetrope.cameo.cameos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.cameo.HttpTestSupport;
import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.contracts.cameo.CameoEvents;
import dev.zoetrope.contracts.cameo.CameoEvents.ConsentChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * Every change that can shut someone out of a cameo reaches Kafka as {@code cameo.consent.changed}
 * (generation stops running renders on it), read back here with a plain Kafka consumer; changes
 * that narrow nothing publish nothing.
 */
class ConsentEventsIT extends HttpTestSupport {
  private static byte[] recording;

  @Autowired JdbcClient jdbc;

  private KafkaConsumer<String, String> consumer;

  @BeforeAll
  static void clips() throws Exception {
    recording = TestClips.mp4(96, 72, 12, 2, true);
  }

  @BeforeEach
  void subscribe() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "consent-events-it-" + UUID.randomUUID());
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
  void narrowingChangesArePublishedAndOthersAreNot() throws Exception {
    User owner = user("nora");
    User friend = user("finn");
    Reply created =
        multipart(
            "/api/cameos",
            owner,
            "recording",
            recording,
            Map.of("name", "me", "permission", "approved"));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    UUID id = raw(created.body().get("id").asString());
    String path = "/api/cameos/" + CameoIds.format(id);

    // Widening: nothing to stop.
    assertThat(json("PUT", path + "/approvals/" + friend.id(), owner.token(), null).status())
        .isEqualTo(204);
    // Narrowing, each once; repeating a change that already happened narrows nothing more.
    assertThat(json("DELETE", path + "/approvals/" + friend.id(), owner.token(), null).status())
        .isEqualTo(204);
    assertThat(json("DELETE", path + "/approvals/" + friend.id(), owner.token(), null).status())
        .isEqualTo(204);
    assertThat(json("PATCH", path, owner.token(), "{\"permission\":\"everyone\"}").status())
        .isEqualTo(200);
    assertThat(json("PATCH", path, owner.token(), "{\"permission\":\"everyone\"}").status())
        .isEqualTo(200);
    assertThat(json("PATCH", path, owner.token(), "{\"permission\":\"only_me\"}").status())
        .isEqualTo(200);
    assertThat(json("DELETE", path, owner.token(), null).status()).isEqualTo(204);
    assertThat(json("DELETE", path, owner.token(), null).status()).isEqualTo(204);

    List<EventEnvelope> events = awaitEvents(id, 4, Duration.ofSeconds(30));

    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(ConsentChanged.TYPE);
              assertThat(e.version()).isEqualTo(ConsentChanged.VERSION);
              assertThat(e.key()).isEqualTo(id.toString());
            });
    assertThat(events.stream().map(e -> e.payloadAs(ConsentChanged.class)).toList())
        .containsExactly(
            new ConsentChanged(id, owner.id(), "active", "approved"),
            new ConsentChanged(id, owner.id(), "active", "everyone"),
            new ConsentChanged(id, owner.id(), "active", "only_me"),
            new ConsentChanged(id, owner.id(), "revoked", "only_me"));
    assertThat(events.stream().map(EventEnvelope::eventId).distinct()).hasSize(4);
    // Nothing else was written for this cameo (the approval, the repeats).
    assertThat(
            jdbc.sql("select count(*) from outbox where msg_key = :k")
                .param("k", id.toString())
                .query(Long.class)
                .single())
        .isEqualTo(4);
  }

  @Test
  void aRefusedChangePublishesNothing() throws Exception {
    User owner = user("rita");
    User stranger = user("stan");
    Reply created =
        multipart(
            "/api/cameos",
            owner,
            "recording",
            recording,
            Map.of("name", "me", "permission", "everyone"));
    UUID id = raw(created.body().get("id").asString());
    String path = "/api/cameos/" + CameoIds.format(id);

    // Someone else's cameo: 404, and consent is untouched.
    assertThat(json("DELETE", path, stranger.token(), null).status()).isEqualTo(404);
    assertThat(json("PATCH", path, stranger.token(), "{\"permission\":\"only_me\"}").status())
        .isEqualTo(404);
    assertThat(json("DELETE", path, owner.token(), null).status()).isEqualTo(204);

    List<EventEnvelope> events = awaitEvents(id, 1, Duration.ofSeconds(30));
    assertThat(events)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.payloadAs(ConsentChanged.class))
                    .isEqualTo(new ConsentChanged(id, owner.id(), "revoked", "everyone")));
  }

  /** The topic's events for {@code cameo}, once {@code count} have arrived. */
  private List<EventEnvelope> awaitEvents(UUID cameo, int count, Duration timeout) {
    List<EventEnvelope> seen = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (seen.size() < count && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        if (cameo.toString().equals(r.key())) {
          seen.add(EventJson.read(r.value()));
        }
      }
    }
    assertThat(seen).as("events for cameo " + cameo).hasSize(count);
    return seen;
  }
}
