package dev.zoetrope.gateway.security;

import dev.zoetrope.gateway.identity.apikeys.ApiKeys;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <value>}, where the value is either one of our JWTs or an API
 * key ({@code zk_...}, the way OpenAI SDKs send keys). Other schemes (Basic on the token endpoint)
 * are left alone; tokens in query strings are not accepted, since URLs end up in logs.
 */
final class BearerTokenConverter implements ServerAuthenticationConverter {
  private static final String BEARER = "Bearer ";

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    List<String> headers = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
    if (headers.isEmpty()) {
      return Mono.empty();
    }
    String header = headers.getFirst();
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Mono.empty();
    }
    if (headers.size() > 1) {
      return Mono.error(new InvalidBearerTokenException("more than one Authorization header"));
    }
    String token = header.substring(BEARER.length()).strip();
    if (token.isEmpty()) {
      return Mono.error(new InvalidBearerTokenException("empty bearer token"));
    }
    if (ApiKeys.looksLikeKey(token)) {
      return Mono.just(new ApiKeyCredentials(token));
    }
    return Mono.just(new BearerTokenAuthenticationToken(token));
  }
}
