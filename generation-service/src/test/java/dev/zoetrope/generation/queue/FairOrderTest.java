package dev.zoetrope.generation.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.queue.FairOrder.Job;
import dev.zoetrope.generation.queue.FairOrder.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FairOrderTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private int clock;

  private Job job(UUID owner, boolean pro) {
    return new Job(UUID.randomUUID(), owner, pro, T0.plusMillis(clock++));
  }

  private static Plan plan(List<Job> queued, int cap, int proWeight) {
    return FairOrder.plan(queued, Map.of(), Map.of(), cap, proWeight, 0);
  }

  @Test
  void aHeavyUserCannotDelayLightUsersBehindItsBacklog() {
    UUID heavy = UUID.randomUUID();
    List<Job> queued = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      queued.add(job(heavy, false));
    }
    List<UUID> light = new ArrayList<>();
    for (int u = 0; u < 5; u++) {
      light.add(UUID.randomUUID());
    }
    // The light users arrive after the whole heavy backlog, two jobs each.
    for (int round = 0; round < 2; round++) {
      for (UUID user : light) {
        queued.add(job(user, false));
      }
    }

    List<Job> order = plan(queued, 100, 3).order();

    assertThat(order).hasSize(queued.size());
    int lastLight = 0;
    for (int i = 0; i < order.size(); i++) {
      if (!order.get(i).owner().equals(heavy)) {
        lastLight = i;
      }
    }
    // Round-robin: each round serves every waiting user once, so the light users are done after
    // at most 2 rounds of 6 users, whatever the heavy user's backlog.
    assertThat(lastLight).isLessThan(12);
    // And each user's own jobs keep their order.
    List<Job> heavyOrder = order.stream().filter(j -> j.owner().equals(heavy)).toList();
    assertThat(heavyOrder).isEqualTo(queued.stream().filter(j -> j.owner().equals(heavy)).toList());
  }

  @Test
  void aLightUserArrivingLaterWaitsAtMostOneRoundNotTheBacklog() {
    UUID heavy = UUID.randomUUID();
    List<Job> queued = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      queued.add(job(heavy, false));
    }
    UUID newcomer = UUID.randomUUID();
    queued.add(job(newcomer, false));
    // The heavy user was just served; the newcomer never was.
    Plan plan = FairOrder.plan(queued, Map.of(), Map.of(heavy, 5L), 100, 3, 0);
    assertThat(plan.order().getFirst().owner()).isEqualTo(newcomer);
  }

  @Test
  void proIsServedAheadOfFreeByItsWeightButFreeIsNeverStarved() {
    List<Job> queued = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      queued.add(job(UUID.randomUUID(), true));
    }
    for (int i = 0; i < 40; i++) {
      queued.add(job(UUID.randomUUID(), false));
    }

    List<Job> order = plan(queued, 2, 3).order();

    // 3:1 while both classes wait: every window of four holds exactly one free job.
    for (int w = 0; w + 4 <= 52; w += 4) {
      long free = order.subList(w, w + 4).stream().filter(j -> !j.pro()).count();
      assertThat(free).as("window at %d", w).isEqualTo(1);
    }
    // After pro runs dry, free takes every slot.
    assertThat(order.subList(53, 80)).allMatch(j -> !j.pro());
  }

  @Test
  void theProStreakCarriesAcrossTicks() {
    List<Job> queued = List.of(job(UUID.randomUUID(), true), job(UUID.randomUUID(), false));
    // Three pro jobs already went out since the last free one: free is due.
    Plan plan = FairOrder.plan(queued, Map.of(), Map.of(), 2, 3, 3);
    assertThat(plan.order().getFirst().pro()).isFalse();
    assertThat(plan.streakAfter(1, 3)).isZero();
    assertThat(plan.streakAfter(2, 3)).isEqualTo(1);
  }

  @Test
  void theCapLimitsWhatCanBeDispatchedNowPerUser() {
    UUID busy = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    List<Job> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queued.add(job(busy, false));
    }
    queued.add(job(other, false));
    Map<UUID, Integer> active = new HashMap<>(Map.of(busy, 1));

    Plan plan = FairOrder.plan(queued, active, Map.of(), 2, 3, 0);

    // busy already runs one: one more of theirs plus the other user's job may go now.
    assertThat(plan.dispatchableNow()).isEqualTo(2);
    assertThat(plan.order().subList(0, 2))
        .extracting(Job::owner)
        .containsExactlyInAnyOrder(busy, other);
    // The rest is still ordered, for queue positions.
    assertThat(plan.order()).hasSize(6);
  }

  @Test
  void aUserAtTheCapGetsNothingDispatched() {
    UUID capped = UUID.randomUUID();
    List<Job> queued = List.of(job(capped, false), job(capped, false));
    Plan plan = FairOrder.plan(queued, Map.of(capped, 2), Map.of(), 2, 3, 0);
    assertThat(plan.dispatchableNow()).isZero();
    assertThat(plan.order()).hasSize(2);
  }

  @Test
  void etasFillTheEarliestFreeSlot() {
    // Two slots, one busy for 10 s; three 60 s jobs.
    int[] eta = FairOrder.etaSeconds(List.of(10_000L), List.of(60_000L, 60_000L, 60_000L), 2);
    assertThat(eta).containsExactly(60, 70, 120);
    // No workers at all still gives an estimate, as if one slot.
    assertThat(FairOrder.etaSeconds(List.of(), List.of(1_000L, 1_000L), 0)).containsExactly(1, 2);
  }

  /**
   * The newcomer positions come from the one plan; they must be where the job lands when the queue
   * is planned again with it added, as the scheduler used to do every tick.
   */
  @Test
  void aNewcomersPlaceFromOnePlanIsWhereItLandsWhenPlannedWithTheQueue() {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      List<UUID> owners = new ArrayList<>();
      int users = 1 + random.nextInt(6);
      for (int u = 0; u < users; u++) {
        owners.add(UUID.randomUUID());
      }
      List<Job> queued = new ArrayList<>();
      for (int j = random.nextInt(12); j > 0; j--) {
        UUID owner = owners.get(random.nextInt(users));
        // A user's class is its plan's; pro users are the first few.
        queued.add(job(owner, owners.indexOf(owner) < users / 2));
      }
      Map<UUID, Integer> active = new HashMap<>();
      Map<UUID, Long> lastServed = new HashMap<>();
      for (UUID owner : owners) {
        if (random.nextBoolean()) {
          active.put(owner, random.nextInt(3));
        }
        if (random.nextBoolean()) {
          lastServed.put(owner, (long) random.nextInt(10));
        }
      }
      int cap = 1 + random.nextInt(2);
      int proWeight = 1 + random.nextInt(3);
      int streak = random.nextInt(proWeight + 1);
      Plan plan = FairOrder.plan(queued, active, lastServed, cap, proWeight, streak);
      for (boolean pro : new boolean[] {false, true}) {
        Job newcomer = new Job(UUID.randomUUID(), new UUID(0, 0), pro, T0.plusMillis(clock++));
        List<Job> with = new ArrayList<>(queued);
        with.add(newcomer);
        int expected =
            FairOrder.plan(with, active, lastServed, cap, proWeight, streak)
                .order()
                .indexOf(newcomer);
        assertThat(pro ? plan.newcomerPro() : plan.newcomerFree())
            .as("round %d, %s newcomer", round, pro ? "pro" : "free")
            .isEqualTo(expected);
      }
    }
  }
}
