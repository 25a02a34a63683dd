package dev.zoetrope.gateway.identity.tokens;

import dev.zoetrope.gateway.identity.IdentityProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

@Configuration(proxyBeanMethods = false)
class TokenConfig {

  @Bean
  SigningKey signingKey(IdentityProperties props) {
    return SigningKey.loadOrCreate(props.signingKeyPath(), props.generateKeyIfMissing());
  }

  @Bean
  TokenIssuer tokenIssuer(SigningKey key, IdentityProperties props) {
    return new TokenIssuer(key, props.issuer(), Clock.systemUTC());
  }

  /**
   * Verifies our own tokens with the public key in memory: no JWKS round trip to ourselves. The
   * scope is checked by the authorization rules (user routes need SCOPE_user).
   */
  @Bean
  ReactiveJwtDecoder jwtDecoder(SigningKey key, IdentityProperties props) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withPublicKey(key.publicKey())
            .signatureAlgorithm(SignatureAlgorithm.RS256)
            .build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            JwtValidators.createDefaultWithIssuer(props.issuer()),
            new JwtClaimValidator<>("exp", exp -> exp != null)));
    return decoder;
  }
}
