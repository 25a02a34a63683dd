package dev.zoetrope.gateway.identity.apikeys;

import java.util.Collection;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A request authenticated by an API key. It carries the short-lived user JWT minted for the key,
 * which replaces the key in the Authorization header sent downstream.
 */
public class ApiKeyAuthentication extends JwtAuthenticationToken {
  private final UUID keyId;

  ApiKeyAuthentication(
      Jwt relayToken, Collection<? extends GrantedAuthority> authorities, UUID keyId) {
    super(relayToken, authorities, relayToken.getSubject());
    this.keyId = keyId;
  }

  public UUID keyId() {
    return keyId;
  }
}
