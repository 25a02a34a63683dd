package dev.zoetrope.generation.queue;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The scheduler's choice function, free of I/O so it can be tested and simulated quickly. Between
 * classes: weighted round-robin, {@code proWeight} pro jobs for each free job while both wait (free
 * is never starved). Inside a class: round-robin between users, the least recently served first.
 * Inside a user: oldest first. A user at the per-user cap of dispatched-or-running jobs is skipped.
 */
public final class FairOrder {

  /** A queued job as the scheduler sees it. */
  public record Job(UUID id, UUID owner, boolean pro, Instant createdAt) {}

  /**
   * The whole queue in the order it will be served, assuming capped users free a slot once every
   * other user was served ({@code dispatchableNow} jobs can go now, before any cap frees up).
   *
   * @param streakAfter pro-streak value after serving {@code order[0..i]}
   * @param newcomerFree where in {@code order} a free job would be served if a user with nothing
   *     queued and never served created it now: it goes before {@code order[newcomerFree]}
   * @param newcomerPro the same for a pro job
   */
  public record Plan(
      List<Job> order, int dispatchableNow, int[] streakAfter, int newcomerFree, int newcomerPro) {
    public int streakAfter(int served, int initial) {
      return served == 0 ? initial : streakAfter[served - 1];
    }
  }

  private FairOrder() {}

  /**
   * @param active dispatched-or-running jobs per user now
   * @param lastServed per user, a value that orders users by when they were last dispatched to
   *     (bigger = more recent); users absent were never served and go first
   * @param proStreak pro jobs served since the last free one
   */
  public static Plan plan(
      List<Job> queued,
      Map<UUID, Integer> active,
      Map<UUID, Long> lastServed,
      int cap,
      int proWeight,
      int proStreak) {
    Map<UUID, Deque<Job>> byOwner = new HashMap<>();
    queued.stream()
        .sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id))
        .forEach(j -> byOwner.computeIfAbsent(j.owner(), o -> new ArrayDeque<>()).add(j));
    Map<UUID, Long> served = new HashMap<>(lastServed);
    Map<UUID, Integer> running = new HashMap<>(active);
    Comparator<UUID> rotation =
        Comparator.<UUID>comparingLong(o -> served.getOrDefault(o, Long.MIN_VALUE))
            .thenComparing(o -> byOwner.get(o).peek().createdAt())
            .thenComparing(o -> o);
    PriorityQueue<UUID> pro = new PriorityQueue<>(rotation);
    PriorityQueue<UUID> free = new PriorityQueue<>(rotation);
    List<UUID> capped = new ArrayList<>();
    for (var e : byOwner.entrySet()) {
      boolean isPro = e.getValue().peek().pro();
      if (running.getOrDefault(e.getKey(), 0) >= cap) {
        capped.add(e.getKey());
      } else {
        (isPro ? pro : free).add(e.getKey());
      }
    }
    List<Job> order = new ArrayList<>(queued.size());
    int[] streaks = new int[queued.size()];
    int dispatchable = -1;
    long clock = served.values().stream().mapToLong(Long::longValue).max().orElse(0);
    int streak = proStreak;
    // Where a newcomer's job would land is found in the same pass instead of planning the queue
    // again with it added (once per class, every tick): until it is served, its presence changes
    // only the steps at which its class would otherwise have been empty.
    int newcomerFree = -1;
    int newcomerPro = -1;
    while (order.size() < queued.size()) {
      int step = order.size();
      if (newcomerFree < 0 && newcomerServedNow(free, pro, false, streak, proWeight, served)) {
        newcomerFree = step;
      }
      if (newcomerPro < 0 && newcomerServedNow(pro, free, true, streak, proWeight, served)) {
        newcomerPro = step;
      }
      if (pro.isEmpty() && free.isEmpty()) {
        // Everyone left is at the cap: from here on the order assumes their jobs finish.
        if (dispatchable < 0) {
          dispatchable = order.size();
        }
        for (UUID owner : capped) {
          running.put(owner, 0);
          (byOwner.get(owner).peek().pro() ? pro : free).add(owner);
        }
        capped.clear();
      }
      boolean takePro = !pro.isEmpty() && (free.isEmpty() || streak < proWeight);
      PriorityQueue<UUID> from = takePro ? pro : free;
      UUID owner = from.poll();
      Deque<Job> jobs = byOwner.get(owner);
      order.add(jobs.poll());
      streak = takePro ? streak + 1 : 0;
      streaks[order.size() - 1] = streak;
      served.put(owner, ++clock);
      running.merge(owner, 1, Integer::sum);
      if (!jobs.isEmpty()) {
        if (running.get(owner) >= cap) {
          capped.add(owner);
        } else {
          from.add(owner);
        }
      }
    }
    return new Plan(
        order,
        dispatchable < 0 ? order.size() : dispatchable,
        streaks,
        newcomerFree < 0 ? order.size() : newcomerFree,
        newcomerPro < 0 ? order.size() : newcomerPro);
  }

  /**
   * Whether a newcomer's job of one class would be served at this step. Its class is then never
   * empty, so no cap is lifted first and the class is taken by the weighted round-robin alone;
   * inside the class the newcomer, never served, goes before every user served before, and after
   * users never served, whose jobs are all older than its.
   */
  private static boolean newcomerServedNow(
      PriorityQueue<UUID> own,
      PriorityQueue<UUID> other,
      boolean isPro,
      int streak,
      int proWeight,
      Map<UUID, Long> served) {
    boolean classTaken = other.isEmpty() || (isPro ? streak < proWeight : streak >= proWeight);
    return classTaken && (own.isEmpty() || served.containsKey(own.peek()));
  }

  /**
   * When each job in {@code order} should be done, in seconds from now, given {@code slots} render
   * slots that are busy for {@code busyMs} (running and already dispatched work) first.
   */
  public static int[] etaSeconds(List<Long> busyMs, List<Long> jobMs, int slots) {
    long[] free = new long[Math.max(1, slots)];
    for (long busy : busyMs) {
      int i = earliest(free);
      free[i] += Math.max(0, busy);
    }
    int[] eta = new int[jobMs.size()];
    for (int j = 0; j < jobMs.size(); j++) {
      int i = earliest(free);
      free[i] += jobMs.get(j);
      eta[j] = (int) Math.min(Integer.MAX_VALUE, (free[i] + 999) / 1000);
    }
    return eta;
  }

  private static int earliest(long[] free) {
    int best = 0;
    for (int i = 1; i < free.length; i++) {
      if (free[i] < free[best]) {
        best = i;
      }
    }
    return best;
  }
}
