package dev.zoetrope.generation.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The refuse scarcity policy: once a new free job's ETA passes the threshold, free creates answer
 * 429 queue_full with Retry-After and queue nothing; pro is still accepted. (The accept policy, the
 * default, is what every other IT runs: jobs are queued and show their ETA.)
 */
@TestPropertySource(
    properties = {
      "zoetrope.generation.worker.enabled=false",
      "zoetrope.generation.queue.scarcity-policy=refuse",
      // Any wait at all is too long: other test contexts' live workers may drain a short
      // backlog, and earlier tests' fast stub renders make each queued job count for little.
      "zoetrope.generation.queue.scarcity-threshold-seconds=0"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ScarcityIT extends IntegrationTest {
  private final List<UUID> owners = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    discardQueuedJobs(owners, "ScarcityIT");
  }

  private OffsetDateTime stateUpdatedAt() {
    return jdbc.sql("select coalesce(updated_at, '-infinity') from queue_state")
        .query(OffsetDateTime.class)
        .single();
  }

  @Test
  void freeRequestsAreRefusedWithRetryAfterOnceTheBacklogIsTooLong() throws Exception {
    HttpResponse<String> refused = null;
    User refusedUser = null;
    for (int i = 0; i < 30 && refused == null; i++) {
      User u = newUser();
      owners.add(u.id());
      HttpResponse<String> r = postJson(u, "/v1/videos", "{\"prompt\":\"a green cube spins\"}");
      if (r.statusCode() == 429) {
        refused = r;
        refusedUser = u;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // Let the scheduler account for it before the next request.
        OffsetDateTime before = OffsetDateTime.now();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!stateUpdatedAt().isAfter(before) && Instant.now().isBefore(deadline)) {
          Thread.sleep(50);
        }
      }
    }
    assertThat(refused).as("a free request was refused").isNotNull();
    JsonNode error = json(refused).get("error");
    assertThat(error.get("code").asString()).isEqualTo(Admission.QUEUE_FULL);
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isPositive();
    assertThat(videosOwnedBy(refusedUser.id())).isZero();
    assertThat(
            jdbc.sql("select count(*) from credit_ledger where owner_id = :o")
                .param("o", refusedUser.id())
                .query(Long.class)
                .single())
        .isZero();

    // The quote says so before anyone tries.
    assertThat(json(postJson(refusedUser, "/v1/videos/quote", "{}")).get("queue_full").asBoolean())
        .isTrue();

    // Pro is ahead of free and is not refused.
    User pro = newProUser();
    UUID proId = pro.id();
    owners.add(proId);
    HttpResponse<String> accepted = postJson(pro, "/v1/videos", "{\"prompt\":\"a pro clip\"}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(
            jdbc.sql("select priority_class from videos where owner_id = :o")
                .param("o", proId)
                .query(String.class)
                .single())
        .isEqualTo("pro");
  }
}
