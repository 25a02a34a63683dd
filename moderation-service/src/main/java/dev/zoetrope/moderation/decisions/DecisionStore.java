package dev.zoetrope.moderation.decisions;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The append-only {@code decisions} table. */
@Repository
public class DecisionStore {
  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;
  private final MeterRegistry meters;

  public DecisionStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.meters = meters;
  }

  /** Stores {@code d} and returns it with the database's creation time. */
  public Decision record(Decision d) {
    Timestamp created =
        jdbc.sql(
                """
                insert into decisions (id, kind, subject_id, user_id, allowed, category, reason,
                                       matched_rule, text_sha256, asset_id, media_sha256,
                                       policy_version)
                values (:id, :kind, :subjectId, :userId, :allowed, :category, :reason,
                        :matchedRule, :textSha256, :assetId, :mediaSha256, :policyVersion)
                returning created_at
                """)
            .param("id", d.id())
            .param("kind", d.kind())
            .param("subjectId", d.subjectId())
            .param("userId", d.userId())
            .param("allowed", d.allowed())
            .param("category", d.category())
            .param("reason", d.reason())
            .param("matchedRule", d.matchedRule())
            .param("textSha256", d.textSha256())
            .param("assetId", d.assetId())
            .param("mediaSha256", d.mediaSha256())
            .param("policyVersion", d.policyVersion())
            .query(Timestamp.class)
            .single();
    count(d);
    return new Decision(
        d.id(),
        d.kind(),
        d.subjectId(),
        d.userId(),
        d.allowed(),
        d.category(),
        d.reason(),
        d.matchedRule(),
        d.textSha256(),
        d.assetId(),
        d.mediaSha256(),
        d.policyVersion(),
        created.toInstant());
  }

  /**
   * Stores decisions made elsewhere, each at its own {@code createdAt} (prompts judged where they
   * were submitted, ADR 0009), in one transaction and one batch. A decision's id is its own, so one
   * delivered again is stored once.
   *
   * @return how many were new
   */
  @Transactional
  public int recordMadeElsewhere(List<Decision> made) {
    SqlParameterSource[] rows =
        made.stream()
            .map(
                d ->
                    new MapSqlParameterSource()
                        .addValue("id", d.id())
                        .addValue("kind", d.kind())
                        .addValue("subjectId", d.subjectId())
                        .addValue("userId", d.userId())
                        .addValue("allowed", d.allowed())
                        .addValue("category", d.category())
                        .addValue("reason", d.reason())
                        .addValue("matchedRule", d.matchedRule())
                        .addValue("textSha256", d.textSha256())
                        .addValue("policyVersion", d.policyVersion())
                        .addValue("createdAt", Timestamp.from(d.createdAt())))
            .toArray(SqlParameterSource[]::new);
    int[] inserted =
        batch.batchUpdate(
            """
            insert into decisions (id, kind, subject_id, user_id, allowed, category, reason,
                                   matched_rule, text_sha256, policy_version, created_at)
            values (:id, :kind, :subjectId, :userId, :allowed, :category, :reason, :matchedRule,
                    :textSha256, :policyVersion, :createdAt)
            on conflict (id) do nothing
            """,
            rows);
    int stored = 0;
    for (int i = 0; i < inserted.length; i++) {
      if (inserted[i] == 1) {
        count(made.get(i));
        stored++;
      }
    }
    return stored;
  }

  private void count(Decision d) {
    meters
        .counter(
            "zoetrope.moderation.decisions",
            "kind",
            d.kind(),
            "allowed",
            String.valueOf(d.allowed()),
            "category",
            d.category() == null ? "none" : d.category())
        .increment();
  }

  public Optional<Decision> find(UUID id) {
    return jdbc.sql("select * from decisions where id = :id")
        .param("id", id)
        .query(DecisionStore::map)
        .optional();
  }

  private static Decision map(ResultSet rs, int row) throws SQLException {
    return new Decision(
        rs.getObject("id", UUID.class),
        rs.getString("kind"),
        rs.getString("subject_id"),
        rs.getObject("user_id", UUID.class),
        rs.getBoolean("allowed"),
        rs.getString("category"),
        rs.getString("reason"),
        rs.getString("matched_rule"),
        rs.getString("text_sha256"),
        rs.getObject("asset_id", UUID.class),
        rs.getString("media_sha256"),
        rs.getString("policy_version"),
        rs.getTimestamp("created_at").toInstant());
  }
}
