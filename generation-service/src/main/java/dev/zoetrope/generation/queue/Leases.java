package dev.zoetrope.generation.queue;

import java.time.Duration;
import java.util.UUID;

/**
 * A worker's claim on the jobs it renders. The claim itself sets the first lease; {@link #hold}
 * keeps renewing it from a background thread until the render ends, so a worker killed mid-render
 * stops renewing and the scheduler re-queues the job once the lease runs out.
 */
public interface Leases {
  String workerId();

  Duration leaseDuration();

  /** Renews the lease on {@code videoId} until the returned handle is closed. */
  Held hold(UUID videoId);

  interface Held extends AutoCloseable {
    /**
     * True once a renewal found the job no longer ours (re-queued after a stall, cancelled, or
     * finished elsewhere): the render may stop, its outcome would not be recorded anyway.
     */
    default boolean lost() {
      return false;
    }

    @Override
    void close();
  }

  /** For a processor built outside a worker (tests): leases are set but never renewed. */
  Leases UNRENEWED =
      new Leases() {
        @Override
        public String workerId() {
          return "unrenewed";
        }

        @Override
        public Duration leaseDuration() {
          return Duration.ofMinutes(1);
        }

        @Override
        public Held hold(UUID videoId) {
          return () -> {};
        }
      };
}
