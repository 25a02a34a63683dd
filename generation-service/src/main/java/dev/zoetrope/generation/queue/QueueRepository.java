package dev.zoetrope.generation.queue;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The scheduler's and the workers' view of the {@code videos} table, plus worker presence. */
@Repository
public class QueueRepository {
  /** Advisory-lock key of the single active scheduler. */
  static final long SCHEDULER_LOCK = 0x5a6f65_7472_6f70L;

  private final JdbcClient jdbc;

  public QueueRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** True in the one transaction (cluster-wide) that may schedule now; released at its end. */
  boolean tryLead() {
    return Boolean.TRUE.equals(
        jdbc.sql("select pg_try_advisory_xact_lock(:k)")
            .param("k", SCHEDULER_LOCK)
            .query(Boolean.class)
            .single());
  }

  /** What a tick needs of a queued job to order it; the payload is read only on dispatch. */
  record Waiting(
      UUID id,
      UUID owner,
      boolean pro,
      String model,
      int seconds,
      String size,
      Instant createdAt,
      Instant dispatchedAt) {}

  /** Queued jobs (dispatched or not), oldest first. */
  List<Waiting> queued(int limit) {
    return jdbc.sql(
            """
            select id, owner_id, priority_class, model, seconds, size, created_at, dispatched_at
            from videos where status = 'queued' order by created_at, id limit :limit
            """)
        .param("limit", limit)
        .query(
            (rs, i) ->
                new Waiting(
                    rs.getObject("id", UUID.class),
                    rs.getObject("owner_id", UUID.class),
                    "pro".equals(rs.getString("priority_class")),
                    rs.getString("model"),
                    rs.getInt("seconds"),
                    rs.getString("size"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                    instant(rs.getObject("dispatched_at", OffsetDateTime.class))))
        .list();
  }

  record Running(UUID owner, String model, int seconds, Instant startedAt) {}

  List<Running> running() {
    return jdbc.sql(
            "select owner_id, model, seconds, started_at from videos where status = 'in_progress'")
        .query(
            (rs, i) ->
                new Running(
                    rs.getObject("owner_id", UUID.class),
                    rs.getString("model"),
                    rs.getInt("seconds"),
                    instant(rs.getObject("started_at", OffsetDateTime.class))))
        .list();
  }

  /** Most recent dispatch per user, in epoch microseconds. */
  Map<UUID, Long> lastDispatched(List<UUID> owners) {
    Map<UUID, Long> result = new HashMap<>();
    if (owners.isEmpty()) {
      return result;
    }
    jdbc.sql(
            """
            select owner_id, (extract(epoch from max(dispatched_at)) * 1000000)::bigint as t
            from videos where owner_id = any(cast(:owners as uuid[])) and dispatched_at is not null
            group by owner_id
            """)
        .param("owners", pgArray(owners))
        .query(
            rs -> {
              result.put(rs.getObject("owner_id", UUID.class), rs.getLong("t"));
            });
    return result;
  }

  /** Render milliseconds per clip-second, averaged over each model's recent completions. */
  Map<String, Long> renderMsPerSecond(int samples) {
    Map<String, Long> result = new HashMap<>();
    jdbc.sql(
            """
            select model, avg(ms)::bigint as ms from (
              select model,
                extract(epoch from (completed_at - started_at)) * 1000 / seconds as ms,
                row_number() over (partition by model order by completed_at desc) as n
              from videos where status = 'completed' and started_at is not null
                and completed_at > now() - interval '1 day') r
            where n <= :samples group by model
            """)
        .param("samples", samples)
        .query(
            rs -> {
              result.put(rs.getString("model"), Math.max(1, rs.getLong("ms")));
            });
    return result;
  }

  int capacity(long workerTtlMs) {
    return jdbc.sql(
            """
            select coalesce(sum(slots), 0) from queue_workers
            where seen_at > now() - :ttl * interval '1 millisecond'
            """)
        .param("ttl", workerTtlMs)
        .query(Integer.class)
        .single();
  }

  /** Only a still-queued, undispatched job is dispatched; false if it moved on meanwhile. */
  /** The rest of a job's dispatch record. */
  record Payload(String prompt, List<UUID> cameoIds, long seed, int attempts) {}

  /**
   * Marks a still-queued, undispatched job dispatched and returns what its record carries; empty if
   * it moved on meanwhile.
   */
  Optional<Payload> markDispatched(UUID id) {
    return jdbc.sql(
            """
            update videos set dispatched_at = now()
            where id = :id and status = 'queued' and dispatched_at is null
            returning prompt, cameo_ids, seed, attempts
            """)
        .param("id", id)
        .query(
            (rs, i) ->
                new Payload(
                    rs.getString("prompt"),
                    uuids(rs.getArray("cameo_ids")),
                    rs.getLong("seed"),
                    rs.getInt("attempts")))
        .optional();
  }

  /** Dispatched long ago and never started (a lost record): eligible for dispatch again. */
  int forgetStaleDispatches(long timeoutMs) {
    return jdbc.sql(
            """
            update videos set dispatched_at = null
            where status = 'queued' and dispatched_at < now() - :t * interval '1 millisecond'
            """)
        .param("t", timeoutMs)
        .update();
  }

  /** Jobs dispatched to the jobs topic that no worker has claimed yet. */
  int dispatchedWaiting() {
    return jdbc.sql(
            "select count(*) from videos where status = 'queued' and dispatched_at is not null")
        .query(Integer.class)
        .single();
  }

  record Expired(UUID id, UUID owner, int attempts) {}

  /** Running jobs whose worker stopped heartbeating, locked for this transaction. */
  List<Expired> expiredLeases() {
    return jdbc.sql(
            """
            select id, owner_id, attempts from videos
            where status = 'in_progress' and lease_until < now()
            for update skip locked
            """)
        .query(
            (rs, i) ->
                new Expired(
                    rs.getObject("id", UUID.class),
                    rs.getObject("owner_id", UUID.class),
                    rs.getInt("attempts")))
        .list();
  }

  /** Back into the fair queue; guarded so a worker that heartbeated meanwhile keeps its job. */
  boolean requeue(UUID id) {
    return jdbc.sql(
                """
                update videos set status = 'queued', progress = 0, lease_until = null,
                  lease_owner = null, dispatched_at = null
                where id = :id and status = 'in_progress' and lease_until < now()
                """)
            .param("id", id)
            .update()
        == 1;
  }

  boolean failExpired(UUID id, String code, String message) {
    return jdbc.sql(
                """
                update videos set status = 'failed', error_code = :code, error_message = :msg,
                  completed_at = now(), lease_until = null, lease_owner = null
                where id = :id and status = 'in_progress' and lease_until < now()
                """)
            .param("id", id)
            .param("code", code)
            .param("msg", message)
            .update()
        == 1;
  }

  /** Positions and ETAs of queued jobs, one statement for the whole queue. */
  void publishOrder(List<UUID> ids, List<Integer> positions, List<Integer> etas) {
    jdbc.sql(
            """
            update videos v set sched_position = x.p, sched_eta_seconds = x.e
            from unnest(cast(:ids as uuid[]), cast(:ps as int[]), cast(:es as int[])) as x(id, p, e)
            where v.id = x.id and v.status = 'queued'
              and (v.sched_position is distinct from x.p or v.sched_eta_seconds is distinct from x.e)
            """)
        .param("ids", pgArray(ids))
        .param("ps", ints(positions))
        .param("es", ints(etas))
        .update();
  }

  int proStreak() {
    return jdbc.sql("select pro_streak from queue_state where id = 1")
        .query(Integer.class)
        .single();
  }

  /**
   * Where a new standard clip from a user with nothing queued would land: its 1-based queue
   * position and the seconds until it starts.
   */
  public record NewJob(Integer position, Integer etaSeconds) {}

  void saveState(int proStreak, NewJob free, NewJob pro) {
    jdbc.sql(
            """
            update queue_state set pro_streak = :s, free_eta_seconds = :fe, pro_eta_seconds = :pe,
              free_new_position = :fp, pro_new_position = :pp, updated_at = now() where id = 1
            """)
        .param("s", proStreak)
        .param("fe", free.etaSeconds())
        .param("pe", pro.etaSeconds())
        .param("fp", free.position())
        .param("pp", pro.position())
        .update();
  }

  /** The ETA a new job of the class would get now, from the scheduler's last tick. */
  public Integer newJobEtaSeconds(boolean pro) {
    return jdbc.sql(
            "select " + (pro ? "pro" : "free") + "_eta_seconds from queue_state where id = 1")
        .query(Integer.class)
        .optional()
        .orElse(null);
  }

  /** Position and ETA a new job of the class would get now, from the scheduler's last tick. */
  public NewJob newJob(boolean pro) {
    String c = pro ? "pro" : "free";
    return jdbc.sql(
            "select " + c + "_new_position, " + c + "_eta_seconds from queue_state where id = 1")
        .query((rs, i) -> new NewJob((Integer) rs.getObject(1), (Integer) rs.getObject(2)))
        .optional()
        .orElse(new NewJob(null, null));
  }

  void heartbeatWorker(String workerId, int slots) {
    jdbc.sql(
            """
            insert into queue_workers (worker_id, slots, seen_at) values (:w, :s, now())
            on conflict (worker_id) do update set slots = excluded.slots, seen_at = now()
            """)
        .param("w", workerId)
        .param("s", slots)
        .update();
  }

  void removeWorker(String workerId) {
    jdbc.sql("delete from queue_workers where worker_id = :w").param("w", workerId).update();
  }

  /** Renews the leases this worker holds; returns the jobs it still holds. */
  List<UUID> renewLeases(List<UUID> ids, String workerId, long leaseMs) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            update videos set lease_until = now() + :l * interval '1 millisecond'
            where id = any(cast(:ids as uuid[])) and status = 'in_progress' and lease_owner = :w
            returning id
            """)
        .param("ids", pgArray(ids))
        .param("w", workerId)
        .param("l", leaseMs)
        .query(UUID.class)
        .list();
  }

  /**
   * A draining worker hands a job it could not finish back to the queue without spending an
   * attempt.
   */
  boolean release(UUID id, String workerId) {
    return jdbc.sql(
                """
                update videos set status = 'queued', progress = 0, lease_until = null,
                  lease_owner = null, dispatched_at = null, attempts = greatest(attempts - 1, 0)
                where id = :id and status = 'in_progress' and lease_owner = :w
                """)
            .param("id", id)
            .param("w", workerId)
            .update()
        == 1;
  }

  private static List<UUID> uuids(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static String pgArray(List<?> values) {
    return values.stream().map(Object::toString).collect(Collectors.joining(",", "{", "}"));
  }

  private static String ints(List<Integer> values) {
    return pgArray(values);
  }
}
