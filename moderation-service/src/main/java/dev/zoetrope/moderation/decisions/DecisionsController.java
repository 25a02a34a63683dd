package dev.zoetrope.moderation.decisions;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Lets a user see why their content was blocked (appeals build on this later). */
@RestController
public class DecisionsController {
  private final DecisionStore store;

  public DecisionsController(DecisionStore store) {
    this.store = store;
  }

  @GetMapping("/api/moderation/decisions/{id}")
  public DecisionView get(@PathVariable("id") String id) {
    UUID me = CurrentUser.get().id();
    UUID decisionId = parse(id);
    // Someone else's decision answers exactly like a missing one.
    return store
        .find(decisionId)
        .filter(d -> d.userId().equals(me))
        .map(DecisionView::of)
        .orElseThrow(() -> ApiException.notFound("decision"));
  }

  private static UUID parse(String id) {
    try {
      if (id.length() == 36) {
        return UUID.fromString(id);
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw ApiException.notFound("decision");
  }

  /** What the user sees: no matched term, so the policy list cannot be probed one term a time. */
  public record DecisionView(
      String id,
      String kind,
      @JsonProperty("subject_id") String subjectId,
      boolean allowed,
      String category,
      String reason,
      @JsonProperty("created_at") Instant createdAt) {
    static DecisionView of(Decision d) {
      return new DecisionView(
          d.id().toString(),
          d.kind(),
          d.subjectId(),
          d.allowed(),
          d.category(),
          d.reason(),
          d.createdAt());
    }
  }
}
