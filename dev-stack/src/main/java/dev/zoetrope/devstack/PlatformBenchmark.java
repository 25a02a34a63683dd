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
import tools.jackson.databind.JsonNode;

/**
 * {@code dev-stack/zoetrope bench [clips]}: starts the platform exactly as {@code up} does (on free
 * ports, in a temporary data folder), then measures (1) the time from the JVM's start to the first
 * accepted request and (2) where a generation's wall time goes: queue wait, model, encode, upload,
 * checks and bookkeeping, as the worker itself logs them. Prints a markdown table for
 * docs/benchmarks.md.
 */
public final class PlatformBenchmark {
  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

  private PlatformBenchmark() {}

  public static void main(String[] args) throws IOException {
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
        JsonNode done =
            Await.until(
                "video " + id,
                Duration.ofMinutes(5),
                () -> user.get("/v1/videos/" + id).json(),
                v -> v.get("status").asString().matches("completed|failed"));
        long observed = System.currentTimeMillis() - created;
        if (!"completed".equals(done.get("status").asString())) {
          throw new IllegalStateException("generation failed: " + done);
        }
        Map<String, Long> split = workerSplit(data, id);
        split.put("client_observed_ms", observed);
        runs.add(split);
      }
      print(ready - jvmStart, firstAccepted - jvmStart, runs);
    }
  }

  /** The worker's own per-job log line, e.g. {@code queue_wait_ms=12 render_ms=4391 ...}. */
  private static Map<String, Long> workerSplit(Path data, String videoId) throws IOException {
    String hex = videoId.substring("video_".length());
    String uuid = hex.replaceFirst("(\\w{8})(\\w{4})(\\w{4})(\\w{4})(\\w{12})", "$1-$2-$3-$4-$5");
    Path log = data.resolve("logs/generation-worker.log");
    String line =
        Await.until(
            "the worker's log line for " + uuid,
            Duration.ofSeconds(10),
            () -> {
              try {
                return Files.readAllLines(log).stream()
                    .filter(l -> l.contains("job " + uuid + " completed"))
                    .findFirst()
                    .orElse("");
              } catch (IOException e) {
                return "";
              }
            },
            l -> !l.isEmpty());
    Map<String, Long> split = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      if (m.group(1).endsWith("_ms")) {
        split.put(m.group(1), Long.parseLong(m.group(2)));
      }
    }
    return split;
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
