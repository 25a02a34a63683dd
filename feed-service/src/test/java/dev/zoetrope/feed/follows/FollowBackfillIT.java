package dev.zoetrope.feed.follows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.contracts.feed.FeedEvents;
import dev.zoetrope.contracts.feed.FeedEvents.FollowChanged;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Follows made before follow.changed existed reach consumers too: the migration that introduces the
 * event writes one per existing edge, in the shape the relay publishes and consumers parse. Runs
 * the real migrations on a schema of its own, stopping before that one to seed old rows.
 */
class FollowBackfillIT {
  private static final String SCHEMA = "feed_backfill";

  @Test
  void existingFollowsArePublishedOnceAsSequenceOne() throws Exception {
    String url = TestInfra.provisionSchema(SCHEMA);
    flyway(url).target("2").load().migrate();

    UUID ann = UUID.randomUUID();
    UUID ben = UUID.randomUUID();
    UUID cid = UUID.randomUUID();
    Instant first = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
    Instant second = first.plusSeconds(3600);
    try (Connection c = DriverManager.getConnection(url, SCHEMA, SCHEMA);
        PreparedStatement insert =
            c.prepareStatement(
                "insert into follows (follower_id, followee_id, created_at) values (?, ?, ?)")) {
      for (Object[] row :
          new Object[][] {{ann, ben, second}, {ben, ann, first}, {ann, cid, first}}) {
        insert.setObject(1, row[0]);
        insert.setObject(2, row[1]);
        insert.setTimestamp(3, Timestamp.from((Instant) row[2]));
        insert.executeUpdate();
      }
    }

    flyway(url).load().migrate();

    List<EventEnvelope> events = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, SCHEMA, SCHEMA);
        PreparedStatement select =
            c.prepareStatement(
                "select topic, msg_key, payload::text, published_at from outbox order by id");
        ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        assertThat(rs.getString(1)).isEqualTo(FeedEvents.FOLLOWS_TOPIC);
        assertThat(rs.getTimestamp(4)).as("left for the relay").isNull();
        keys.add(rs.getString(2));
        events.add(EventJson.read(rs.getString(3)));
      }
    }
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(FollowChanged.TYPE);
              assertThat(e.version()).isEqualTo(FollowChanged.VERSION);
            });
    assertThat(events.stream().map(EventEnvelope::eventId).distinct()).hasSize(3);
    assertThat(events.stream().map(EventEnvelope::key).toList()).isEqualTo(keys);
    assertThat(events.stream().map(e -> e.payloadAs(FollowChanged.class)).toList())
        .extracting(
            FollowChanged::followerId,
            FollowChanged::followeeId,
            FollowChanged::following,
            FollowChanged::sequence,
            FollowChanged::changedAt)
        .containsExactlyInAnyOrder(
            tuple(ben, ann, true, 1L, first),
            tuple(ann, cid, true, 1L, first),
            tuple(ann, ben, true, 1L, second));
    // Oldest first, as they happened.
    assertThat(events.getLast().payloadAs(FollowChanged.class).followeeId()).isEqualTo(ben);
    assertThat(events.getLast().key()).isEqualTo(ann.toString());
    assertThat(events.getLast().occurredAt()).isEqualTo(second);

    // The pair's next change continues from the backfilled sequence rather than restarting at 1.
    try (Connection c = DriverManager.getConnection(url, SCHEMA, SCHEMA);
        PreparedStatement seq =
            c.prepareStatement(
                "select sequence from follow_sequences where follower_id = ? and followee_id = ?")) {
      seq.setObject(1, ann);
      seq.setObject(2, ben);
      try (ResultSet rs = seq.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1L);
      }
    }
  }

  private static FluentConfiguration flyway(String url) {
    return Flyway.configure()
        .dataSource(url, SCHEMA, SCHEMA)
        .locations("classpath:db/common", "classpath:db/migration");
  }
}
