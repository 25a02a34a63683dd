package dev.zoetrope.generation.peers;

import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.contracts.moderation.ModerationApi.OutputCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.PromptPolicySnapshot;
import dev.zoetrope.contracts.moderation.ModerationApi.Verdict;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * moderation-service: its prompt policy, which creates apply in-process (ADR 0009), and output
 * checks before a job completes.
 */
public class ModerationClient {
  static final String PEER = "moderation";
  private final RestClient policy;
  private final RestClient outputs;

  /** Two clients because an output check decodes a whole clip and needs a longer timeout. */
  public ModerationClient(RestClient policy, RestClient outputs) {
    this.policy = policy;
    this.outputs = outputs;
  }

  public PromptPolicySnapshot promptPolicy() {
    return PeerCalls.call(
        PEER,
        () -> policy.get().uri(ModerationApi.PROMPT_POLICY).retrieve().body(String.class),
        PromptPolicySnapshot.class);
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
