package dev.zoetrope.generation.queue;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.JobRequested;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.queue.FairOrder.Job;
import dev.zoetrope.generation.queue.FairOrder.Plan;
import dev.zoetrope.generation.queue.QueueRepository.NewJob;
import dev.zoetrope.generation.queue.QueueRepository.Payload;
import dev.zoetrope.generation.queue.QueueRepository.Running;
import dev.zoetrope.generation.queue.QueueRepository.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dispatches queued jobs to the jobs topic only as worker capacity frees up, in {@link FairOrder};
 * expires the leases of dead workers; publishes queue positions and ETAs. Every process may run
 * one; each tick runs inside a transaction that first takes a Postgres advisory lock, so at most
 * one instance schedules at a time, and a dead leader's lock dies with its connection.
 */
@Component
@ConditionalOnProperty(
    name = "zoetrope.generation.queue.scheduler-enabled",
    havingValue = "true",
    matchIfMissing = true)
public class Scheduler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  public static final String WORKER_LOST = "worker_lost";

  /** Queues up to this long get their positions and ETAs written every tick. */
  private static final int PUBLISH_EVERY_TICK_UP_TO = 200;

  private static final long PUBLISH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A scheduler that ticks back to back rests this many times as long as each tick took. */
  private static final long IDLE_TO_BUSY_RATIO = 4;

  /** How soon a nudged scheduler that found another one leading looks again. */
  static final long LEAD_RETRY_MS = 10;

  private final QueueRepository queue;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final QueueProperties config;
  private final int maxAttempts;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean roomLeft = true;
  private long lastPublishedNanos = System.nanoTime() - PUBLISH_INTERVAL_NANOS;
  private int lastPlanSize;
  private volatile Thread thread;
  private volatile boolean running;

  public Scheduler(
      QueueRepository queue,
      Outbox outbox,
      TransactionTemplate tx,
      QueueProperties config,
      GenerationProperties generation) {
    this.queue = queue;
    this.outbox = outbox;
    this.tx = tx;
    this.config = config;
    this.maxAttempts = generation.worker().maxAttempts();
  }

  /** Schedules soon rather than at the next tick (a worker slot freed, say). */
  public void nudge() {
    wake.release();
  }

  /**
   * After a create: schedules soon if the last tick left a worker slot free, so an idle queue
   * starts a job at once; otherwise the regular tick is soon enough, and a burst of creates against
   * a backlog does not replan the whole queue once per create.
   */
  public void nudgeIfRoom() {
    if (roomLeft) {
      wake.release();
    }
  }

  /** One scheduling round; false when another instance holds the lead. */
  public boolean tick() {
    long start = System.nanoTime();
    int[] sent = {-1};
    long[] planned = {0};
    tx.execute(
        s -> {
          if (queue.tryLead()) {
            sent[0] = schedule(planned);
          }
          return null;
        });
    if (sent[0] > 0 && log.isDebugEnabled()) {
      // On the path of "accepted -> worker started": the relay publishes right after this commit.
      log.debug(
          "dispatched {} jobs: planned {} ms, committed {} ms after the tick began",
          sent[0],
          (planned[0] - start) / 1_000_000,
          (System.nanoTime() - start) / 1_000_000);
    }
    return sent[0] >= 0;
  }

  /** Returns how many jobs it dispatched; sets {@code planned[0]} when the plan was made. */
  private int schedule(long[] planned) {
    expireLeases();
    queue.forgetStaleDispatches(config.dispatchTimeoutMs());

    int capacity = queue.capacity(config.workerTtlMs());
    // A long backlog with a record already waiting for every render slot has nothing to dispatch:
    // ordering the whole queue again would only refresh positions, which are published once a
    // second anyway. Skipping such ticks makes a backlog cost one plan a second, not a share of a
    // core that grows with it (docs/benchmarks.md, "Generation API latency").
    if (lastPlanSize > PUBLISH_EVERY_TICK_UP_TO
        && System.nanoTime() - lastPublishedNanos < PUBLISH_INTERVAL_NANOS
        && queue.dispatchedWaiting() >= capacity) {
      roomLeft = false;
      return 0;
    }
    List<Waiting> waiting = queue.queued(config.maxPlannedJobs());
    List<Running> running = queue.running();
    Map<String, Long> msPerSecond = queue.renderMsPerSecond(config.renderSamples());

    Map<UUID, Integer> active = new HashMap<>();
    running.forEach(r -> active.merge(r.owner(), 1, Integer::sum));
    List<Waiting> dispatched = new ArrayList<>();
    List<Job> undispatched = new ArrayList<>();
    Map<UUID, Waiting> byId = new HashMap<>();
    for (Waiting w : waiting) {
      byId.put(w.id(), w);
      if (w.dispatchedAt() != null) {
        dispatched.add(w);
        active.merge(w.owner(), 1, Integer::sum);
      } else {
        undispatched.add(new Job(w.id(), w.owner(), w.pro(), w.createdAt()));
      }
    }
    Map<UUID, Long> lastServed =
        queue.lastDispatched(undispatched.stream().map(Job::owner).distinct().toList());
    int streak = queue.proStreak();
    Plan plan =
        FairOrder.plan(
            undispatched,
            active,
            lastServed,
            config.maxDispatchedPerUser(),
            config.proWeight(),
            streak);

    // The topic stays shallow: at most one waiting record per render slot.
    planned[0] = System.nanoTime();
    int room = Math.max(0, capacity - dispatched.size());
    int sent = 0;
    for (Job job : plan.order().subList(0, Math.min(room, plan.dispatchableNow()))) {
      Waiting w = byId.get(job.id());
      Optional<Payload> payload = queue.markDispatched(w.id());
      if (payload.isPresent()) {
        Payload p = payload.get();
        outbox.append(
            GenerationEvents.JOBS_TOPIC,
            EventEnvelope.of(
                JobRequested.TYPE,
                JobRequested.VERSION,
                w.id().toString(),
                new JobRequested(
                    w.id(),
                    w.owner(),
                    w.model(),
                    p.prompt(),
                    w.seconds(),
                    w.size(),
                    p.cameoIds(),
                    p.seed(),
                    p.attempts() + 1)));
        sent++;
      }
    }
    int newStreak = plan.streakAfter(sent, streak);

    // Positions and ETAs: dispatched-but-not-started first, then the plan's order.
    Instant now = Instant.now();
    List<Long> busy = new ArrayList<>();
    for (Running r : running) {
      long elapsed = r.startedAt() == null ? 0 : Duration.between(r.startedAt(), now).toMillis();
      busy.add(Math.max(0, estimateMs(msPerSecond, r.model(), r.seconds()) - elapsed));
    }
    List<UUID> ids = new ArrayList<>();
    List<Long> jobMs = new ArrayList<>();
    for (Waiting w : dispatched) {
      ids.add(w.id());
      jobMs.add(estimateMs(msPerSecond, w.model(), w.seconds()));
    }
    for (Job job : plan.order()) {
      Waiting w = byId.get(job.id());
      ids.add(w.id());
      jobMs.add(estimateMs(msPerSecond, w.model(), w.seconds()));
    }
    int[] etas = FairOrder.etaSeconds(busy, jobMs, capacity);
    List<Integer> positions = new ArrayList<>(ids.size());
    List<Integer> etaList = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      positions.add(i + 1);
      etaList.add(etas[i]);
    }
    // Rewriting every waiting row's position is the costliest part of a tick under a long
    // backlog (one new user's job shifts everyone behind it), so beyond a short queue positions
    // are published at most once a second, and after each dispatch.
    long nowNanos = System.nanoTime();
    if (!ids.isEmpty()
        && (ids.size() <= PUBLISH_EVERY_TICK_UP_TO
            || sent > 0
            || nowNanos - lastPublishedNanos >= PUBLISH_INTERVAL_NANOS)) {
      queue.publishOrder(ids, positions, etaList);
      lastPublishedNanos = nowNanos;
    }
    lastPlanSize = ids.size();
    NewJob free = newJob(plan.newcomerFree(), plan, dispatched, byId, busy, msPerSecond, capacity);
    NewJob pro = newJob(plan.newcomerPro(), plan, dispatched, byId, busy, msPerSecond, capacity);
    queue.saveState(newStreak, free, pro);
    // A create only needs an immediate tick when it could be dispatched at once; under a backlog
    // the next regular tick orders it and nothing waits on it sooner.
    roomLeft = room > sent;
    if (sent > 0) {
      log.debug("dispatched {} jobs ({} slots, {} waiting)", sent, capacity, plan.order().size());
    }
    return sent;
  }

  /**
   * Where a standard clip from a user with nothing queued would land now: after the dispatched jobs
   * and the first {@code newcomerAt} of the plan.
   */
  private NewJob newJob(
      int newcomerAt,
      Plan plan,
      List<Waiting> dispatched,
      Map<UUID, Waiting> byId,
      List<Long> busy,
      Map<String, Long> msPerSecond,
      int capacity) {
    List<Long> jobMs = new ArrayList<>(dispatched.size() + newcomerAt + 1);
    for (Waiting w : dispatched) {
      jobMs.add(estimateMs(msPerSecond, w.model(), w.seconds()));
    }
    for (Job job : plan.order().subList(0, newcomerAt)) {
      Waiting w = byId.get(job.id());
      jobMs.add(estimateMs(msPerSecond, w.model(), w.seconds()));
    }
    jobMs.add(estimateMs(msPerSecond, "zoetrope-1", 4));
    int[] etas = FairOrder.etaSeconds(busy, jobMs, capacity);
    return new NewJob(jobMs.size(), etas[etas.length - 1]);
  }

  private long estimateMs(Map<String, Long> msPerSecond, String model, int seconds) {
    return msPerSecond.getOrDefault(model, config.defaultRenderMsPerSecond()) * seconds;
  }

  private void expireLeases() {
    for (var expired : queue.expiredLeases()) {
      if (expired.attempts() >= maxAttempts) {
        String message =
            "the worker rendering this video stopped responding " + expired.attempts() + " times";
        if (queue.failExpired(expired.id(), WORKER_LOST, message)) {
          outbox.append(
              GenerationEvents.VIDEOS_TOPIC,
              EventEnvelope.of(
                  VideoFailed.TYPE,
                  VideoFailed.VERSION,
                  expired.id().toString(),
                  new VideoFailed(expired.id(), expired.owner(), WORKER_LOST, message)));
          log.warn(
              "job {} failed: its lease expired on attempt {}", expired.id(), expired.attempts());
        }
      } else if (queue.requeue(expired.id())) {
        log.warn(
            "job {} re-queued: its worker's lease expired (attempt {})",
            expired.id(),
            expired.attempts());
      }
    }
  }

  private void loop() {
    boolean nudged = false;
    while (running) {
      long started = System.nanoTime();
      boolean led = true;
      try {
        led = tick();
      } catch (RuntimeException e) {
        // The database being away must not end scheduling; the next tick tries again.
        log.warn("scheduler tick failed: {}", e.toString());
      }
      long spentNanos = System.nanoTime() - started;
      try {
        // A nudge that found another instance mid-tick: that tick may have read the queue before
        // the new job committed, so look again shortly rather than a whole interval later.
        // Otherwise a long queue makes a tick expensive (it orders every waiting job): keep
        // scheduling to at most a fifth of one core however long the queue grows.
        long intervalNanos =
            nudged && !led
                ? TimeUnit.MILLISECONDS.toNanos(LEAD_RETRY_MS)
                : Math.max(config.tickIntervalMs() * 1_000_000, IDLE_TO_BUSY_RATIO * spentNanos);
        nudged = wake.tryAcquire(intervalNanos, TimeUnit.NANOSECONDS);
        if (nudged) {
          // Nudged: rest at least as long as the last tick took, so a stream of nudges cannot
          // keep a connection busy more than half the time. Idle, a tick takes a few
          // milliseconds and a nudge is acted on at once.
          long restNanos =
              Math.min(spentNanos, config.tickIntervalMs() * 1_000_000)
                  - (System.nanoTime() - started - spentNanos);
          if (restNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(restNanos);
          }
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("queue-scheduler").daemon().start(this::loop);
  }

  @Override
  public void stop() {
    running = false;
    Thread t = thread;
    wake.release();
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
