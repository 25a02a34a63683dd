package dev.zoetrope.gateway.identity;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings ({@code zoetrope.identity.*}).
 *
 * @param signingKeyPath PKCS#8 PEM file with the RSA key that signs every token
 * @param generateKeyIfMissing create a 2048-bit key at {@code signingKeyPath} when there is none
 * @param issuer the {@code iss} of every token; services check it
 * @param accessTokenTtlSeconds lifetime of tokens from signup and login
 * @param apiKeyTokenTtlSeconds lifetime of the user token an API key is exchanged for
 * @param apiKeyCacheSeconds how long a gateway instance trusts an API key's row without reading it
 *     again (a revocation elsewhere takes up to this long here; 0 reads on every request)
 * @param serviceTokenTtlSeconds lifetime of client-credentials tokens
 * @param maxApiKeysPerUser active (unrevoked) keys a user may hold
 * @param bcryptCost work factor of password hashes
 * @param serviceClients client id to secret, for {@code POST /oauth/token}
 */
@ConfigurationProperties("zoetrope.identity")
public record IdentityProperties(
    Path signingKeyPath,
    @DefaultValue("true") boolean generateKeyIfMissing,
    @DefaultValue("zoetrope") String issuer,
    @DefaultValue("3600") long accessTokenTtlSeconds,
    @DefaultValue("300") long apiKeyTokenTtlSeconds,
    @DefaultValue("5") long apiKeyCacheSeconds,
    @DefaultValue("3600") long serviceTokenTtlSeconds,
    @DefaultValue("20") int maxApiKeysPerUser,
    @DefaultValue("10") int bcryptCost,
    Map<String, String> serviceClients) {

  public IdentityProperties {
    if (signingKeyPath == null) {
      signingKeyPath =
          Path.of(System.getProperty("user.home"), ".zoetrope", "gateway", "jwt-signing.pem");
    }
    serviceClients = serviceClients == null ? Map.of() : Map.copyOf(serviceClients);
    if (apiKeyCacheSeconds < 0 || apiKeyCacheSeconds > 60) {
      throw new IllegalArgumentException(
          "zoetrope.identity.api-key-cache-seconds must be between 0 and 60");
    }
    if (apiKeyTokenTtlSeconds < 120) {
      // The relay cache refreshes a minute before expiry; shorter lifetimes would re-mint always.
      throw new IllegalArgumentException(
          "zoetrope.identity.api-key-token-ttl-seconds must be >= 120");
    }
  }
}
