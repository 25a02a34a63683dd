package dev.zoetrope.common.outbox;

import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The error handler for listeners that must not lose a record. Boot's default gives up on a record
 * after ten quick retries and moves on, which would silently drop an event while the database is
 * briefly down. Listeners that use this skip malformed or unknown records themselves (logging
 * them), so whatever still fails is transient and worth retrying until it works: 0.5 s, doubling,
 * at most 30 s apart, with no limit.
 */
public final class ConsumerRetries {
  private ConsumerRetries() {}

  public static CommonErrorHandler untilDone() {
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxInterval(30_000);
    return new DefaultErrorHandler(backOff);
  }
}
