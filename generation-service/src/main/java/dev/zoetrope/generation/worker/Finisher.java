package dev.zoetrope.generation.worker;

import dev.zoetrope.generation.worker.JobProcessor.Rendered;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Stores and records rendered clips off the render slots ({@code worker.finish-off-slot}), so a
 * slot starts its next job while the previous clip uploads: the platform's work after a render
 * (upload, output check, final transaction) no longer keeps the accelerator waiting under a backlog
 * (ADR 0010; docs/benchmarks.md, "the render slot under a backlog").
 *
 * <p>At most one clip per slot waits here: a slot whose previous clip is still being stored waits
 * for it before handing over the next, which bounds the memory to one extra clip per slot. A clip
 * that cannot be recorded (our database failing) is logged; its lease is no longer renewed, so the
 * scheduler re-queues the job and it renders again, as after a worker's death. Stopping waits for
 * the clips in hand, after the listener containers have stopped taking jobs.
 */
final class Finisher implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Finisher.class);

  private final boolean offSlot;
  private final int slots;
  private final Duration drainTimeout;
  private final Semaphore room;
  private final Timer handOverWait;
  private volatile boolean running;

  /**
   * @param offSlot finish on a thread of its own; false finishes on the render slot's thread
   * @param slots render slots (listener threads) handing clips over
   */
  Finisher(boolean offSlot, int slots, Duration drainTimeout, MeterRegistry meters) {
    this.offSlot = offSlot;
    this.slots = slots;
    this.drainTimeout = drainTimeout;
    this.room = new Semaphore(slots);
    // For a dashboard: clips rendered and not yet recorded, and how long slots waited for their
    // previous clip before handing the next over (above zero, storing is slower than rendering).
    Gauge.builder("zoetrope.generation.worker.storing", room, r -> slots - r.availablePermits())
        .description("rendered clips being stored off their render slots")
        .register(meters);
    this.handOverWait =
        Timer.builder("zoetrope.generation.worker.handover.wait")
            .description("a render slot waiting for its previous clip to be stored")
            .register(meters);
  }

  /** Finishes {@code rendered}, on a thread of its own when it has work left and may. */
  void finish(Rendered rendered) {
    if (rendered.ended()) {
      return;
    }
    if (!offSlot || !running) {
      rendered.finish();
      return;
    }
    long waitStart = System.nanoTime();
    try {
      room.acquire();
      handOverWait.record(System.nanoTime() - waitStart, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rendered.finish();
      return;
    }
    try {
      Thread.ofVirtual().name("finish-job").start(() -> finishHolding(rendered));
    } catch (RuntimeException | Error e) {
      room.release();
      throw e;
    }
  }

  private void finishHolding(Rendered rendered) {
    try {
      rendered.finish();
    } catch (RuntimeException | Error e) {
      log.error(
          "a rendered job could not be stored or recorded; once its lease runs out it is"
              + " re-queued and rendered again",
          e);
    } finally {
      room.release();
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /** Waits for the clips in hand; later hand-overs (none once the containers stop) run inline. */
  @Override
  public void stop() {
    running = false;
    try {
      if (room.tryAcquire(slots, drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        room.release(slots);
      } else {
        log.warn(
            "stopped with clips still being stored after {} s; their leases will run out and"
                + " the jobs render again",
            drainTimeout.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * After the Kafka listener containers (phase {@code Integer.MAX_VALUE - 100}), whose last render
   * may still hand a clip over while they stop.
   */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 200;
  }
}
