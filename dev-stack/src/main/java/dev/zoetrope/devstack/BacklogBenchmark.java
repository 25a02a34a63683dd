package dev.zoetrope.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Generation-API target 3 as the render slot sees it: with a backlog, how much of the slot's time
 * goes to anything but the renderer. A batch of standard clips from several users is created at
 * once and awaited; the worker's per-job log line says when each job took its render slot and let
 * it go. Between the first take and the last release the slot either renders (the renderer's own
 * {@code render_ms}: denoise, decode, encode) or waits on the platform — the claim, consent and
 * input reads before a render, and the hand-over to the next job (storing the clip, when that still
 * holds the slot; the next record from Kafka). That waiting, against the model's denoise time, is
 * the accelerator time the platform costs per clip.
 */
final class BacklogBenchmark {
  /** The last of a dozen clips behind one render slot finishes within a minute or two. */
  private static final Duration AWAIT = Duration.ofMinutes(10);

  private BacklogBenchmark() {}

  /** One job's worker-logged figures. */
  record Job(Map<String, Long> fields) {
    long ms(String field) {
      Long value = fields.get(field);
      if (value == null) {
        throw new IllegalStateException("the worker's log line has no " + field + ": " + fields);
      }
      return value;
    }

    /** When the render slot picked the job up from Kafka. */
    long taken() {
      return ms("picked_up_epoch_ms");
    }

    /** When its clip was encoded: the renderer let go of the slot. */
    long freed() {
      return ms("rendered_epoch_ms");
    }
  }

  static void run(Stack stack, int jobs, int users, int warmupJobs, boolean finishOffSlot) {
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      clients.add(BenchUsers.withApiKey(stack.gatewayUrl()));
    }
    for (int i = 0; i < warmupJobs; i++) {
      BenchUsers.awaitCompleted(clients.getFirst(), create(clients.getFirst()), AWAIT);
    }
    System.out.printf(
        "%d warm-up clip(s) done; creating %d clips from %d users at once%n",
        warmupJobs, jobs, users);

    long start = System.nanoTime();
    List<String> ids = new ArrayList<>();
    List<Client> owners = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      Client owner = clients.get(i % users);
      ids.add(create(owner));
      owners.add(owner);
    }
    for (int i = 0; i < jobs; i++) {
      BenchUsers.awaitCompleted(owners.get(i), ids.get(i), AWAIT);
    }
    double makespanS = (System.nanoTime() - start) / 1e9;

    List<Job> measured = new ArrayList<>();
    for (String id : ids) {
      measured.add(new Job(WorkerLog.fields(stack.dataDir(), id)));
    }
    measured.sort(Comparator.comparingLong(Job::taken));
    print(measured, users, finishOffSlot, makespanS, stack.dataDir());
  }

  private static String create(Client user) {
    Client.Response created = user.post("/v1/videos", BenchUsers.standardClip());
    if (created.status() != 200) {
      throw new IllegalStateException("create failed: " + created);
    }
    return created.json().get("id").asString();
  }

  private static void print(
      List<Job> jobs, int users, boolean finishOffSlot, double makespanS, Path dataDir) {
    long first = jobs.getFirst().taken();
    long last = jobs.stream().mapToLong(Job::freed).max().orElseThrow();
    long wall = last - first;
    long render = jobs.stream().mapToLong(j -> j.ms("render_ms")).sum();
    long denoise = jobs.stream().mapToLong(j -> j.ms("denoise_ms")).sum();
    double[] before = new double[jobs.size()];
    double[] handOver = new double[jobs.size() - 1];
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      before[i] = job.freed() - job.taken() - job.ms("render_ms");
      if (i > 0) {
        handOver[i - 1] = job.taken() - jobs.get(i - 1).freed();
      }
    }
    Percentiles beforeP = new Percentiles(before);
    Percentiles handOverP = new Percentiles(handOver);
    Percentiles denoiseP =
        new Percentiles(jobs.stream().mapToDouble(j -> j.ms("denoise_ms")).toArray());
    Percentiles uploadP =
        new Percentiles(jobs.stream().mapToDouble(j -> j.ms("upload_ms")).toArray());
    double overhead = (wall - render) / (double) denoise;

    System.out.println();
    System.out.printf(
        "Backlog: %d standard clips (zoetrope-1, 4 s, 720x1280) from %d users created at once;"
            + " storing a clip %s (logs in %s).%n%n",
        jobs.size(),
        users,
        finishOffSlot ? "off the render slot" : "on the render slot",
        dataDir.resolve("logs"));
    System.out.println("| measure | value |");
    System.out.println("|---|---|");
    System.out.printf("| span (first pick-up → last clip encoded) | %d ms |%n", wall);
    System.out.printf("| renderer (Σ render_ms: denoise, decode, encode) | %d ms |%n", render);
    System.out.printf("| model (Σ denoise_ms) | %d ms (p50 %.0f ms) |%n", denoise, denoiseP.at(50));
    System.out.printf(
        "| slot waiting on the platform (span − renderer) | %d ms (%.1f ms a clip) |%n",
        wall - render, (wall - render) / (double) jobs.size());
    System.out.printf(
        "| of it, before each render (claim, consent, inputs): p50 / max | %.0f / %.0f ms |%n",
        beforeP.at(50), beforeP.max());
    System.out.printf(
        "| of it, between a clip encoded and the next pick-up: p50 / max | %.0f / %.0f ms |%n",
        handOverP.at(50), handOverP.max());
    System.out.printf(
        "| upload (upload_ms, %s): p50 / max | %.0f / %.0f ms |%n",
        finishOffSlot ? "off the slot" : "on the slot", uploadP.at(50), uploadP.max());
    System.out.printf(
        "| **platform's share of the slot / model time** | **%.2f%%** (target ≤ 1%%) |%n",
        overhead * 100);
    System.out.printf(
        "| throughput | %.2f clips/min over the span; all %d done %.1f s after the first"
            + " create |%n",
        jobs.size() * 60_000.0 / wall, jobs.size(), makespanS);
  }
}
