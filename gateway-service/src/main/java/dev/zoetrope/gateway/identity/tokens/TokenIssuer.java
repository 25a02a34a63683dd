package dev.zoetrope.gateway.identity.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Mints the platform's tokens: RS256, {@code iss} = the configured issuer, a {@code kid} header
 * naming the JWKS key. User tokens carry {@code sub} = user UUID, {@code username}, {@code tier}
 * and {@code scope=user}; service tokens carry {@code sub=svc:<client-id>} and {@code
 * scope=internal}.
 */
public class TokenIssuer {
  public static final String USER_SCOPE = "user";
  public static final String SERVICE_SCOPE = "internal";

  private final SigningKey key;
  private final RSASSASigner signer;
  private final String issuer;
  private final Clock clock;

  public TokenIssuer(SigningKey key, String issuer, Clock clock) {
    this.key = key;
    this.signer = new RSASSASigner(key.privateKey());
    this.issuer = issuer;
    this.clock = clock;
  }

  public Jwt userToken(UUID userId, String username, String tier, Duration ttl) {
    return sign(
        new JWTClaimsSet.Builder()
            .subject(userId.toString())
            .claim("username", username)
            .claim("tier", tier)
            .claim("scope", USER_SCOPE),
        ttl);
  }

  public Jwt serviceToken(String clientId, Duration ttl) {
    return sign(
        new JWTClaimsSet.Builder().subject("svc:" + clientId).claim("scope", SERVICE_SCOPE), ttl);
  }

  public String issuer() {
    return issuer;
  }

  private Jwt sign(JWTClaimsSet.Builder builder, Duration ttl) {
    // Whole seconds: JWT times are NumericDate seconds, so the Jwt we hand out must match them.
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    JWTClaimsSet claims =
        builder
            .issuer(issuer)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID(key.keyId())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return Jwt.withTokenValue(jwt.serialize())
        .headers(h -> h.putAll(header.toJSONObject()))
        .claims(
            c -> {
              c.putAll(claims.getClaims());
              c.put("iat", now);
              c.put("exp", now.plus(ttl));
            })
        .build();
  }
}
