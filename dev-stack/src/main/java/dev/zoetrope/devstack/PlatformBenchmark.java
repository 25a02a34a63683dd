package dev.zoetrope.devstack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dev-stack/zoetrope bench [clips]}: starts the platform exactly as {@code up} does (on free
 * ports, in a temporary data folder), then measures (1) the time from the JVM's start to the first
 * accepted request and (2) where a generation's wall time goes: queue wait, model, encode, upload,
 * checks and bookkeeping, as the worker itself logs them. Prints a markdown table for
 * docs/benchmarks.md.
 *
 * <p>The generation API's latency targets have their own sub-commands, each on a fresh stack whose
 * per-user limits are raised (see {@link #RAISED_LIMITS}):
 *
 * <ul>
 *   <li>{@code bench create-rate [--rate=100] [--seconds=30] [--warmup=10] [--users=10]
 *       [--from-rate=N] [--workers=0]}: create latency at a fixed request rate ({@link
 *       CreateRateBenchmark}), or stepped N, 2N, 4N ... up to the rate; {@code --workers=0} stops
 *       the worker first, measuring the create path alone;
 *   <li>{@code bench idle-latency [--jobs=20] [--warmup-jobs=5] [--status-poll-ms=20]}: accepted →
 *       started on an idle queue and the platform's overhead around the model ({@link
 *       IdleLatencyBenchmark});
 *   <li>{@code bench api [options of both]}: idle-latency, then create-rate, on one stack;
 *   <li>{@code bench backlog [--jobs=12] [--users=3] [--warmup-jobs=2] [--finish-off-slot=1]}: the
 *       render slot's time under a backlog, and how much of it the platform takes ({@link
 *       BacklogBenchmark}); {@code --finish-off-slot=0} stores each clip on the slot, as before.
 * </ul>
 */
public final class PlatformBenchmark {
  /**
   * The per-user limits a benchmark's traffic would otherwise meet long before the platform's own
   * latency: the gateway's create rate limit (20 burst, one per 5 s), the daily free allowance (ten
   * standard clips) and the active-jobs cap (10). Everything else runs as {@code up} runs it.
   */
  static final Map<String, List<String>> RAISED_LIMITS =
      Map.of(
          "gateway-service",
          List.of(
              "--zoetrope.gateway.rate-limit.capacity=1000000",
              "--zoetrope.gateway.rate-limit.refill-per-second=1000000"),
          "generation-service",
          generationLimits(),
          "generation-worker",
          generationLimits());

  private PlatformBenchmark() {}

