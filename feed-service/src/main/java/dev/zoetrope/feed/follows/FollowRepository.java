package dev.zoetrope.feed.follows;

import dev.zoetrope.feed.rules.PageCursor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FollowRepository {
  private final JdbcClient jdbc;

  FollowRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Serializes one follower's follow requests until the transaction ends, so two concurrent
   * requests cannot both pass the limit check. Keyed by the follower only; a hash collision merely
   * makes two users wait for each other briefly.
   */
  void lockFollower(UUID follower) {
    jdbc.sql("select pg_advisory_xact_lock(:key)")
        .param("key", follower.getMostSignificantBits() ^ follower.getLeastSignificantBits())
        .query((rs, n) -> 1)
        .single();
  }

  boolean exists(UUID follower, UUID followee) {
    return jdbc.sql(
            "select exists (select 1 from follows where follower_id = :f and followee_id = :t)")
        .param("f", follower)
        .param("t", followee)
        .query(Boolean.class)
        .single();
  }

  long count(UUID follower) {
    return jdbc.sql("select count(*) from follows where follower_id = :f")
        .param("f", follower)
        .query(Long.class)
        .single();
  }

  void insert(UUID follower, UUID followee) {
    jdbc.sql(
            """
            insert into follows (follower_id, followee_id, created_at)
            values (:f, :t, clock_timestamp())
            on conflict do nothing
            """)
        .param("f", follower)
        .param("t", followee)
        .update();
  }

  /** False when there was no such edge. */
  boolean delete(UUID follower, UUID followee) {
    return jdbc.sql("delete from follows where follower_id = :f and followee_id = :t")
            .param("f", follower)
            .param("t", followee)
            .update()
        == 1;
  }

  /** The sequence and time of one more change of this pair (see follow.changed). */
  record Change(long sequence, Instant changedAt) {}

  Change nextChange(UUID follower, UUID followee) {
    return jdbc.sql(
            """
            insert into follow_sequences (follower_id, followee_id, sequence, changed_at)
            values (:f, :t, 1, clock_timestamp())
            on conflict (follower_id, followee_id) do update
              set sequence = follow_sequences.sequence + 1, changed_at = excluded.changed_at
            returning sequence, changed_at
            """)
        .param("f", follower)
        .param("t", followee)
        .query(
            (rs, n) ->
                new Change(
                    rs.getLong("sequence"),
                    rs.getObject("changed_at", OffsetDateTime.class).toInstant()))
        .single();
  }

  /** Newest first, strictly after {@code after} when given; at most {@code limit} rows. */
  List<Follow> page(UUID follower, PageCursor after, int limit) {
    String sql =
        after == null
            ? """
              select followee_id, created_at from follows where follower_id = :f
              order by created_at desc, followee_id desc limit :limit
              """
            : """
              select followee_id, created_at from follows
              where follower_id = :f and (created_at, followee_id) < (:at, :id)
              order by created_at desc, followee_id desc limit :limit
              """;
    JdbcClient.StatementSpec spec = jdbc.sql(sql).param("f", follower).param("limit", limit);
    if (after != null) {
      spec =
          spec.param("at", OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC))
              .param("id", after.id());
    }
    return spec.query(
            (rs, n) ->
                new Follow(
                    rs.getObject("followee_id", UUID.class),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()))
        .list();
  }
}
