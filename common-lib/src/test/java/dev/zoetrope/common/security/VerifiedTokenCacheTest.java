package dev.zoetrope.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokenCacheTest {
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  private final List<String> verifications = new ArrayList<>();
  private Instant now = T0;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  /** Verifies "good-…" tokens (expiring 10 minutes after T0), refuses anything else. */
  private final JwtDecoder verifier =
      token -> {
        verifications.add(token);
        if (!token.startsWith("good")) {
          throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token)
            .header("alg", "RS256")
            .subject(token)
            .issuedAt(T0)
            .expiresAt(T0.plus(Duration.ofMinutes(10)))
            .build();
      };

  private final VerifiedTokenCache cache =
      new VerifiedTokenCache(verifier, Duration.ofMinutes(5), clock);

  @Test
  void aTokenSeenAgainIsNotVerifiedAgain() {
    assertThat(cache.decode("good-a").getSubject()).isEqualTo("good-a");
    assertThat(cache.decode("good-a").getSubject()).isEqualTo("good-a");
    assertThat(cache.decode("good-b").getSubject()).isEqualTo("good-b");
    assertThat(verifications).containsExactly("good-a", "good-b");
  }

  @Test
  void failuresAreNeverRemembered() {
    assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThat(verifications).containsExactly("forged", "forged");
  }

  @Test
  void anEntryIsTrustedForAtMostItsMaximumAgeThenVerifiedAgain() {
    cache.decode("good-a");
    now = T0.plus(Duration.ofMinutes(4));
    cache.decode("good-a");
    assertThat(verifications).hasSize(1);
    now = T0.plus(Duration.ofMinutes(5));
    cache.decode("good-a");
    assertThat(verifications).hasSize(2);
  }

  @Test
  void anEntryIsNeverTrustedPastItsTokensExpiry() {
    VerifiedTokenCache longLived = new VerifiedTokenCache(verifier, Duration.ofHours(1), clock);
    longLived.decode("good-a");
    now = T0.plus(Duration.ofMinutes(10));
    // What an expired token gets is the verifier's decision: the cache must ask it again.
    longLived.decode("good-a");
    assertThat(verifications).hasSize(2);
  }
}
