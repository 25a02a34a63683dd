package dev.zoetrope.moderation.decisions;

import dev.zoetrope.common.outbox.IdempotentConsumer;
import dev.zoetrope.common.policy.PromptPolicy;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.PromptChecked;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the prompt decisions generation-service makes in-process on this service's policy (ADR
 * 0009) in the same audit trail as every other decision, where review and appeals find them. The
 * decision's own id makes a redelivery a no-op, so no inbox row is needed per decision.
 */
@Component
class PromptDecisionsListener {
  static final String CONSUMER = "moderation.prompt-decisions";
  private static final Logger log = LoggerFactory.getLogger(PromptDecisionsListener.class);
  private static final int MAX_SUBJECT_CHARS = 200;

  private final DecisionStore decisions;
  private final PromptPolicy policy;
  private final Counter otherPolicy;
  private final Counter unusable;

  PromptDecisionsListener(DecisionStore decisions, PromptPolicy policy, MeterRegistry meters) {
    this.decisions = decisions;
    this.policy = policy;
    this.otherPolicy =
        Counter.builder("zoetrope.moderation.prompt_decisions.other_policy")
            .description("prompt decisions made on a policy version other than this one's")
            .register(meters);
    this.unusable =
        Counter.builder("zoetrope.moderation.prompt_decisions.unusable")
            .description("prompt.checked events that could not be stored as a decision")
            .register(meters);
  }

  /**
   * A whole poll at a time: the decisions arrive in the relay's batches and are stored in one
   * transaction, so an audit record costs a row of a batch rather than a transaction of its own.
   * Any failure retries the whole poll ({@code ConsumerRetries}), which the decisions' own ids make
   * harmless.
   */
  @KafkaListener(
      topics = GenerationEvents.PROMPT_CHECKS_TOPIC,
      groupId = "${spring.application.name}",
      batch = "true")
  void on(List<String> values) {
    List<Decision> made = new ArrayList<>(values.size());
    for (String value : values) {
      Decision d = decision(value);
      if (d != null) {
        made.add(d);
      }
    }
    if (!made.isEmpty()) {
      decisions.recordMadeElsewhere(made);
    }
  }

  private Decision decision(String value) {
    IdempotentConsumer.Parsed<PromptChecked> parsed =
        IdempotentConsumer.parse(
            CONSUMER, value, PromptChecked.TYPE, PromptChecked.VERSION, PromptChecked.class);
    if (parsed == null) {
      return null;
    }
    PromptChecked c = parsed.payload();
    String problem = problem(c);
    if (problem != null) {
      // Retrying cannot mend it and would hold back every decision behind it on the partition.
      unusable.increment();
      log.error("{}: skipping event {}: {}", CONSUMER, parsed.event().eventId(), problem);
      return null;
    }
    if (!policy.version().equals(c.policyVersion())) {
      // A copy that has not caught up with a policy change yet, or one ahead of this instance
      // during a rollout: kept as made, and visible to reviewers by its version.
      otherPolicy.increment();
      log.info(
          "{}: decision {} was made on policy {} (this instance has {})",
          CONSUMER,
          c.decisionId(),
          c.policyVersion(),
          policy.version());
    }
    return new Decision(
        c.decisionId(),
        Decision.PROMPT,
        c.subjectId(),
        c.userId(),
        c.allowed(),
        c.category(),
        c.reason(),
        c.matchedRule(),
        c.textSha256(),
        null,
        null,
        c.policyVersion(),
        c.checkedAt());
  }

  /** What the decisions table would refuse, said before it is asked. */
  private static String problem(PromptChecked c) {
    if (c.decisionId() == null || c.userId() == null || c.checkedAt() == null) {
      return "decisionId, userId and checkedAt are required";
    }
    if (c.subjectId() == null
        || c.subjectId().isEmpty()
        || c.subjectId().length() > MAX_SUBJECT_CHARS) {
      return "subjectId must be 1 to " + MAX_SUBJECT_CHARS + " characters";
    }
    if (c.allowed() != (c.category() == null)) {
      return "a decision has a category exactly when it blocks";
    }
    if (c.textSha256() != null && !isSha256(c.textSha256())) {
      return "textSha256 is not a hex SHA-256";
    }
    if (c.policyVersion() == null || c.policyVersion().isEmpty()) {
      return "policyVersion is required";
    }
    return null;
  }

  private static boolean isSha256(String hex) {
    if (hex.length() != 64) {
      return false;
    }
    try {
      HexFormat.of().parseHex(hex);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
