package dev.zoetrope.gateway.ratelimit;

import dev.zoetrope.gateway.web.ErrorResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.Principal;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Meters the calls that queue a GPU job ({@code POST /v1/videos}, {@code /v1/videos/{id}/remix},
 * {@code /v1/videos/edits}, {@code /v1/videos/extensions}) per user, before the request body is
 * read or routed. Other calls are not limited here.
 *
 * <p>A repeat of an {@code Idempotency-Key} that already got a 2xx on the same path is free (see
 * {@link IdempotentReplays}): clients are told to retry with the same key, and a retry creates no
 * job. The gateway checks that promise on every free pass: a 2xx that generation-service did not
 * mark {@code Idempotent-Replayed} means a new job after all, so the key is forgotten and the token
 * taken after the fact. An endpoint that ignored the header thus gives at most one free job per
 * paid one, never an unmetered stream.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {
  static final String REMAINING = "X-RateLimit-Remaining";
  static final String LIMIT = "X-RateLimit-Limit";
  private static final Pattern JOB_CREATING =
      Pattern.compile("/v1/videos(/edits|/extensions|/(?!characters/)[^/]+/remix)?");

  private final TokenBucket bucket;
  private final IdempotentReplays replays;
  private final Counter freeReplays;
  private final Counter unconfirmedReplays;

  RateLimitFilter(TokenBucket bucket, IdempotentReplays replays, MeterRegistry meters) {
    this.bucket = bucket;
    this.replays = replays;
    this.freeReplays =
        Counter.builder("zoetrope.gateway.ratelimit.replays")
            .description("Repeats of a used Idempotency-Key let through without a token")
            .register(meters);
    this.unconfirmedReplays =
        Counter.builder("zoetrope.gateway.ratelimit.replays.unconfirmed")
            .description("Free repeats the service did not answer as a replay (charged afterwards)")
            .register(meters);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    String path = meteredPath(exchange);
    if (path == null) {
      return chain.filter(exchange);
    }
    long arrived = System.nanoTime();
    // Optional, not switchIfEmpty: chain.filter completes empty, and a switchIfEmpty after it
    // would route the request a second time.
    return exchange
        .getPrincipal()
        .map(Principal::getName)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            user -> {
              if (user.isEmpty()) {
                // No principal cannot happen behind the security chain; route rather than guess.
                return chain.filter(exchange);
              }
              String key =
                  replays.enabled()
                      ? IdempotentReplays.usableKey(
                          exchange.getRequest().getHeaders().get(IdempotentReplays.HEADER))
                      : null;
              if (key == null) {
                return charged(exchange, chain, user.get(), null);
              }
              IdempotentReplays.Use use = new IdempotentReplays.Use(user.get(), path, key, arrived);
              return replays
                  .remembered(use)
                  .flatMap(
                      seen ->
                          seen
                              ? free(exchange, chain, use)
                              : charged(exchange, chain, user.get(), use));
            });
  }

  private Mono<Void> charged(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      String user,
      IdempotentReplays.Use use) {
    return bucket
        .take(user)
        .flatMap(
            decision -> {
              HttpHeaders headers = exchange.getResponse().getHeaders();
              if (decision.remaining() >= 0) {
                headers.set(LIMIT, Integer.toString(bucket.capacity()));
                headers.set(REMAINING, Long.toString(decision.remaining()));
              }
              if (decision.allowed()) {
                if (use != null) {
                  ServerHttpResponse response = exchange.getResponse();
                  // Before commit, so the key is remembered by the time the client has the answer
                  // and retries; only a success stores anything at generation-service.
                  response.beforeCommit(
                      () -> successful(response) ? replays.remember(use) : Mono.empty());
                }
                return chain.filter(exchange);
              }
              headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
              return ErrorResponses.write(
                  exchange,
                  HttpStatus.TOO_MANY_REQUESTS,
                  "rate_limit_exceeded",
                  "too many video requests; retry after " + decision.retryAfterSeconds() + " s");
            });
  }

  private Mono<Void> free(
      ServerWebExchange exchange, GatewayFilterChain chain, IdempotentReplays.Use use) {
    freeReplays.increment();
    ServerHttpResponse response = exchange.getResponse();
    response.beforeCommit(
        () -> {
          if (!successful(response)
              || "true".equals(response.getHeaders().getFirst(IdempotentReplays.REPLAYED_HEADER))) {
            return Mono.empty();
          }
          unconfirmedReplays.increment();
          return replays.forget(use).then(bucket.take(use.userId())).then();
        });
    return chain.filter(exchange);
  }

  private static boolean successful(ServerHttpResponse response) {
    HttpStatusCode status = response.getStatusCode();
    return status != null && status.is2xxSuccessful();
  }

  /** The path with one trailing slash dropped if the request creates a job, else null. */
  private static String meteredPath(ServerWebExchange exchange) {
    if (exchange.getRequest().getMethod() != HttpMethod.POST) {
      return null;
    }
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return JOB_CREATING.matcher(path).matches() ? path : null;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}
