package dev.zoetrope.moderation.decisions;

import java.time.Instant;
import java.util.UUID;

/**
 * One stored moderation decision.
 *
 * @param kind {@code prompt} or {@code output}
 * @param category the rule that blocked it, null when allowed
 * @param reason a sentence the user may read
 * @param matchedRule the term or measurement that decided it, for reviewers
 * @param textSha256 hex SHA-256 of the normalized prompt, null when there was none
 * @param assetId the checked clip, output checks only
 * @param mediaSha256 hex SHA-256 of the checked clip bytes, when they were fetched
 * @param policyVersion the prompt policy ({@code PromptPolicy.version()}) that judged the prompt,
 *     null when no prompt was judged
 */
public record Decision(
    UUID id,
    String kind,
    String subjectId,
    UUID userId,
    boolean allowed,
    String category,
    String reason,
    String matchedRule,
    String textSha256,
    UUID assetId,
    String mediaSha256,
    String policyVersion,
    Instant createdAt) {

  public static final String PROMPT = "prompt";
  public static final String OUTPUT = "output";
}
