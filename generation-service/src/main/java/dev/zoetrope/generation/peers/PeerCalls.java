package dev.zoetrope.generation.peers;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared mechanics of internal calls. Bodies are written and read with a private mapper so the
 * internal wire format is the contract records' own (camelCase) whatever the HTTP settings of this
 * service, and a peer may add response fields without breaking us.
 */
final class PeerCalls {
  static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private PeerCalls() {}

  /**
   * A binary answer, or empty when the peer says 404 (the thing is gone, or not for this caller);
   * anything else going wrong means the peer is unavailable.
   */
  static Optional<byte[]> bytes(String peer, Supplier<byte[]> request) {
    try {
      return Optional.ofNullable(request.get());
    } catch (HttpClientErrorException.NotFound e) {
      return Optional.empty();
    } catch (RestClientResponseException e) {
      throw new PeerUnavailableException(peer, "answered " + e.getStatusCode().value(), e);
    } catch (RuntimeException e) {
      throw new PeerUnavailableException(peer, "unreachable: " + e.getMessage(), e);
    }
  }

  static <T> T call(String peer, Supplier<String> request, Class<T> type) {
    String body;
    try {
      body = request.get();
    } catch (RestClientResponseException e) {
      throw new PeerUnavailableException(peer, "answered " + e.getStatusCode().value(), e);
    } catch (RuntimeException e) {
      // Connection refused, timeouts, and a token endpoint that is down all land here.
      throw new PeerUnavailableException(peer, "unreachable: " + e.getMessage(), e);
    }
    if (body == null || body.isBlank()) {
      throw new PeerUnavailableException(peer, "answered an empty body", null);
    }
    try {
      T value = JSON.readValue(body, type);
      if (value == null) {
        throw new PeerUnavailableException(peer, "answered null", null);
      }
      return value;
    } catch (RuntimeException e) {
      if (e instanceof PeerUnavailableException p) {
        throw p;
      }
      throw new PeerUnavailableException(peer, "answered an unreadable body", e);
    }
  }
}
