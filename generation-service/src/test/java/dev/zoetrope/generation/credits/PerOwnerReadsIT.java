package dev.zoetrope.generation.credits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.videos.VideoRepository;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The reads every create makes per owner (active jobs, credit standing) touch what is active and
 * what is today's, not the owner's history: a long-standing user's creates cost what a new user's
 * do. Checked on the plans PostgreSQL actually runs, with a history of thousands of rows.
 */
@TestPropertySource(properties = "zoetrope.generation.worker.enabled=false")
class PerOwnerReadsIT extends IntegrationTest {
  private static final int HISTORY = 5_000;

  @Autowired CreditLedger ledger;

  @Test
  void anOwnersHistoryStaysOutOfTheReadsEveryCreateMakes() {
    UUID owner = UUID.randomUUID();
    jdbc.sql(
            """
            insert into videos (id, owner_id, model, prompt, seconds, size, seed, status,
              error_code, created_at)
            select gen_random_uuid(), :owner, 'zoetrope-1', 'history', 4, '720x1280', g, 'failed',
              'test_history', now() - g * interval '1 minute'
            from generate_series(1, :n) g
            """)
        .param("owner", owner)
        .param("n", HISTORY)
        .update();
    jdbc.sql(
            """
            insert into credit_ledger (owner_id, kind, source, amount, note)
            select :owner, 'grant', 'balance', 1, 'history' from generate_series(1, :n)
            """)
        .param("owner", owner)
        .param("n", HISTORY)
        .update();
    jdbc.sql("analyze videos").update();
    jdbc.sql("analyze credit_ledger").update();

    // The running balance follows the ledger entry by entry.
    assertThat(ledger.standing(owner).balance()).isEqualTo(HISTORY);
    ledger.grant(owner, 7, "one more");
    assertThat(ledger.standing(owner).balance()).isEqualTo(HISTORY + 7);

    Map<String, Object> params = Map.of("owner", owner, "today", LocalDate.now(ZoneOffset.UTC));
    assertThat(mostRowsTouched(VideoRepository.ACTIVE_JOBS_SQL, params))
        .as("active jobs")
        .isLessThan(10);
    assertThat(mostRowsTouched(CreditLedger.STANDING_SQL, params))
        .as("credit standing")
        .isLessThan(10);
  }

  /** The largest number of rows any node of the executed plan produced or filtered away. */
  private long mostRowsTouched(String sql, Map<String, Object> params) {
    String plan =
        jdbc.sql("explain (analyze, format json) " + sql)
            .params(params)
            .query(String.class)
            .single();
    List<JsonNode> nodes = new ArrayList<>();
    collect(JSON.readTree(plan).get(0).get("Plan"), nodes);
    return nodes.stream()
        .mapToLong(
            n ->
                n.path("Actual Rows").asLong()
                    + n.path("Rows Removed by Filter").asLong()
                    + n.path("Rows Removed by Index Recheck").asLong())
        .max()
        .orElseThrow();
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    into.add(node);
    for (JsonNode child : node.path("Plans")) {
      collect(child, into);
    }
  }
}
