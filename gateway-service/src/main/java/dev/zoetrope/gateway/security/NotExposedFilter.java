package dev.zoetrope.gateway.security;

import dev.zoetrope.gateway.web.ErrorResponses;
import java.util.List;
import org.springframework.core.annotation.Order;
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
 * Service-to-service APIs and operational endpoints do not exist from the outside: {@code
 * /internal/**} and every actuator endpoint but health (probes) and prometheus (service token)
 * answer 404 whoever asks, before authentication, so probing them learns nothing.
 */
@Component
@Order(-300)
class NotExposedFilter implements WebFilter {
  private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
  private static final List<PathPattern> HIDDEN =
      List.of(PARSER.parse("/internal/**"), PARSER.parse("/actuator/**"));
  private static final List<PathPattern> EXPOSED =
      List.of(PARSER.parse("/actuator/health/**"), PARSER.parse("/actuator/prometheus"));

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
    if (matches(HIDDEN, path) && !matches(EXPOSED, path)) {
      return ErrorResponses.write(exchange, HttpStatus.NOT_FOUND, "not_found", "no such endpoint");
    }
    return chain.filter(exchange);
  }

  private static boolean matches(List<PathPattern> patterns, PathContainer path) {
    return patterns.stream().anyMatch(p -> p.matches(path));
  }
}
