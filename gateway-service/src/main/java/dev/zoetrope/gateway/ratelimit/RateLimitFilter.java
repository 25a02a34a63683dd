package dev.zoetrope.gateway.ratelimit;

import dev.zoetrope.gateway.web.ErrorResponses;
import java.security.Principal;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Meters {@code POST /v1/videos} (the expensive call: each one queues a GPU job) per user, before
 * the request body is read or routed. Other calls are not limited here.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {
  static final String REMAINING = "X-RateLimit-Remaining";
  static final String LIMIT = "X-RateLimit-Limit";

  private final TokenBucket bucket;

  RateLimitFilter(TokenBucket bucket) {
    this.bucket = bucket;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (!metered(exchange)) {
      return chain.filter(exchange);
    }
    return exchange
        .getPrincipal()
        .map(Principal::getName)
        .flatMap(bucket::take)
        .flatMap(
            decision -> {
              HttpHeaders headers = exchange.getResponse().getHeaders();
              if (decision.remaining() >= 0) {
                headers.set(LIMIT, Integer.toString(bucket.capacity()));
                headers.set(REMAINING, Long.toString(decision.remaining()));
              }
              if (decision.allowed()) {
                return chain.filter(exchange);
              }
              headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
              return ErrorResponses.write(
                  exchange,
                  HttpStatus.TOO_MANY_REQUESTS,
                  "rate_limit_exceeded",
                  "too many video requests; retry after " + decision.retryAfterSeconds() + " s");
            })
        // No principal cannot happen behind the security chain; route rather than guess.
        .switchIfEmpty(Mono.defer(() -> chain.filter(exchange)));
  }

  private static boolean metered(ServerWebExchange exchange) {
    if (exchange.getRequest().getMethod() != HttpMethod.POST) {
      return false;
    }
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    return path.equals("/v1/videos") || path.equals("/v1/videos/");
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}