  private static List<String> generationLimits() {
    return List.of(
        "--zoetrope.generation.credits.daily-allowance-credits=100000000",
        "--zoetrope.generation.max-active-jobs-per-user=1000000");
  }

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].matches("create-rate|idle-latency|api")) {
      apiLatency(args[0], options(args));
      return;
    }
    if (args.length > 0 && args[0].equals("backlog")) {
      backlog(options(args));
      return;
    }
    int clips = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    Path data = Files.createTempDirectory("zoetrope-bench-");
    Path root = Path.of("").toAbsolutePath();
    try (Stack stack = Stack.start(new StackConfig(root, data, Ports.random()))) {
      long ready = System.currentTimeMillis();
      Client anonymous = new Client(stack.gatewayUrl(), null);
      Client.Response signup =
          anonymous.post(
              "/api/auth/signup",
              Map.of(
                  "username",
                  "bench_" + UUID.randomUUID().toString().substring(0, 8),
                  "password",
                  "benchmark passphrase"));
      long firstAccepted = System.currentTimeMillis();
      if (signup.status() != 201) {
        throw new IllegalStateException("signup failed: " + signup);
      }
      Client user = anonymous.withToken(signup.json().get("access_token").asString());

      List<Map<String, Long>> runs = new ArrayList<>();
      for (int i = 0; i < clips; i++) {
        long created = System.currentTimeMillis();
        Client.Response response =
            user.post(
                "/v1/videos",
                Map.of(
                    "prompt",
                    "a red ball drops and bounces twice on a wooden floor",
                    "seconds",
                    "4",
                    "size",
                    "720x1280"));
        if (response.status() != 200) {
          throw new IllegalStateException("create failed: " + response);
        }
        String id = response.json().get("id").asString();
        BenchUsers.awaitCompleted(user, id, Duration.ofMinutes(5));
        long observed = System.currentTimeMillis() - created;
        Map<String, Long> split = WorkerLog.split(data, id);
        split.put("client_observed_ms", observed);
        runs.add(split);
      }
      print(ready - jvmStart, firstAccepted - jvmStart, runs);
    }
  }

  private static void apiLatency(String which, Map<String, Integer> options) throws IOException {
    Path data = Files.createTempDirectory("zoetrope-bench-");
    Path root = Path.of("").toAbsolutePath();
    System.out.println("Starting the platform (logs in " + data.resolve("logs") + ")...");
    try (Stack stack = Stack.start(new StackConfig(root, data, Ports.random()), RAISED_LIMITS)) {
      if (!which.equals("create-rate")) {
        IdleLatencyBenchmark.run(
            stack,
            options.getOrDefault("jobs", 20),
            options.getOrDefault("warmup-jobs", 5),
            options.getOrDefault("status-poll-ms", 20));
      }
      if (!which.equals("idle-latency")) {
        if (options.getOrDefault("workers", 1) == 0) {
          // --workers=0: the create path alone ("queueing only"), without renders competing for
          // the same cores.
          stack.kill("generation-worker");
          System.out.println("generation-worker stopped: measuring queueing only");
        }
        // --from-rate=N: a step test on the same stack, N, 2N, 4N ... up to --rate (the backlog
        // of each step stays queued for the next, as it would in production).
        int rate = options.getOrDefault("rate", 100);
        for (int step = Math.min(rate, options.getOrDefault("from-rate", rate));
            ;
            step = Math.min(rate, step * 2)) {
          CreateRateBenchmark.run(
              stack,
              step,
              options.getOrDefault("seconds", 30),
              options.getOrDefault("warmup", 10),
              options.getOrDefault("users", 10));
          if (step == rate) {
            break;
          }
        }
      }
    }
  }

  private static void backlog(Map<String, Integer> options) throws IOException {
    boolean offSlot = options.getOrDefault("finish-off-slot", 1) != 0;
    Map<String, List<String>> overrides = new LinkedHashMap<>(RAISED_LIMITS);
    List<String> worker = new ArrayList<>(RAISED_LIMITS.get("generation-worker"));
    worker.add("--zoetrope.generation.worker.finish-off-slot=" + offSlot);
    overrides.put("generation-worker", worker);
    Path data = Files.createTempDirectory("zoetrope-bench-");
    Path root = Path.of("").toAbsolutePath();
    System.out.println("Starting the platform (logs in " + data.resolve("logs") + ")...");
    try (Stack stack = Stack.start(new StackConfig(root, data, Ports.random()), overrides)) {
      BacklogBenchmark.run(
          stack,
          options.getOrDefault("jobs", 12),
          options.getOrDefault("users", 3),
          options.getOrDefault("warmup-jobs", 2),
          offSlot);
    }
  }

  /** {@code --name=value} options after the sub-command, all integers. */
  private static Map<String, Integer> options(String[] args) {
    Map<String, Integer> options = new LinkedHashMap<>();
    for (String arg : List.of(args).subList(1, args.length)) {
      Matcher m = Pattern.compile("--([a-z-]+)=(\\d+)").matcher(arg);
      if (!m.matches()) {
        throw new IllegalArgumentException("expected --name=<integer>, got " + arg);
      }
      int value = Integer.parseInt(m.group(2));
      if (value < 1 && !m.group(1).matches("warmup.*|workers|finish-off-slot")) {
        throw new IllegalArgumentException(arg + ": must be at least 1");
      }
      options.put(m.group(1), value);
    }
    return options;
  }

  private static void print(long readyMs, long firstAcceptedMs, List<Map<String, Long>> runs) {
    System.out.println();
    System.out.printf("| start (JVM start → every service ready) | %.1f s |%n", readyMs / 1000.0);
    System.out.printf(
        "| start (JVM start → first accepted request) | %.1f s |%n", firstAcceptedMs / 1000.0);
    System.out.println();
    List<String> keys = new ArrayList<>(runs.get(0).keySet());
    System.out.println("| run | " + String.join(" | ", keys) + " |");
    System.out.println("|---" + "|---".repeat(keys.size()) + "|");
    for (int i = 0; i < runs.size(); i++) {
      List<String> cells = new ArrayList<>();
      for (String key : keys) {
        cells.add(String.valueOf(runs.get(i).get(key)));
      }
      System.out.println("| " + (i + 1) + " | " + String.join(" | ", cells) + " |");
    }
  }
}
