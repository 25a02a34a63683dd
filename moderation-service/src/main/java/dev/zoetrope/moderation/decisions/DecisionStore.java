package dev.zoetrope.moderation.decisions;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only {@code decisions} table. */
@Repository
public class DecisionStore {
  private final JdbcClient jdbc;
  private final MeterRegistry meters;

  public DecisionStore(JdbcClient jdbc, MeterRegistry meters) {
    this.jdbc = jdbc;
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
   * Stores a decision made elsewhere at {@code d.createdAt()} (a prompt judged where it was
   * submitted, ADR 0009). The id is the decision's own, so a redelivered one is stored once.
   *
   * @return whether it was new
   */
  public boolean recordMadeElsewhere(Decision d) {
    boolean stored =
        jdbc.sql(
                    """
                    insert into decisions (id, kind, subject_id, user_id, allowed, category,
                                           reason, matched_rule, text_sha256, policy_version,
                                           created_at)
                    values (:id, :kind, :subjectId, :userId, :allowed, :category, :reason,
                            :matchedRule, :textSha256, :policyVersion, :createdAt)
                    on conflict (id) do nothing
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
                .param("policyVersion", d.policyVersion())
                .param("createdAt", Timestamp.from(d.createdAt()))
                .update()
            == 1;
    if (stored) {
      count(d);
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
