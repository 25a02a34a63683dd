package dev.zoetrope.generation.consent;

import dev.zoetrope.contracts.cameo.CameoApi;
import dev.zoetrope.generation.worker.JobProcessor;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code videos} rows a consent change can stop. Every write is guarded by the job's status in
 * SQL, like the worker's and the API's, so a job ends in exactly one final state whoever wins.
 */
@Repository
class ConsentStopRepository {
  static final String CONSENT_WITHDRAWN = "consent_withdrawn";

  private final JdbcClient jdbc;

  ConsentStopRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A queued or running job, as far as consent is concerned. */
  record ActiveJob(UUID id, UUID ownerId, List<UUID> cameoIds) {}

  /** Jobs not yet final that name {@code cameoId}. */
  List<ActiveJob> activeJobsWith(UUID cameoId) {
    return jdbc.sql(
            """
            select id, owner_id, cameo_ids from videos
            where status in ('queued', 'in_progress') and cameo_ids @> array[cast(:cameo as uuid)]
            order by created_at, id
            """)
        .param("cameo", cameoId)
        .query(
            (rs, n) ->
                new ActiveJob(
                    rs.getObject("id", UUID.class),
                    rs.getObject("owner_id", UUID.class),
                    uuids(rs.getArray("cameo_ids"))))
        .list();
  }

  /** Ends a queued job with the consent error; false when it is no longer queued. */
  boolean failQueued(UUID id, Instant now) {
    return jdbc.sql(
                """
                update videos set status = 'failed', error_code = :code, error_message = :message,
                  completed_at = :now
                where id = :id and status = 'queued'
                """)
            .param("id", id)
            .param("code", CameoApi.DENIED_CODE)
            .param("message", JobProcessor.CONSENT_WITHDRAWN)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }

  /**
   * Asks the worker rendering {@code id} to stop, through the flag it already polls between
   * denoising steps, and records why so it ends the job with the consent error; false when the job
   * is not running.
   */
  boolean askWorkerToStop(UUID id, Instant now) {
    return jdbc.sql(
                """
                update videos set cancel_requested_at = coalesce(cancel_requested_at, :now),
                  stop_reason = :reason
                where id = :id and status = 'in_progress'
                """)
            .param("id", id)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .param("reason", CONSENT_WITHDRAWN)
            .update()
        == 1;
  }

  private static List<UUID> uuids(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
  }
}
