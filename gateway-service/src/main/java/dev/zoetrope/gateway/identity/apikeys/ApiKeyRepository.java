package dev.zoetrope.gateway.identity.apikeys;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API keys in the {@code identity} schema. Blocking: callers run it on a bounded-elastic thread.
 */
@Repository
public class ApiKeyRepository {
  private final JdbcClient jdbc;

  public ApiKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record KeyRow(
      UUID id, String name, String prefix, OffsetDateTime createdAt, OffsetDateTime lastUsedAt) {}

  /** An unrevoked key with its owner, as needed to authenticate a request. */
  record ActiveKey(UUID id, UUID userId, String username, String tier, Instant lastUsedAt) {}

  /** Locks the user row so concurrent creations cannot both pass the per-user key limit. */
  boolean lockUser(UUID userId) {
    return jdbc.sql("select id from users where id = ? for update")
        .param(userId)
        .query(UUID.class)
        .optional()
        .isPresent();
  }

  int countActive(UUID userId) {
    return jdbc.sql("select count(*) from api_keys where user_id = ? and revoked_at is null")
        .param(userId)
        .query(Integer.class)
        .single();
  }

  KeyRow insert(UUID id, UUID userId, String name, byte[] keyHash, String prefix) {
    return jdbc.sql(
            """
            insert into api_keys (id, user_id, name, key_hash, prefix) values (?, ?, ?, ?, ?)
            returning id, name, prefix, created_at, last_used_at
            """)
        .params(id, userId, name, keyHash, prefix)
        .query(KeyRow.class)
        .single();
  }

  List<KeyRow> listActive(UUID userId) {
    return jdbc.sql(
            """
            select id, name, prefix, created_at, last_used_at from api_keys
            where user_id = ? and revoked_at is null order by created_at, id
            """)
        .param(userId)
        .query(KeyRow.class)
        .list();
  }

  boolean revoke(UUID id, UUID userId) {
    return jdbc.sql(
                """
                update api_keys set revoked_at = now()
                where id = ? and user_id = ? and revoked_at is null
                """)
            .params(id, userId)
            .update()
        == 1;
  }

  Optional<ActiveKey> findActiveByHash(byte[] keyHash) {
    return jdbc.sql(
            """
            select k.id, k.user_id, u.username, u.tier, k.last_used_at
            from api_keys k join users u on u.id = k.user_id
            where k.key_hash = ? and k.revoked_at is null
            """)
        .param(keyHash)
        .query(
            (rs, n) ->
                new ActiveKey(
                    rs.getObject("id", UUID.class),
                    rs.getObject("user_id", UUID.class),
                    rs.getString("username"),
                    rs.getString("tier"),
                    Optional.ofNullable(rs.getObject("last_used_at", OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant)
                        .orElse(null)))
        .optional();
  }

  void touch(UUID id) {
    jdbc.sql("update api_keys set last_used_at = now() where id = ?").param(id).update();
  }
}
