package dev.zoetrope.cameo.cameos;

import dev.zoetrope.cameo.consent.CameoStatus;
import dev.zoetrope.cameo.consent.ConsentPolicy;
import dev.zoetrope.cameo.consent.Permission;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for cameos and their approved lists. Callers own the transactions. */
@Repository
public class CameoRepository {
  private final JdbcClient jdbc;

  public CameoRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Serializes one owner's writes that check a count first, so two uploads at once cannot both slip
   * under the limit. Held until the transaction ends.
   */
  public void lockOwner(UUID ownerId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:owner, 0))")
        .param("owner", ownerId.toString())
        .query()
        .singleRow();
  }

  public int countActive(UUID ownerId) {
    return jdbc.sql("select count(*) from cameos where owner_id = :owner and status = 'active'")
        .param("owner", ownerId)
        .query(Integer.class)
        .single();
  }

  public Cameo insert(Cameo c) {
    jdbc.sql(
            """
            insert into cameos (id, owner_id, name, permission, status, recording_key,
                                recording_sha256, recording_bytes, duration_ms)
            values (:id, :owner, :name, :permission, 'active', :key, :sha, :bytes, :duration)
            """)
        .param("id", c.id())
        .param("owner", c.ownerId())
        .param("name", c.name())
        .param("permission", c.permission().wire())
        .param("key", c.recordingKey())
        .param("sha", c.recordingSha256())
        .param("bytes", c.recordingBytes())
        .param("duration", c.durationMs())
        .update();
    return find(c.id()).orElseThrow();
  }

  public Optional<Cameo> find(UUID id) {
    return jdbc.sql("select * from cameos where id = :id")
        .param("id", id)
        .query(CameoRepository::map)
        .optional();
  }

  /** Locks the row for a read-check-write on it (approvals, permission, revocation). */
  public Optional<Cameo> findForUpdate(UUID id) {
    return jdbc.sql("select * from cameos where id = :id for update")
        .param("id", id)
        .query(CameoRepository::map)
        .optional();
  }

  public List<Cameo> listByOwner(UUID ownerId, CameoStatus status, int limit) {
    return jdbc.sql(
            """
            select * from cameos
            where owner_id = :owner and (cast(:status as text) is null or status = :status)
            order by created_at desc, id
            limit :limit
            """)
        .param("owner", ownerId)
        .param("status", status == null ? null : status.wire())
        .param("limit", limit)
        .query(CameoRepository::map)
        .list();
  }

  public void updatePermission(UUID id, Permission permission) {
    jdbc.sql("update cameos set permission = :p where id = :id")
        .param("p", permission.wire())
        .param("id", id)
        .update();
  }

  public void revoke(UUID id) {
    jdbc.sql(
            "update cameos set status = 'revoked', revoked_at = now()"
                + " where id = :id and status = 'active'")
        .param("id", id)
        .update();
  }

  public int countApprovals(UUID cameoId) {
    return jdbc.sql("select count(*) from cameo_approvals where cameo_id = :id")
        .param("id", cameoId)
        .query(Integer.class)
        .single();
  }

  public boolean isApproved(UUID cameoId, UUID userId) {
    return jdbc.sql(
            "select exists(select 1 from cameo_approvals where cameo_id = :c and user_id = :u)")
        .param("c", cameoId)
        .param("u", userId)
        .query(Boolean.class)
        .single();
  }

  public void approve(UUID cameoId, UUID userId) {
    jdbc.sql(
            "insert into cameo_approvals (cameo_id, user_id) values (:c, :u) on conflict do nothing")
        .param("c", cameoId)
        .param("u", userId)
        .update();
  }

  /** False when the user was not on the list. */
  public boolean unapprove(UUID cameoId, UUID userId) {
    return jdbc.sql("delete from cameo_approvals where cameo_id = :c and user_id = :u")
            .param("c", cameoId)
            .param("u", userId)
            .update()
        == 1;
  }

  public record Approval(UUID userId, Instant createdAt) {}

  public List<Approval> approvals(UUID cameoId, int limit) {
    return jdbc.sql(
            "select user_id, created_at from cameo_approvals where cameo_id = :c"
                + " order by created_at, user_id limit :limit")
        .param("c", cameoId)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Approval(
                    rs.getObject("user_id", UUID.class), rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  /**
   * Whether {@code owner} and {@code user} follow each other, from the follow projection: both rows
   * by primary key in one query.
   */
  public boolean mutualFollows(UUID owner, UUID user) {
    return jdbc.sql(
            """
            select count(*) = 2 from follows
            where following and (follower_id, followee_id) in ((:o, :u), (:u, :o))
            """)
        .param("o", owner)
        .param("u", user)
        .query(Boolean.class)
        .single();
  }

  /** The active cameos with permission {@code mutuals} that any of {@code owners} owns. */
  public List<Cameo> activeMutualsOwnedBy(List<UUID> owners) {
    return jdbc.sql(
            """
            select * from cameos
            where owner_id in (:owners) and status = 'active' and permission = 'mutuals'
            order by owner_id, created_at, id
            """)
        .param("owners", owners)
        .query(CameoRepository::map)
        .list();
  }

  /** What the consent policy needs for each of {@code ids} that exists. */
  public Map<UUID, ConsentPolicy.Facts> usageFacts(List<UUID> ids, UUID requester) {
    Map<UUID, ConsentPolicy.Facts> facts = new HashMap<>();
    if (ids.isEmpty()) {
      return facts;
    }
    jdbc.sql(
            """
            select c.id, c.owner_id, c.permission, c.status,
                   exists(select 1 from cameo_approvals a
                          where a.cameo_id = c.id and a.user_id = :requester) as approved,
                   c.permission = 'mutuals'
                     and (select count(*) from follows f
                          where f.following
                            and (f.follower_id, f.followee_id)
                                in ((c.owner_id, :requester), (:requester, c.owner_id))) = 2
                     as mutual
            from cameos c where c.id in (:ids)
            """)
        .param("ids", ids)
        .param("requester", requester)
        .query(
            (rs, n) ->
                Map.entry(
                    rs.getObject("id", UUID.class),
                    new ConsentPolicy.Facts(
                        rs.getObject("owner_id", UUID.class),
                        Permission.fromWire(rs.getString("permission")).orElseThrow(),
                        CameoStatus.fromWire(rs.getString("status")),
                        rs.getBoolean("approved"),
                        rs.getBoolean("mutual"))))
        .list()
        .forEach(e -> facts.put(e.getKey(), e.getValue()));
    return facts;
  }

  private static Cameo map(ResultSet rs, int row) throws SQLException {
    Timestamp revoked = rs.getTimestamp("revoked_at");
    return new Cameo(
        rs.getObject("id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        rs.getString("name"),
        Permission.fromWire(rs.getString("permission")).orElseThrow(),
        CameoStatus.fromWire(rs.getString("status")),
        rs.getString("recording_key"),
        rs.getString("recording_sha256"),
        rs.getLong("recording_bytes"),
        rs.getLong("duration_ms"),
        rs.getTimestamp("created_at").toInstant(),
        revoked == null ? null : revoked.toInstant());
  }
}
