package dev.zoetrope.gateway.ratelimit;

import dev.zoetrope.gateway.routing.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which {@code Idempotency-Key}s a user already spent a token on and got a 2xx for. The gateway
 * cannot see generation-service's key table, so it keeps its own memory: a repeat of a remembered
 * key on the same path is, to generation-service, a replay of the stored answer (or a 422 for other
 * parameters), never a new job, as long as the memory is no longer than generation's window.
 *
 * <p>Bounded: only keys generation-service would accept (1 to 255 visible ASCII characters) are
 * remembered; Redis holds a SHA-256 of (path, key), not the key; every entry expires with the
 * window; and every entry follows a request that paid a token, so a user holds at most as many as
 * the bucket let through in one window.
 */
@Component
class IdempotentReplays {
  static final String HEADER = "Idempotency-Key";

  /** What generation-service sets on a response it replayed from its key table. */
  static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private static final int MAX_KEY_CHARS = 255;
  private static final String KEY_PREFIX = "zoetrope:ratelimit:replays:";

  private final ReactiveStringRedisTemplate redis;
  private final Duration window;
  private final Duration timeout;

  IdempotentReplays(ReactiveStringRedisTemplate redis, GatewayProperties props) {
    this.redis = redis;
    this.window = Duration.ofSeconds(props.rateLimit().idempotencyWindowSeconds());
    this.timeout = Duration.ofMillis(props.rateLimit().redisTimeoutMs());
  }

  /** One (user, path, key) the filter is deciding about; {@code arrivedNanos} from nanoTime. */
  record Use(String userId, String path, String key, long arrivedNanos) {}

  /**
   * The request's key if it could be remembered: exactly one header, within generation-service's
   * own rules. Anything else is charged like a request without a key.
   */
  static String usableKey(List<String> headerValues) {
    if (headerValues == null || headerValues.size() != 1) {
      return null;
    }
    String key = headerValues.getFirst();
    if (key.isEmpty()
        || key.length() > MAX_KEY_CHARS
        || !key.chars().allMatch(c -> c > 32 && c < 127)) {
      return null;
    }
    return key;
  }

  boolean enabled() {
    return !window.isZero();
  }

  /** False when Redis does not answer: the request is then charged (or the bucket fails open). */
  Mono<Boolean> remembered(Use use) {
    return redis
        .hasKey(redisKey(use))
        .timeout(timeout)
        .onErrorResume(e -> Mono.just(false))
        .defaultIfEmpty(false);
  }

  /**
   * Remembers a key whose request got a 2xx. Its expiry counts from when the request reached the
   * gateway, which is before generation-service stored the key, so the memory never outlives
   * generation's. Best effort: if Redis fails, the next repeat simply pays a token.
   */
  Mono<Void> remember(Use use) {
    Duration left = window.minusNanos(System.nanoTime() - use.arrivedNanos());
    if (left.toMillis() <= 0) {
      return Mono.empty();
    }
    return redis
        .opsForValue()
        .set(redisKey(use), "1", left)
        .timeout(timeout)
        .onErrorResume(e -> Mono.empty())
        .then();
  }

  Mono<Void> forget(Use use) {
    return redis.delete(redisKey(use)).timeout(timeout).onErrorResume(e -> Mono.empty()).then();
  }

  private static String redisKey(Use use) {
    MessageDigest sha = sha256();
    sha.update(use.path().getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(use.key().getBytes(StandardCharsets.US_ASCII));
    return KEY_PREFIX + use.userId() + ":" + HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
