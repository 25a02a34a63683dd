package dev.zoetrope.gateway.security;

import dev.zoetrope.gateway.web.ErrorResponses;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Service-to-service APIs and operational endpoints do not exist from the outside. {@code
 * /internal/**} and every actuator endpoint but health (probes) and prometheus answer 404 whoever
 * asks, before authentication, so probing them learns nothing.
 *
 * <p>Prometheus scrapes the gateway's own port from inside the network, like every service's, so
 * the metrics endpoint is served only to requests that did not come through a proxy: the ingress
 * (the one way in from outside) always adds forwarding headers, which a client cannot take off.
 */
@Component
@Order(-300)
class NotExposedFilter implements WebFilter {
  private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
  private static final PathPattern INTERNAL = PARSER.parse("/internal/**");
  private static final PathPattern ACTUATOR = PARSER.parse("/actuator/**");
  private static final PathPattern HEALTH = PARSER.parse("/actuator/health/**");
  private static final PathPattern PROMETHEUS = PARSER.parse("/actuator/prometheus");
  private static final List<String> PROXY_HEADERS =
      List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    if (INTERNAL.matches(path) || (ACTUATOR.matches(path) && !served(path, exchange))) {
      return ErrorResponses.write(exchange, HttpStatus.NOT_FOUND, "not_found", "no such endpoint");
    }
    return chain.filter(exchange);
  }

  private static boolean served(PathContainer path, ServerWebExchange exchange) {
    if (HEALTH.matches(path)) {
      return true;
    }
    return PROMETHEUS.matches(path) && !proxied(exchange.getRequest().getHeaders());
  }

  private static boolean proxied(HttpHeaders headers) {
    return PROXY_HEADERS.stream().anyMatch(headers::containsHeader);
  }
}
