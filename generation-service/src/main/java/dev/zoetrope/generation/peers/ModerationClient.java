package dev.zoetrope.generation.peers;

import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.contracts.moderation.ModerationApi.OutputCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.PromptCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.Verdict;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** moderation-service: prompt checks before a job exists, output checks before it completes. */
public class ModerationClient {
  static final String PEER = "moderation";
  private final RestClient prompts;
  private final RestClient outputs;

  /** Two clients because an output check decodes a whole clip and needs a longer timeout. */
  public ModerationClient(RestClient prompts, RestClient outputs) {
    this.prompts = prompts;
    this.outputs = outputs;
  }

  public Verdict checkPrompt(UUID userId, UUID videoId, String prompt) {
    return post(
        prompts,
        ModerationApi.PROMPT_CHECKS,
        new PromptCheckRequest(userId, videoId.toString(), prompt));
  }

  public Verdict checkOutput(UUID userId, UUID videoId, UUID assetId, String prompt) {
    return checkOutput(new OutputCheckRequest(userId, videoId, assetId, prompt));
  }

  public Verdict checkOutput(OutputCheckRequest request) {
    return post(outputs, ModerationApi.OUTPUT_CHECKS, request);
  }

  private static Verdict post(RestClient http, String path, Object request) {
    return PeerCalls.call(
        PEER,
        () ->
            http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .body(PeerCalls.JSON.writeValueAsString(request))
                .retrieve()
                .body(String.class),
        Verdict.class);
  }
}
