package dev.zoetrope.moderation.checks;

import dev.zoetrope.common.policy.PromptPolicy;
import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.contracts.moderation.ModerationApi.OutputCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.PromptPolicySnapshot;
import dev.zoetrope.contracts.moderation.ModerationApi.Verdict;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The internal check API (service tokens only, enforced by the common security chain). */
@RestController
public class ChecksController {
  private final ModerationService moderation;
  private final PromptPolicySnapshot policy;

  public ChecksController(ModerationService moderation, PromptPolicy policy) {
    this.moderation = moderation;
    this.policy = new PromptPolicySnapshot(policy.version(), policy.terms());
  }

  /**
   * The policy prompts are screened on where they are submitted (ADR 0009): those services apply
   * this copy in-process and send each decision back as {@code prompt.checked}.
   */
  @GetMapping(ModerationApi.PROMPT_POLICY)
  public PromptPolicySnapshot promptPolicy() {
    return policy;
  }

  @PostMapping(ModerationApi.OUTPUT_CHECKS)
  public Verdict output(@RequestBody OutputCheckRequest request) {
    return moderation.checkOutput(request);
  }
}
