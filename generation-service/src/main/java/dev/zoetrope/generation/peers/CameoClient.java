package dev.zoetrope.generation.peers;

import dev.zoetrope.contracts.cameo.CameoApi;
import dev.zoetrope.contracts.cameo.CameoApi.UsageCheckRequest;
import dev.zoetrope.contracts.cameo.CameoApi.UsageCheckResult;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** cameo-consent-service: may this user put these cameos in a clip right now? */
public class CameoClient {
  static final String PEER = "cameo-consent";
  private final RestClient http;

  public CameoClient(RestClient http) {
    this.http = http;
  }

  /**
   * A cameo's recording, if {@code requesterId} may use the cameo right now; empty when consent is
   * missing or withdrawn (the service does not say which).
   */
  public Optional<byte[]> recording(UUID cameoId, UUID requesterId) {
    return PeerCalls.bytes(
        PEER,
        () ->
            http.get()
                .uri(
                    b ->
                        b.path(CameoApi.RECORDING)
                            .queryParam(CameoApi.RECORDING_REQUESTER_PARAM, requesterId)
                            .build(cameoId))
                .retrieve()
                .body(byte[].class));
  }

  public UsageCheckResult check(UUID requesterId, List<UUID> cameoIds) {
    UsageCheckRequest request = new UsageCheckRequest(requesterId, List.copyOf(cameoIds));
    return PeerCalls.call(
        PEER,
        () ->
            http.post()
                .uri(CameoApi.USAGE_CHECKS)
                .contentType(MediaType.APPLICATION_JSON)
                .body(PeerCalls.JSON.writeValueAsString(request))
                .retrieve()
                .body(String.class),
        UsageCheckResult.class);
  }
}
