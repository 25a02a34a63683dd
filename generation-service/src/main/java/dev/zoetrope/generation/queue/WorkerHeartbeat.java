package dev.zoetrope.generation.queue;

import dev.zoetrope.generation.GenerationProperties;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A worker process's presence (its render slots count as scheduler capacity while it heartbeats)
 * and the leases on the jobs it is rendering, renewed from one background thread so a render on the
 * consumer thread never starves them. Draining: on stop the worker withdraws its slots (no new
 * dispatches) while the Kafka container lets the current render finish; whatever is still held when
 * the context is destroyed goes back to the queue without spending an attempt.
 */
@Component
@ConditionalOnProperty(
    name = "zoetrope.generation.worker.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class WorkerHeartbeat implements Leases, SmartLifecycle, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(WorkerHeartbeat.class);

  private final QueueRepository queue;
  private final QueueProperties config;
  private final int slots;
  private final String workerId =
      ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
  private final Set<UUID> held = ConcurrentHashMap.newKeySet();
  private final Set<UUID> lost = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("worker-heartbeat").daemon().unstarted(r));
  private volatile boolean present;

  public WorkerHeartbeat(
      QueueRepository queue, QueueProperties config, GenerationProperties generation) {
    this.queue = queue;
    this.config = config;
    this.slots = generation.worker().concurrency();
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public Duration leaseDuration() {
    return Duration.ofMillis(config.leaseMs());
  }

  @Override
  public Held hold(UUID videoId) {
    held.add(videoId);
    lost.remove(videoId);
    return new Held() {
      @Override
      public boolean lost() {
        return lost.contains(videoId);
      }

      @Override
      public void close() {
        held.remove(videoId);
        lost.remove(videoId);
      }
    };
  }

  /** Synchronized with {@link #stop} so a late beat cannot re-register a draining worker. */
  private synchronized void beat() {
    try {
      if (present) {
        queue.heartbeatWorker(workerId, slots);
      }
      List<UUID> holding = List.copyOf(held);
      Set<UUID> renewed = Set.copyOf(queue.renewLeases(holding, workerId, config.leaseMs()));
      for (UUID id : holding) {
        if (!renewed.contains(id) && held.contains(id)) {
          lost.add(id);
        }
      }
    } catch (RuntimeException e) {
      log.warn("worker heartbeat failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    present = true;
    beat();
    timer.scheduleWithFixedDelay(
        this::beat,
        config.heartbeatIntervalMs(),
        config.heartbeatIntervalMs(),
        TimeUnit.MILLISECONDS);
  }

  /** Stops taking jobs; leases keep being renewed until the context is destroyed. */
  @Override
  public synchronized void stop() {
    present = false;
    try {
      queue.removeWorker(workerId);
    } catch (RuntimeException e) {
      log.warn("could not withdraw worker {}: {}", workerId, e.toString());
    }
  }

  @Override
  public boolean isRunning() {
    return present;
  }

  /**
   * Before the Kafka listener container stops, so no new job is dispatched to a draining worker.
   */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
    for (UUID id : List.copyOf(held)) {
      try {
        if (queue.release(id, workerId)) {
          log.info("job {} released back to the queue on shutdown", id);
        }
      } catch (RuntimeException e) {
        log.warn("could not release job {}: {}; its lease will expire", id, e.toString());
      }
    }
  }
}
