package dev.zoetrope.moderation.checks;

import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.contracts.moderation.ModerationApi.OutputCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.PromptCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.Verdict;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The internal check API (service tokens only, enforced by the common security chain). */
@RestController
public class ChecksController {
  private final ModerationService moderation;

  public ChecksController(ModerationService moderation) {
    this.moderation = moderation;
  }

  @PostMapping(ModerationApi.PROMPT_CHECKS)
  public Verdict prompt(@RequestBody PromptCheckRequest request) {
    return moderation.checkPrompt(request);
  }

  @PostMapping(ModerationApi.OUTPUT_CHECKS)
  public Verdict output(@RequestBody OutputCheckRequest request) {
    return moderation.checkOutput(request);
  }
}
