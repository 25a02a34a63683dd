package dev.zoetrope.gateway.identity.apikeys;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.gateway.identity.IdentityProperties;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The caller's own API keys. A key's secret is shown once, at creation; only its hash is kept. */
@RestController
@RequestMapping("/api/keys")
class ApiKeyController {
  private static final String ID_PREFIX = "key_";
  private static final int MAX_NAME_CHARS = 64;

  private final ApiKeyRepository keys;
  private final ApiKeyAuthenticator authenticator;
  private final TransactionTemplate tx;
  private final int maxActiveKeys;

  ApiKeyController(
      ApiKeyRepository keys,
      ApiKeyAuthenticator authenticator,
      TransactionTemplate tx,
      IdentityProperties props) {
    this.keys = keys;
    this.authenticator = authenticator;
    this.tx = tx;
    this.maxActiveKeys = props.maxApiKeysPerUser();
  }

  record CreateKey(String name) {}

  record CreatedKey(
      String id,
      String name,
      String key,
      String prefix,
      @JsonProperty("created_at") OffsetDateTime createdAt) {}

  record KeyView(
      String id,
      String name,
      String prefix,
      @JsonProperty("created_at") OffsetDateTime createdAt,
      @JsonProperty("last_used_at") OffsetDateTime lastUsedAt) {}

  record KeyList(List<KeyView> data) {}

  @PostMapping
  Mono<ResponseEntity<CreatedKey>> create(@RequestBody CreateKey body, Authentication auth) {
    UUID userId = sessionUser(auth);
    String name = body.name() == null ? "" : body.name().strip();
    if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid_name",
          "name must be 1-" + MAX_NAME_CHARS + " characters",
          "name");
    }
    String key = ApiKeys.generate();
    return Mono.fromCallable(
            () ->
                tx.execute(
                    status -> {
                      if (!keys.lockUser(userId)) {
                        throw new ApiException(
                            HttpStatus.UNAUTHORIZED, "unauthenticated", "unknown user");
                      }
                      if (keys.countActive(userId) >= maxActiveKeys) {
                        throw new ApiException(
                            HttpStatus.CONFLICT,
                            "api_key_limit_reached",
                            "at most " + maxActiveKeys + " active API keys; revoke one first");
                      }
                      return keys.insert(
                          UUID.randomUUID(),
                          userId,
                          name,
                          ApiKeys.hash(key),
                          ApiKeys.displayPrefix(key));
                    }))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            row ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(
                        new CreatedKey(
                            wireId(row.id()), row.name(), key, row.prefix(), row.createdAt())));
  }

  @GetMapping
  Mono<KeyList> list(Authentication auth) {
    UUID userId = sessionUser(auth);
    return Mono.fromCallable(() -> keys.listActive(userId))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            rows ->
                new KeyList(
                    rows.stream()
                        .map(
                            r ->
                                new KeyView(
                                    wireId(r.id()),
                                    r.name(),
                                    r.prefix(),
                                    r.createdAt(),
                                    r.lastUsedAt()))
                        .toList()));
  }

  @DeleteMapping("/{id}")
  Mono<ResponseEntity<Void>> revoke(@PathVariable String id, Authentication auth) {
    UUID userId = sessionUser(auth);
    UUID keyId = parseWireId(id);
    return Mono.fromCallable(() -> keys.revoke(keyId, userId))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            revoked -> {
              if (!revoked) {
                throw ApiException.notFound("API key");
              }
              authenticator.forget(keyId);
              return ResponseEntity.noContent().<Void>build();
            });
  }

  /**
   * Key management needs a signed-in session: a leaked API key must not be able to mint fresh keys
   * that outlive its own revocation.
   */
  private static UUID sessionUser(Authentication auth) {
    if (auth instanceof ApiKeyAuthentication) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "session_required",
          "API keys cannot manage API keys; sign in with a password");
    }
    if (auth instanceof JwtAuthenticationToken jwt) {
      try {
        return UUID.fromString(jwt.getToken().getSubject());
      } catch (IllegalArgumentException e) {
        // fall through: a service token has no user
      }
    }
    throw new ApiException(HttpStatus.FORBIDDEN, "user_token_required", "a user token is required");
  }

  private static String wireId(UUID id) {
    return ID_PREFIX + id.toString().replace("-", "");
  }

  private static UUID parseWireId(String id) {
    if (id.length() != ID_PREFIX.length() + 32
        || !id.startsWith(ID_PREFIX)
        || !id.substring(ID_PREFIX.length()).matches("[0-9a-f]{32}")) {
      throw ApiException.notFound("API key");
    }
    String hex = id.substring(ID_PREFIX.length());
    return UUID.fromString(
        hex.substring(0, 8)
            + "-"
            + hex.substring(8, 12)
            + "-"
            + hex.substring(12, 16)
            + "-"
            + hex.substring(16, 20)
            + "-"
            + hex.substring(20));
  }
}
