package dev.zoetrope.common.security;

import dev.zoetrope.common.web.ApiException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/** The signed-in user of the current request, read from the gateway-issued JWT. */
public record CurrentUser(UUID id, String username, String tier) {

  public static CurrentUser get() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !(auth.getPrincipal() instanceof Jwt jwt)) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "sign in first");
    }
    return fromJwt(jwt);
  }

  public static CurrentUser fromJwt(Jwt jwt) {
    UUID id;
    try {
      id = UUID.fromString(jwt.getSubject());
    } catch (IllegalArgumentException | NullPointerException e) {
      // Service tokens have a non-UUID subject and must not reach user endpoints.
      throw new ApiException(
          HttpStatus.FORBIDDEN, "user_token_required", "a user token is required");
    }
    String tier = jwt.getClaimAsString("tier");
    return new CurrentUser(id, jwt.getClaimAsString("username"), tier == null ? "free" : tier);
  }

  public boolean pro() {
    return "pro".equals(tier);
  }
}
