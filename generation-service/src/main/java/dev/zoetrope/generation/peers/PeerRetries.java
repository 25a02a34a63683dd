package dev.zoetrope.generation.peers;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few tries with doubling backoff for a call to a peer: their outages are often brief, and a job
 * or an event that fails for a blip costs more than a short wait.
 */
public final class PeerRetries {
  private static final Logger log = LoggerFactory.getLogger(PeerRetries.class);

  private PeerRetries() {}

  /**
   * Calls until it answers, at most {@code retries} times more than once; then throws the last
   * {@link PeerUnavailableException} (also when interrupted while waiting).
   */
  public static <T> T call(Supplier<T> call, int retries, long firstBackoffMs) {
    long backoff = firstBackoffMs;
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (PeerUnavailableException e) {
        if (attempt >= retries) {
          throw e;
        }
        log.info("{}; retrying in {} ms", e.getMessage(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff *= 2;
      }
    }
  }
}
