package dev.zoetrope.generation.videos;

import dev.zoetrope.generation.videos.domain.Cancellation;
import dev.zoetrope.generation.videos.domain.Origin;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.VideoStatus;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code videos} table. State changes are guarded by the current status in SQL, so two workers
 * racing on one job cannot both win.
 */
@Repository
public class VideoRepository {
  /**
   * 1-based position among queued jobs in the fair scheduler's order (ADR 0005); FIFO from the
   * partial index until the scheduler has ordered a new job.
   */
  private static final String COLUMNS =
      """
      v.*, case when v.status = 'queued' then coalesce(v.sched_position,
        (select count(*) from videos q where q.status = 'queued'
           and (q.created_at, q.id) < (v.created_at, v.id)) + 1) end as queue_position,
      case when v.status = 'queued' then v.sched_eta_seconds end as eta_seconds
      """;

  private final JdbcClient jdbc;

  public VideoRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Video v) {
    insert(v, false);
  }

  /** {@code pro}: the priority class the fair scheduler gives the job (ADR 0005). */
  public void insert(Video v, boolean pro) {
    jdbc.sql(
            """
            insert into videos (id, owner_id, model, prompt, seconds, size, cameo_ids, seed,
              status, progress, error_code, error_message, attempts, created_at, completed_at,
              kind, source_video_id, input_asset_id, negative_prompt, priority_class)
            values (:id, :owner, :model, :prompt, :seconds, :size, cast(:cameos as uuid[]), :seed,
              :status, :progress, :errorCode, :errorMessage, 0, :createdAt, :completedAt,
              :kind, :source, :input, :negative, :priorityClass)
            """)
        .param("priorityClass", pro ? "pro" : "free")
        .param("id", v.id())
        .param("owner", v.ownerId())
        .param("model", v.model())
        .param("prompt", v.prompt())
        .param("seconds", v.seconds())
        .param("size", v.size())
        .param("cameos", pgArray(v.cameoIds()))
        .param("seed", v.seed())
        .param("status", v.status().wire())
        .param("progress", v.progress())
        .param("errorCode", v.errorCode())
        .param("errorMessage", v.errorMessage())
        .param("createdAt", timestamp(v.createdAt()))
        .param("completedAt", timestamp(v.completedAt()))
        .param("kind", v.origin().kind().wire())
        .param("source", v.origin().sourceVideoId())
        .param("input", v.origin().inputAssetId())
        .param("negative", v.origin().negativePrompt())
        .update();
  }

  public Optional<Video> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from videos v where v.id = :id")
        .param("id", id)
        .query(VideoRepository::map)
        .optional();
  }

  /** Current rows of many jobs in one query, for watchers that follow them all at once. */
  public List<Video> findAll(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS + " from videos v where v.id in (:ids)")
        .param("ids", ids)
        .query(VideoRepository::map)
        .list();
  }

  public Optional<Video> findOwned(UUID id, UUID ownerId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from videos v where v.id = :id and v.owner_id = :owner"
                + " and v.deleted_at is null")
        .param("id", id)
        .param("owner", ownerId)
        .query(VideoRepository::map)
        .optional();
  }

  /**
   * One page of an owner's jobs ordered by (created_at, id), starting after {@code after} (a job of
   * the same owner) when given.
   */
  public List<Video> listOwned(UUID ownerId, Video after, boolean ascending, int limit) {
    String cmp = ascending ? ">" : "<";
    String dir = ascending ? "asc" : "desc";
    String cursor =
        after == null ? "" : " and (v.created_at, v.id) " + cmp + " (:afterCreated, :afterId)";
    var spec =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from videos v where v.owner_id = :owner and v.deleted_at is null"
                    + cursor
                    + " order by v.created_at "
                    + dir
                    + ", v.id "
                    + dir
                    + " limit :limit")
            .param("owner", ownerId)
            .param("limit", limit);
    if (after != null) {
      spec = spec.param("afterCreated", timestamp(after.createdAt())).param("afterId", after.id());
    }
    return spec.query(VideoRepository::map).list();
  }

  /** Queued and running jobs of one owner. */
  /**
   * Read on every create: the partial index {@code videos_owner_active} (V9) keeps it to the
   * owner's active jobs, not every video they ever made ({@code PerOwnerReadsIT}).
   */
  public static final String ACTIVE_JOBS_SQL =
      "select count(*) from videos where owner_id = :owner and status in ('queued', 'in_progress')";

  public int activeJobs(UUID ownerId) {
    return jdbc.sql(ACTIVE_JOBS_SQL).param("owner", ownerId).query(Integer.class).single();
  }

  /**
   * Serializes job creation per owner until the transaction ends, so a burst of parallel requests
   * cannot all pass the active-jobs check.
   */
  public void lockOwner(UUID ownerId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:owner, 0))")
        .param("owner", ownerId.toString())
        .query()
        .singleRow();
  }

  public int queuePosition(UUID id) {
    return jdbc.sql(
            """
            select count(*) + 1 from videos q, videos v where v.id = :id and q.status = 'queued'
              and (q.created_at, q.id) < (v.created_at, v.id)
            """)
        .param("id", id)
        .query(Integer.class)
        .single();
  }

  /**
   * Moves a queued job (or one whose worker died mid-render) to in_progress, counts the attempt and
   * returns the claimed row; empty when the job is gone or already final.
   */
  public Optional<Video> claim(UUID id, Instant now) {
    return claim(id, now, null, null);
  }

  /**
   * Claims a queued job, or a running one whose lease ran out, for {@code worker} with a lease of
   * {@code lease}, and returns the claimed row (one statement: the worker's whole way from a record
   * to its render is on the slot); empty when the job is gone, final, or another worker holds a
   * live lease on it.
   */
  public Optional<Video> claim(UUID id, Instant now, java.time.Duration lease, String worker) {
    // A running job has no queue position: the columns map() expects, without their subquery.
    String returning = "returning v.*, null::bigint as queue_position, null::int as eta_seconds";
    if (lease != null) {
      return jdbc.sql(
              """
              update videos v set status = 'in_progress', progress = 0, attempts = attempts + 1,
                started_at = coalesce(started_at, :now), lease_owner = :worker,
                lease_until = :now + :leaseMs * interval '1 millisecond'
              where id = :id and (status = 'queued' or (status = 'in_progress'
                and (lease_until is null or lease_until < :now)))
              """
                  + returning)
          .param("id", id)
          .param("now", timestamp(now))
          .param("worker", worker)
          .param("leaseMs", lease.toMillis())
          .query(VideoRepository::map)
          .optional();
    }
    return jdbc.sql(
            """
            update videos v set status = 'in_progress', progress = 0, attempts = attempts + 1,
              started_at = coalesce(started_at, :now)
            where id = :id and status in ('queued', 'in_progress')
            """
                + returning)
        .param("id", id)
        .param("now", timestamp(now))
        .query(VideoRepository::map)
        .optional();
  }

  /** Only ever moves progress forward, and only while the job is running. */
  public void progress(UUID id, int percent) {
    jdbc.sql(
            """
            update videos set progress = :p
            where id = :id and status = 'in_progress' and progress < :p
            """)
        .param("id", id)
        .param("p", percent)
        .update();
  }

  public boolean complete(UUID id, UUID assetId, UUID thumbnailAssetId, Instant now) {
    return jdbc.sql(
                """
                update videos set status = 'completed', progress = 100, asset_id = :asset,
                  thumbnail_asset_id = :thumb, completed_at = :now
                where id = :id and status = 'in_progress' and cancel_requested_at is null
                """)
            .param("id", id)
            .param("asset", assetId)
            .param("thumb", thumbnailAssetId)
            .param("now", timestamp(now))
            .update()
        == 1;
  }

  public boolean fail(UUID id, String code, String message, Instant now) {
    return jdbc.sql(
                """
                update videos set status = 'failed', error_code = :code, error_message = :message,
                  completed_at = :now
                where id = :id and status in ('queued', 'in_progress')
                """)
            .param("id", id)
            .param("code", code)
            .param("message", message)
            .param("now", timestamp(now))
            .update()
        == 1;
  }

  /** Ends a queued job as cancelled; false when it is no longer queued. */
  public boolean cancelQueued(UUID id, Instant now) {
    return cancel(id, now, "'queued'");
  }

  /** Ends a queued or running job as cancelled (a delete); false when it is already final. */
  public boolean cancelActive(UUID id, Instant now) {
    return cancel(id, now, "'queued', 'in_progress'");
  }

  private boolean cancel(UUID id, Instant now, String from) {
    return jdbc.sql(
                """
                update videos set status = 'failed', error_code = :code, error_message = :message,
                  completed_at = :now, cancel_requested_at = coalesce(cancel_requested_at, :now)
                where id = :id and status in (%s)
                """
                    .formatted(from))
            .param("id", id)
            .param("code", Cancellation.CODE)
            .param("message", Cancellation.MESSAGE)
            .param("now", timestamp(now))
            .update()
        == 1;
  }

  /** Asks the worker rendering {@code id} to stop; false when the job is not running. */
  public boolean requestCancel(UUID id, Instant now) {
    return jdbc.sql(
                """
                update videos set cancel_requested_at = coalesce(cancel_requested_at, :now)
                where id = :id and status = 'in_progress'
                """)
            .param("id", id)
            .param("now", timestamp(now))
            .update()
        == 1;
  }

  /**
   * Whether the worker running {@code id} should stop: cancel was requested, or the job ended
   * elsewhere (deleted, or finished by another worker), or it is gone.
   */
  public boolean shouldStop(UUID id) {
    return jdbc.sql(
            """
            select coalesce((select status <> 'in_progress' or cancel_requested_at is not null
                             from videos where id = :id), true)
            """)
        .param("id", id)
        .query(Boolean.class)
        .single();
  }

  public boolean cancelRequested(UUID id) {
    return jdbc.sql("select cancel_requested_at is not null from videos where id = :id")
        .param("id", id)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /** Whether the stop asked of {@code id}'s worker is for consent withdrawn (not a cancel). */
  public boolean consentWithdrawn(UUID id) {
    return jdbc.sql(
            "select coalesce(stop_reason = 'consent_withdrawn', false) from videos where id = :id")
        .param("id", id)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /** Tombstones a final job of {@code ownerId}; false when it is not there or already deleted. */
  public boolean markDeleted(UUID id, UUID ownerId, Instant now) {
    return jdbc.sql(
                """
                update videos set deleted_at = :now
                where id = :id and owner_id = :owner and deleted_at is null
                  and status in ('completed', 'failed')
                """)
            .param("id", id)
            .param("owner", ownerId)
            .param("now", timestamp(now))
            .update()
        == 1;
  }

  private static Video map(ResultSet rs, int row) throws SQLException {
    long position = rs.getLong("queue_position");
    Integer queuePosition = rs.wasNull() ? null : Math.toIntExact(position);
    return new Video(
        rs.getObject("id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        rs.getString("model"),
        rs.getString("prompt"),
        rs.getInt("seconds"),
        rs.getString("size"),
        uuids(rs.getArray("cameo_ids")),
        new Origin(
            Origin.Kind.fromWire(rs.getString("kind")),
            rs.getObject("source_video_id", UUID.class),
            rs.getObject("input_asset_id", UUID.class),
            rs.getString("negative_prompt")),
        rs.getLong("seed"),
        VideoStatus.fromWire(rs.getString("status")),
        rs.getInt("progress"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        rs.getObject("asset_id", UUID.class),
        rs.getObject("thumbnail_asset_id", UUID.class),
        rs.getInt("attempts"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "completed_at"),
        queuePosition,
        (Integer) rs.getObject("eta_seconds"));
  }

  private static List<UUID> uuids(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.asList((UUID[]) array.getArray());
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** A Postgres array literal; UUIDs need no quoting. */
  private static String pgArray(List<UUID> ids) {
    return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
  }
}
