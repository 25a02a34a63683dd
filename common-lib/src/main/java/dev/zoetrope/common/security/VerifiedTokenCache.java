package dev.zoetrope.common.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that passed verification, so the same token presented again costs a map lookup
 * instead of a JSON parse and an RSA signature check. Clients and peers reuse one token for minutes
 * (the gateway relays one per API key, a service one per peer), and the check was the largest
 * single cost of a request behind the gateway.
 *
 * <p>Only an identical token string hits, so its claims and signature are the ones verified. An
 * entry is trusted until the token expires, and never longer than {@code maxAge}: a signing key
 * withdrawn from the JWKS stops being honoured after at most that long. Failures are not cached.
 */
public final class VerifiedTokenCache implements JwtDecoder {
  static final int MAX_ENTRIES = 10_000;

  private final JwtDecoder delegate;
  private final Duration maxAge;
  private final Clock clock;
  private final Map<String, Entry> verified = new ConcurrentHashMap<>();

  private record Entry(Jwt jwt, Instant trustedUntil) {}

  public VerifiedTokenCache(JwtDecoder delegate, Duration maxAge, Clock clock) {
    this.delegate = delegate;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Instant now = clock.instant();
    Entry hit = verified.get(token);
    if (hit != null) {
      if (now.isBefore(hit.trustedUntil())) {
        return hit.jwt();
      }
      verified.remove(token, hit);
    }
    Jwt jwt = delegate.decode(token);
    Instant until = now.plus(maxAge);
    if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
      until = jwt.getExpiresAt();
    }
    if (verified.size() >= MAX_ENTRIES) {
      verified.clear(); // crude bound; a miss only costs one verification
    }
    verified.put(token, new Entry(jwt, until));
    return jwt;
  }
}
