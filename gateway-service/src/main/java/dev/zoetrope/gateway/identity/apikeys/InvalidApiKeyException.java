package dev.zoetrope.gateway.identity.apikeys;

import org.springframework.security.core.AuthenticationException;

/** An API key that is malformed, unknown or revoked (one answer for all three). */
public class InvalidApiKeyException extends AuthenticationException {
  public InvalidApiKeyException() {
    super("invalid or revoked API key");
  }
}
