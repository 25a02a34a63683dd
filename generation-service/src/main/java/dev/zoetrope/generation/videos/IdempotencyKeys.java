package dev.zoetrope.generation.videos;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code idempotency_keys} table: one row per (owner, key). */
@Repository
class IdempotencyKeys {
  /** A stored key; {@code responseBody} is null while its first request is still running. */
  record Entry(String requestHash, UUID videoId, String responseBody, Instant createdAt) {}

  private final JdbcClient jdbc;

  IdempotencyKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Entry> find(UUID ownerId, String key) {
    return jdbc.sql(
            """
            select request_hash, video_id, response_body, created_at from idempotency_keys
            where owner_id = :owner and key = :key
            """)
        .param("owner", ownerId)
        .param("key", key)
        .query(IdempotencyKeys::map)
        .optional();
  }

  /** Reserves the key for this request; false when another request holds it. */
  boolean reserve(UUID ownerId, String key, String requestHash, UUID videoId, Instant now) {
    return jdbc.sql(
                """
                insert into idempotency_keys (owner_id, key, request_hash, video_id, created_at)
                values (:owner, :key, :hash, :video, :now)
                on conflict (owner_id, key) do nothing
                """)
            .param("owner", ownerId)
            .param("key", key)
            .param("hash", requestHash)
            .param("video", videoId)
            .param("now", timestamp(now))
            .update()
        == 1;
  }

  void recordResponse(UUID ownerId, String key, UUID videoId, String body) {
    jdbc.sql(
            """
            update idempotency_keys set response_body = :body
            where owner_id = :owner and key = :key and video_id = :video
            """)
        .param("owner", ownerId)
        .param("key", key)
        .param("video", videoId)
        .param("body", body)
        .update();
  }

  /** Gives a key up (its request was refused); only the reservation made with {@code videoId}. */
  void release(UUID ownerId, String key, UUID videoId) {
    jdbc.sql(
            """
            delete from idempotency_keys
            where owner_id = :owner and key = :key and video_id = :video and response_body is null
            """)
        .param("owner", ownerId)
        .param("key", key)
        .param("video", videoId)
        .update();
  }

  /**
   * Takes over a reservation whose request vanished (its process died): only one taker wins,
   * because the row must still carry the creation time the taker saw.
   */
  boolean takeOver(UUID ownerId, String key, Instant seenCreatedAt, Instant now) {
    return jdbc.sql(
                """
                update idempotency_keys set created_at = :now
                where owner_id = :owner and key = :key and created_at = :seen
                  and response_body is null
                """)
            .param("owner", ownerId)
            .param("key", key)
            .param("seen", timestamp(seenCreatedAt))
            .param("now", timestamp(now))
            .update()
        == 1;
  }

  /** Drops this owner's keys older than {@code cutoff}, so an expired key can be used afresh. */
  void purgeExpired(UUID ownerId, Instant cutoff) {
    jdbc.sql("delete from idempotency_keys where owner_id = :owner and created_at < :cutoff")
        .param("owner", ownerId)
        .param("cutoff", timestamp(cutoff))
        .update();
  }

  private static Entry map(ResultSet rs, int row) throws SQLException {
    return new Entry(
        rs.getString("request_hash").trim(),
        rs.getObject("video_id", UUID.class),
        rs.getString("response_body"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
