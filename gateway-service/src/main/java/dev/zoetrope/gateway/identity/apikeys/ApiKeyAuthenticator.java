package dev.zoetrope.gateway.identity.apikeys;

import dev.zoetrope.gateway.identity.IdentityProperties;
import dev.zoetrope.gateway.identity.tokens.TokenIssuer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns an API key into the user it belongs to and a short-lived user JWT for the services behind
 * the gateway. A key's row is cached for {@code api-key-cache-seconds} (5 by default) so a busy
 * client costs no database round trip per request: a revocation takes effect at once on the gateway
 * instance that handled it and within that many seconds on the others (a tier change too). The
 * minted JWT is cached per key until shortly before it expires, to spare an RSA signature per
 * request.
 */
@Component
public class ApiKeyAuthenticator {
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
  private static final int MAX_CACHED_TOKENS = 10_000;

  private final ApiKeyRepository keys;
  private final TokenIssuer issuer;
  private final Duration tokenTtl;
  private final Clock clock = Clock.systemUTC();
  private final JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
  private final Map<UUID, Jwt> relayTokens = new ConcurrentHashMap<>();
  private final Map<String, CachedKey> activeKeys = new ConcurrentHashMap<>();
  private final long keyCacheNanos;

  private record CachedKey(ApiKeyRepository.ActiveKey key, long fetchedAtNanos) {}

  public ApiKeyAuthenticator(ApiKeyRepository keys, TokenIssuer issuer, IdentityProperties props) {
    this.keys = keys;
    this.issuer = issuer;
    this.tokenTtl = Duration.ofSeconds(props.apiKeyTokenTtlSeconds());
    this.keyCacheNanos = Duration.ofSeconds(props.apiKeyCacheSeconds()).toNanos();
  }

  public Mono<ApiKeyAuthentication> authenticate(String key) {
    if (!ApiKeys.wellFormed(key)) {
      return Mono.error(new InvalidApiKeyException());
    }
    byte[] hash = ApiKeys.hash(key);
    String cacheKey = HexFormat.of().formatHex(hash);
    CachedKey cached = activeKeys.get(cacheKey);
    Mono<ApiKeyRepository.ActiveKey> found =
        cached != null && System.nanoTime() - cached.fetchedAtNanos() < keyCacheNanos
            ? Mono.just(cached.key())
            : Mono.fromCallable(() -> lookUp(hash, cacheKey))
                .subscribeOn(Schedulers.boundedElastic());
    return found
        .switchIfEmpty(Mono.error(InvalidApiKeyException::new))
        .map(
            active -> {
              Jwt token = relayToken(active);
              return new ApiKeyAuthentication(token, authorities.convert(token), active.id());
            });
  }

  private ApiKeyRepository.ActiveKey lookUp(byte[] hash, String cacheKey) {
    ApiKeyRepository.ActiveKey active = keys.findActiveByHash(hash).orElse(null);
    if (active == null) {
      // Unknown and revoked keys are not cached: a key created a moment ago must work at once.
      activeKeys.remove(cacheKey);
      return null;
    }
    if (active.lastUsedAt() == null
        || active.lastUsedAt().isBefore(clock.instant().minus(TOUCH_INTERVAL))) {
      // Minute resolution is plenty for "last used" and keeps busy keys from writing per request.
      keys.touch(active.id());
    }
    if (keyCacheNanos > 0) {
      if (activeKeys.size() >= MAX_CACHED_TOKENS) {
        activeKeys.clear(); // crude bound; a miss only costs one lookup
      }
      activeKeys.put(cacheKey, new CachedKey(active, System.nanoTime()));
    }
    return active;
  }

  private Jwt relayToken(ApiKeyRepository.ActiveKey key) {
    Jwt cached = relayTokens.get(key.id());
    Instant freshUntil = clock.instant().plus(REFRESH_MARGIN);
    if (cached != null
        && cached.getExpiresAt() != null
        && cached.getExpiresAt().isAfter(freshUntil)
        && key.tier().equals(cached.getClaimAsString("tier"))
        && key.username().equals(cached.getClaimAsString("username"))) {
      return cached;
    }
    Jwt minted = issuer.userToken(key.userId(), key.username(), key.tier(), tokenTtl);
    if (relayTokens.size() >= MAX_CACHED_TOKENS) {
      relayTokens.clear(); // crude bound; a miss only costs one signature
    }
    relayTokens.put(key.id(), minted);
    return minted;
  }

  void forget(UUID keyId) {
    relayTokens.remove(keyId);
    activeKeys.values().removeIf(cached -> cached.key().id().equals(keyId));
  }
}
