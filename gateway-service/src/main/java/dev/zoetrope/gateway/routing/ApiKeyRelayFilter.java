package dev.zoetrope.gateway.routing;

import dev.zoetrope.gateway.identity.apikeys.ApiKeyAuthentication;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Services behind the gateway only ever see JWTs: a request authenticated with an API key goes on
 * with the key replaced by the short-lived user token minted for it, so the key itself never leaves
 * the gateway.
 */
@Component
class ApiKeyRelayFilter implements GlobalFilter, Ordered {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return exchange
        .getPrincipal()
        .filter(ApiKeyAuthentication.class::isInstance)
        .cast(ApiKeyAuthentication.class)
        .map(
            auth ->
                exchange
                    .mutate()
                    .request(
                        r ->
                            r.headers(
                                h ->
                                    h.set(
                                        HttpHeaders.AUTHORIZATION,
                                        "Bearer " + auth.getToken().getTokenValue())))
                    .build())
        .defaultIfEmpty(exchange)
        .flatMap(chain::filter);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
