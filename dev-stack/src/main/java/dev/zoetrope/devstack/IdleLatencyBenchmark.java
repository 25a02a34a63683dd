package dev.zoetrope.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Generation-API targets 2 and 3 on an idle queue: one standard clip at a time, each awaited to
 * completion. Target 2: accepted → a worker claimed the job (the worker's {@code queue_wait_ms},
 * job row created → claim) and, seen from the client, accepted → {@code in_progress}. Target 3: the
 * platform's share around the model, (queue wait + upload + checks + bookkeeping) / denoise.
 */
final class IdleLatencyBenchmark {
  private IdleLatencyBenchmark() {}

  /** One job's figures, all in milliseconds. */
  record Job(
      double createMs, double observedStartMs, Map<String, Long> split, double clientCompletedMs) {
    long ms(String field) {
      return split.getOrDefault(field, 0L);
    }

    double overhead() {
      return (ms("queue_wait_ms") + ms("upload_ms") + ms("checks_ms") + ms("bookkeeping_ms"))
          / (double) ms("denoise_ms");
    }

    double overheadWithoutQueue() {
      return (ms("upload_ms") + ms("checks_ms") + ms("bookkeeping_ms")) / (double) ms("denoise_ms");
    }
  }

  /**
   * @param statusPollMs how often the client asks for the job's status while it is queued. Each
   *     poll costs the gateway and the API a request: at 5 ms that was most of one core, taken from
   *     the very dispatch being measured (SDKs poll at the {@code openai-poll-after-ms} hint, 1 s).
   */
  static void run(Stack stack, int jobs, int warmupJobs, int statusPollMs) {
    Client user = BenchUsers.withApiKey(stack.gatewayUrl());
    List<Job> measured = new ArrayList<>();
    for (int i = 0; i < warmupJobs + jobs; i++) {
      Job job = oneJob(user, stack.dataDir(), statusPollMs);
      System.out.printf(
          "%s job %d: create %.0f ms, queue wait %d ms, seen in_progress after %.0f ms%n",
          i < warmupJobs ? "warm-up" : "measured",
          i + 1,
          job.createMs(),
          job.ms("queue_wait_ms"),
          job.observedStartMs());
      if (i >= warmupJobs) {
        measured.add(job);
      }
    }
    print(measured, warmupJobs, statusPollMs);
  }

  private static Job oneJob(Client user, Path dataDir, int statusPollMs) {
    long sent = System.nanoTime();
    Client.Response created = user.post("/v1/videos", BenchUsers.standardClip());
    long accepted = System.nanoTime();
    if (created.status() != 200) {
      throw new IllegalStateException("create failed: " + created);
    }
    String id = created.json().get("id").asString();
    // Poll the job until it leaves "queued": the figure is an upper bound by at most one poll
    // interval and round trip.
    long seenStarted = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      String status = user.get("/v1/videos/" + id).json().get("status").asString();
      if (!"queued".equals(status)) {
        seenStarted = System.nanoTime();
        break;
      }
      ChildProcess.sleep(statusPollMs);
    }
    if (seenStarted == 0) {
      throw new IllegalStateException("video " + id + " still queued after 2 minutes");
    }
    BenchUsers.awaitCompleted(user, id, Duration.ofMinutes(5));
    long completed = System.nanoTime();
    return new Job(
        (accepted - sent) / 1e6,
        (seenStarted - accepted) / 1e6,
        WorkerLog.split(dataDir, id),
        (completed - sent) / 1e6);
  }

  private static void print(List<Job> jobs, int warmupJobs, int statusPollMs) {
    System.out.println();
    System.out.printf(
        "Idle queue, %d standard clips (zoetrope-1, 4 s, 720x1280) one at a time, after %d warm-up"
            + " clip(s). Nearest-rank percentiles: with n < 100, p99 is the maximum.%n%n",
        jobs.size(), warmupJobs);
    System.out.println("| measure | n | p50 | p90 | p99 | max | target |");
    System.out.println("|---|---|---|---|---|---|---|");
    row("create (client: POST sent → 200 received)", jobs, Job::createMs, "");
    row(
        "accepted → worker claim (worker's queue_wait_ms: row created → claimed)",
        jobs,
        j -> j.ms("queue_wait_ms"),
        "p99 ≤ 100 ms");
    row(
        "accepted → client sees in_progress (polled every " + statusPollMs + " ms + round trip)",
        jobs,
        Job::observedStartMs,
        "");
    System.out.println();

    List<String> fields = new ArrayList<>(jobs.get(0).split().keySet());
    System.out.println(
        "| run | "
            + String.join(" | ", fields)
            + " | overhead (queue+upload+checks+bookkeeping) / denoise |");
    System.out.println("|---" + "|---".repeat(fields.size() + 1) + "|");
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      List<String> cells = new ArrayList<>();
      for (String field : fields) {
        cells.add(String.valueOf(job.ms(field)));
      }
      System.out.printf(
          "| %d | %s | %.1f%% |%n", i + 1, String.join(" | ", cells), job.overhead() * 100);
    }
    System.out.println();
    System.out.println("| platform overhead vs model time | n | p50 | p90 | max | target |");
    System.out.println("|---|---|---|---|---|---|");
    Percentiles all = percentiles(jobs, Job::overhead);
    Percentiles noQueue = percentiles(jobs, Job::overheadWithoutQueue);
    System.out.printf(
        "| (queue wait + upload + checks + bookkeeping) / denoise | %d | %.1f%% | %.1f%% | %.1f%% |"
            + " ≤ 1%% (p50): %s |%n",
        all.count(),
        all.at(50) * 100,
        all.at(90) * 100,
        all.max() * 100,
        all.at(50) <= 0.01 ? "holds" : "not met");
    System.out.printf(
        "| same without queue wait | %d | %.1f%% | %.1f%% | %.1f%% | |%n",
        noQueue.count(), noQueue.at(50) * 100, noQueue.at(90) * 100, noQueue.max() * 100);
  }

  private static void row(String name, List<Job> jobs, ToDoubleFunction<Job> value, String target) {
    Percentiles p = percentiles(jobs, value);
    System.out.printf(
        "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %s |%n",
        name, p.count(), p.at(50), p.at(90), p.at(99), p.max(), target);
  }

  private static Percentiles percentiles(List<Job> jobs, ToDoubleFunction<Job> value) {
    return new Percentiles(jobs.stream().mapToDouble(value).toArray());
  }
}
