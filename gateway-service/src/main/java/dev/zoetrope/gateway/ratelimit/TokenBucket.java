package dev.zoetrope.gateway.ratelimit;

import dev.zoetrope.gateway.routing.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A per-user token bucket in Redis, refilled and taken from in one Lua script (atomic). */
@Component
public class TokenBucket {
  private static final Logger log = LoggerFactory.getLogger(TokenBucket.class);
  private static final String KEY_PREFIX = "zoetrope:ratelimit:videos:";
  private static final long WARN_INTERVAL_MS = 60_000;

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final RedisScript<List<Long>> SCRIPT =
      (RedisScript) RedisScript.of(new ClassPathResource("ratelimit/token_bucket.lua"), List.class);

  private final ReactiveStringRedisTemplate redis;
  private final GatewayProperties.RateLimit limits;
  private final List<String> args;
  private final Counter failOpen;
  private final AtomicLong lastWarning = new AtomicLong();

  public TokenBucket(
      ReactiveStringRedisTemplate redis, GatewayProperties props, MeterRegistry meters) {
    this.redis = redis;
    this.limits = props.rateLimit();
    this.args =
        List.of(Integer.toString(limits.capacity()), Double.toString(limits.refillPerSecond()));
    this.failOpen =
        Counter.builder("zoetrope.gateway.ratelimit.fail.open")
            .description("Requests let through unmetered because Redis did not answer")
            .register(meters);
  }

  /** The outcome of one take; {@code remaining} is -1 when the bucket could not be consulted. */
  public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {
    static final Decision UNMETERED = new Decision(true, -1, 0);
  }

  public int capacity() {
    return limits.capacity();
  }

  public Mono<Decision> take(String userId) {
    return redis
        .execute(SCRIPT, List.of(KEY_PREFIX + userId), args)
        .reduce(
            new ArrayList<Long>(),
            (all, part) -> {
              all.addAll(part);
              return all;
            })
        .map(r -> new Decision(r.get(0) == 1L, r.get(1), r.get(2)))
        .timeout(Duration.ofMillis(limits.redisTimeoutMs()))
        // Fail open: when Redis is down the limit is a fairness control, not a safety one; the
        // generation service still bounds its own queue, so letting requests through degrades
        // fairness between users for a while, whereas failing closed would stop every video for
        // every user. The counter (and a throttled warning) make the outage visible.
        .onErrorResume(
            e -> {
              failOpen.increment();
              warnThrottled(e);
              return Mono.just(Decision.UNMETERED);
            });
  }

  private void warnThrottled(Throwable e) {
    long now = System.currentTimeMillis();
    long last = lastWarning.get();
    if (now - last > WARN_INTERVAL_MS && lastWarning.compareAndSet(last, now)) {
      log.warn("rate limiter cannot reach Redis, letting requests through: {}", e.toString());
    }
  }
}
