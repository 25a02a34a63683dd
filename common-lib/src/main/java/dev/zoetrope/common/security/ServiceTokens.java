package dev.zoetrope.common.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's own identity for calls to other services' {@code /internal/**} endpoints: an
 * OAuth2 client-credentials token from the gateway, cached until shortly before it expires. The
 * worker needs it because it acts long after the user's request (and token) are gone.
 */
public class ServiceTokens {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI tokenUri;
  private final String clientId;
  private final String clientSecret;
  private String token;
  private Instant expiresAt = Instant.EPOCH;

  public ServiceTokens(URI tokenUri, String clientId, String clientSecret) {
    this.tokenUri = tokenUri;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  public synchronized String token() {
    if (token == null || Instant.now().isAfter(expiresAt.minus(REFRESH_MARGIN))) {
      fetch();
    }
    return token;
  }

  private void fetch() {
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(tokenUri)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "token endpoint " + tokenUri + " answered " + response.statusCode());
      }
      JsonNode body = JSON.readTree(response.body());
      token = body.get("access_token").asString();
      expiresAt = Instant.now().plusSeconds(body.get("expires_in").asLong());
    } catch (IOException e) {
      throw new IllegalStateException("token endpoint " + tokenUri + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching a service token", e);
    }
  }
}
