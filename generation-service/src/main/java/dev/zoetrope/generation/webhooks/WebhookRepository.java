package dev.zoetrope.generation.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_endpoints} and {@code webhook_deliveries} tables. */
@Repository
class WebhookRepository {
  private final JdbcClient jdbc;

  WebhookRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Endpoint(UUID id, UUID ownerId, String url, String secret, Instant createdAt) {}

  /** A delivery claimed for one attempt, with what the attempt needs. */
  record Due(UUID id, int attempts, String payload, String url, String secret) {}

  /** Serializes endpoint creation per owner until the transaction ends (the count check). */
  void lockOwner(UUID ownerId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
        .param("key", "webhook-endpoints:" + ownerId)
        .query()
        .singleRow();
  }

  int countOwned(UUID ownerId) {
    return jdbc.sql("select count(*) from webhook_endpoints where owner_id = :o")
        .param("o", ownerId)
        .query(Integer.class)
        .single();
  }

  void insert(Endpoint e) {
    jdbc.sql(
            """
            insert into webhook_endpoints (id, owner_id, url, secret, created_at)
            values (:id, :owner, :url, :secret, :created)
            """)
        .param("id", e.id())
        .param("owner", e.ownerId())
        .param("url", e.url())
        .param("secret", e.secret())
        .param("created", e.createdAt().atOffset(ZoneOffset.UTC))
        .update();
  }

  List<Endpoint> listOwned(UUID ownerId) {
    return jdbc.sql("select * from webhook_endpoints where owner_id = :o order by created_at, id")
        .param("o", ownerId)
        .query(WebhookRepository::endpoint)
        .list();
  }

  Optional<Endpoint> findOwned(UUID id, UUID ownerId) {
    return jdbc.sql("select * from webhook_endpoints where id = :id and owner_id = :o")
        .param("id", id)
        .param("o", ownerId)
        .query(WebhookRepository::endpoint)
        .optional();
  }

  boolean deleteOwned(UUID id, UUID ownerId) {
    return jdbc.sql("delete from webhook_endpoints where id = :id and owner_id = :o")
            .param("id", id)
            .param("o", ownerId)
            .update()
        == 1;
  }

  /** Queues one event for every endpoint of its owner; a redelivered event adds nothing. */
  int enqueue(UUID ownerId, String eventId, String eventType, String payload) {
    return jdbc.sql(
            """
            insert into webhook_deliveries (id, endpoint_id, event_id, event_type, payload, status,
              next_attempt_at, created_at)
            select gen_random_uuid(), e.id, :event, :type, :payload, 'pending', now(), now()
            from webhook_endpoints e where e.owner_id = :owner
            on conflict (endpoint_id, event_id) do nothing
            """)
        .param("owner", ownerId)
        .param("event", eventId)
        .param("type", eventType)
        .param("payload", payload)
        .update();
  }

  /**
   * Claims up to {@code limit} due deliveries by pushing their next attempt {@code leaseMs} into
   * the future: if this process dies mid-attempt, the row falls due again (at-least-once).
   */
  List<Due> claimDue(int limit, long leaseMs) {
    return jdbc.sql(
            """
            update webhook_deliveries d
            set next_attempt_at = now() + :lease * interval '1 millisecond'
            from webhook_endpoints e
            where e.id = d.endpoint_id and d.id in (
              select id from webhook_deliveries
              where status = 'pending' and next_attempt_at <= now()
              order by next_attempt_at limit :limit
              for update skip locked)
            returning d.id, d.attempts, d.payload, e.url, e.secret
            """)
        .param("lease", leaseMs)
        .param("limit", limit)
        .query(
            (rs, row) ->
                new Due(
                    rs.getObject("id", UUID.class),
                    rs.getInt("attempts"),
                    rs.getString("payload"),
                    rs.getString("url"),
                    rs.getString("secret")))
        .list();
  }

  void delivered(UUID id, int statusCode) {
    jdbc.sql(
            """
            update webhook_deliveries set status = 'delivered', attempts = attempts + 1,
              last_status_code = :code, last_error = null, finished_at = now()
            where id = :id and status = 'pending'
            """)
        .param("id", id)
        .param("code", statusCode)
        .update();
  }

  /** Records a failed attempt: retried after {@code retryInMs}, or failed for good when null. */
  void attemptFailed(UUID id, Integer statusCode, String error, Long retryInMs) {
    jdbc.sql(
            """
            update webhook_deliveries set attempts = attempts + 1, last_status_code = :code,
              last_error = :error,
              status = case when cast(:retry as bigint) is null then 'failed' else 'pending' end,
              next_attempt_at = case when cast(:retry as bigint) is null then next_attempt_at
                else now() + cast(:retry as bigint) * interval '1 millisecond' end,
              finished_at = case when cast(:retry as bigint) is null then now() end
            where id = :id and status = 'pending'
            """)
        .param("id", id)
        .param("code", statusCode)
        .param("error", error == null ? null : error.substring(0, Math.min(500, error.length())))
        .param("retry", retryInMs)
        .update();
  }

  private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
    return new Endpoint(
        rs.getObject("id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        rs.getString("url"),
        rs.getString("secret"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
