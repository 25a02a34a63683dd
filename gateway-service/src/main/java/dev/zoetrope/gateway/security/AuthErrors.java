package dev.zoetrope.gateway.security;

import dev.zoetrope.gateway.identity.apikeys.InvalidApiKeyException;
import dev.zoetrope.gateway.web.ErrorResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 401 and 403 in the platform's error shapes: OpenAI's under /v1, problem JSON elsewhere. */
final class AuthErrors {
  private AuthErrors() {}

  static ServerAuthenticationEntryPoint entryPoint() {
    return AuthErrors::unauthorized;
  }

  static ServerAccessDeniedHandler accessDenied() {
    return (exchange, denied) ->
        ErrorResponses.write(
            exchange, HttpStatus.FORBIDDEN, "forbidden", "this token does not allow that request");
  }

  private static Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException e) {
    String code;
    String message;
    if (e instanceof InvalidApiKeyException) {
      // OpenAI's code for a bad key, which its SDKs recognise.
      code = "invalid_api_key";
      message = "invalid or revoked API key";
    } else if (e instanceof OAuth2AuthenticationException) {
      code = "invalid_token";
      message = "the bearer token is invalid or expired";
    } else {
      code = "unauthenticated";
      message = "send Authorization: Bearer <token or API key>";
    }
    exchange
        .getResponse()
        .getHeaders()
        .set(
            HttpHeaders.WWW_AUTHENTICATE,
            code.equals("unauthenticated") ? "Bearer" : "Bearer error=\"invalid_token\"");
    return ErrorResponses.write(exchange, HttpStatus.UNAUTHORIZED, code, message);
  }
}
