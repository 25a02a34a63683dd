package dev.zoetrope.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A bearer value that is an API key, not yet checked. */
final class ApiKeyCredentials extends AbstractAuthenticationToken {
  private final String key;

  ApiKeyCredentials(String key) {
    super(List.of());
    this.key = key;
  }

  String key() {
    return key;
  }

  @Override
  public Object getCredentials() {
    return key;
  }

  @Override
  public Object getPrincipal() {
    return null;
  }

  @Override
  public String toString() {
    return "ApiKeyCredentials[redacted]";
  }
}
