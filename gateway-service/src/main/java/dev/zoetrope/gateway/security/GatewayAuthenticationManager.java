package dev.zoetrope.gateway.security;

import dev.zoetrope.gateway.identity.apikeys.ApiKeyAuthenticator;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import reactor.core.publisher.Mono;

/** Checks either kind of bearer value: our own JWTs locally, API keys against the database. */
final class GatewayAuthenticationManager implements ReactiveAuthenticationManager {
  private final JwtReactiveAuthenticationManager jwts;
  private final ApiKeyAuthenticator apiKeys;

  GatewayAuthenticationManager(ReactiveJwtDecoder decoder, ApiKeyAuthenticator apiKeys) {
    this.jwts = new JwtReactiveAuthenticationManager(decoder);
    this.apiKeys = apiKeys;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (authentication instanceof ApiKeyCredentials key) {
      return apiKeys.authenticate(key.key()).cast(Authentication.class);
    }
    return jwts.authenticate(authentication);
  }
}
