package dev.zoetrope.cameo.follows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the follow-graph projection. Callers own the transactions. */
@Repository
class FollowProjection {
  private final JdbcClient jdbc;

  FollowProjection(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Edge(boolean following, long sequence) {}

  /** The pair's last applied change, locked until the transaction ends. */
  Optional<Edge> findForUpdate(UUID follower, UUID followee) {
    return jdbc.sql(
            """
            select following, sequence from follows
            where follower_id = :f and followee_id = :t
            for update
            """)
        .param("f", follower)
        .param("t", followee)
        .query((rs, n) -> new Edge(rs.getBoolean("following"), rs.getLong("sequence")))
        .optional();
  }

  boolean following(UUID follower, UUID followee) {
    return jdbc.sql(
            """
            select exists (select 1 from follows
                           where follower_id = :f and followee_id = :t and following)
            """)
        .param("f", follower)
        .param("t", followee)
        .query(Boolean.class)
        .single();
  }

  /** Records the change unless one at least as new is already there; true if it was applied. */
  boolean apply(UUID follower, UUID followee, boolean following, long sequence, Instant at) {
    return jdbc.sql(
                """
                insert into follows (follower_id, followee_id, following, sequence, changed_at)
                values (:f, :t, :following, :sequence, :at)
                on conflict (follower_id, followee_id) do update
                  set following = excluded.following,
                      sequence = excluded.sequence,
                      changed_at = excluded.changed_at
                  where follows.sequence < excluded.sequence
                """)
            .param("f", follower)
            .param("t", followee)
            .param("following", following)
            .param("sequence", sequence)
            .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .update()
        == 1;
  }
}
