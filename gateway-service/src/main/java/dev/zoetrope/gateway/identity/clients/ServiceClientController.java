package dev.zoetrope.gateway.identity.clients;

import dev.zoetrope.gateway.identity.IdentityProperties;
import dev.zoetrope.gateway.identity.tokens.TokenIssuer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for the services' own identities. Clients and
 * secrets come from configuration ({@code zoetrope.identity.service-clients.<id>=<secret>}); errors
 * use the OAuth error JSON that client libraries expect.
 */
@RestController
class ServiceClientController {
  private static final int MAX_CREDENTIAL_CHARS = 256;

  private final TokenIssuer issuer;
  private final Map<String, byte[]> secretDigests;
  private final byte[] decoyDigest = digest(UUID.randomUUID().toString());
  private final Duration tokenTtl;

  ServiceClientController(TokenIssuer issuer, IdentityProperties props) {
    this.issuer = issuer;
    this.tokenTtl = Duration.ofSeconds(props.serviceTokenTtlSeconds());
    Map<String, byte[]> digests = new LinkedHashMap<>();
    props.serviceClients().forEach((id, secret) -> digests.put(id, digest(secret)));
    this.secretDigests = Map.copyOf(digests);
  }

  @PostMapping(path = "/oauth/token", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
    String basic = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    return exchange.getFormData().map(form -> answer(form, basic));
  }

  private ResponseEntity<Map<String, Object>> answer(
      MultiValueMap<String, String> form, String authorization) {
    String grantType = form.getFirst("grant_type");
    if (grantType == null) {
      return error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required", false);
    }
    if (!grantType.equals("client_credentials")) {
      return error(
          HttpStatus.BAD_REQUEST,
          "unsupported_grant_type",
          "only client_credentials is supported",
          false);
    }
    String clientId = form.getFirst("client_id");
    String secret = form.getFirst("client_secret");
    boolean usedBasic =
        authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    if (usedBasic) {
      String[] pair = decodeBasic(authorization.substring(6).strip());
      if (pair == null || (secret != null)) {
        // RFC 6749 §2.3: one authentication method per request.
        return error(
            HttpStatus.BAD_REQUEST, "invalid_request", "malformed client authentication", true);
      }
      clientId = pair[0];
      secret = pair[1];
    }
    if (clientId == null
        || secret == null
        || clientId.length() > MAX_CREDENTIAL_CHARS
        || secret.length() > MAX_CREDENTIAL_CHARS
        || !authentic(clientId, secret)) {
      return error(
          HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed", usedBasic);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", issuer.serviceToken(clientId, tokenTtl).getTokenValue());
    body.put("token_type", "Bearer");
    body.put("expires_in", tokenTtl.toSeconds());
    body.put("scope", TokenIssuer.SERVICE_SCOPE);
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
  }

  /**
   * Compares digests in constant time, and compares against a decoy for unknown clients, so neither
   * the secret's content nor a client id's existence shows in the response time.
   */
  private boolean authentic(String clientId, String secret) {
    byte[] expected = secretDigests.get(clientId);
    boolean match =
        MessageDigest.isEqual(expected == null ? decoyDigest : expected, digest(secret));
    return expected != null && match;
  }

  private static String[] decodeBasic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return null;
      }
      // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ResponseEntity<Map<String, Object>> error(
      HttpStatus status, String code, String description, boolean challengeBasic) {
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(status).cacheControl(CacheControl.noStore());
    if (challengeBasic && status == HttpStatus.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"zoetrope\"");
    }
    return response.body(Map.of("error", code, "error_description", description));
  }

  private static byte[] digest(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
