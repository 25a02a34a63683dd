package dev.zoetrope.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generation-API target 1: {@code POST /v1/videos} latency through the gateway at a fixed request
 * rate. Open loop: request i is due at start + i × interval whatever the earlier ones are doing,
 * and its latency counts from that due time, so a stalled server shows up as latency rather than as
 * requests never sent (coordinated omission). The worker keeps rendering the growing backlog
 * meanwhile, as it would in production.
 */
final class CreateRateBenchmark {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int WINDOW_SECONDS = 5;

  /**
   * How long before the measured seconds the server-side counters and CPU times are read. Reading
   * them costs each scraped service a Prometheus rendering at once; read at the first measured
   * request, that burst was the first window's p99 in every run (docs/benchmarks.md, 2026-12-07).
   */
  static final int SNAPSHOT_LEAD_SECONDS = 2;

  private static final Pattern COUNTER =
      Pattern.compile(
          "^(http_server_requests|hikaricp_connections_acquire|hikaricp_connections_usage)"
              + "_seconds_(count|sum)\\{([^}]*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final List<String> SCRAPED =
      List.of("gateway-service", "generation-service", "moderation-service");

  private CreateRateBenchmark() {}

  /** What the load generator saw of each request; times in nanoseconds from its due time. */
  private record Outcomes(long[] latency, long[] lag, int[] status, String[] code) {
    Outcomes(int total) {
      this(new long[total], new long[total], new int[total], new String[total]);
    }
  }

  static void run(Stack stack, int rate, int seconds, int warmupSeconds, int userCount) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < userCount; i++) {
      keys.add(BenchUsers.withApiKey(stack.gatewayUrl()).token());
    }
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    byte[] body = Client.JSON.writeValueAsBytes(BenchUsers.standardClip());
    URI uri = URI.create(stack.gatewayUrl() + "/v1/videos");

    int warmup = rate * warmupSeconds;
    int total = warmup + rate * seconds;
    // Counters and CPU cover the measured requests plus those sent after the snapshot before them.
    int snapshotAt = Math.max(0, warmup - rate * SNAPSHOT_LEAD_SECONDS);
    long interval = 1_000_000_000L / rate;
    Outcomes out = new Outcomes(total);
    CompletableFuture<?>[] done = new CompletableFuture<?>[total];
    CompletableFuture<Map<String, double[]>> countersBefore =
        CompletableFuture.completedFuture(Map.of());
    CompletableFuture<Map<String, Long>> cpuBefore = CompletableFuture.completedFuture(Map.of());

    System.out.printf(
        "%d requests/s for %d s after %d s of warm-up, spread over %d users' API keys...%n",
        rate, seconds, warmupSeconds, userCount);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      out.lag[i] = System.nanoTime() - due;
      if (i == snapshotAt) {
        // Off the sending thread: the scrape must not delay the schedule. CPU is read once the
        // scrape has been answered, so the scrape's own cost is not charged to the requests.
        countersBefore = CompletableFuture.supplyAsync(() -> serverCounters(stack));
        cpuBefore = countersBefore.thenApply(c -> CpuAccounting.snapshot(stack.dataDir()));
      }
      int n = i;
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(REQUEST_TIMEOUT)
              .header("Authorization", "Bearer " + keys.get(i % keys.size()))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      done[n] =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (response, error) -> {
                    out.latency[n] = System.nanoTime() - due;
                    if (error != null) {
                      Throwable cause =
                          error instanceof java.util.concurrent.CompletionException c
                                  && c.getCause() != null
                              ? c.getCause()
                              : error;
                      out.status[n] = -1;
                      out.code[n] = cause.getClass().getSimpleName();
                    } else {
                      out.status[n] = response.statusCode();
                      if (response.statusCode() >= 300) {
                        out.code[n] = code(response.body());
                      }
                    }
                  });
    }
    long lastSent = System.nanoTime();
    try {
      CompletableFuture.allOf(done)
          .exceptionally(e -> null)
          .get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      System.out.println("some requests never finished: " + e);
    }
    Map<String, Long> cpuAfter = CpuAccounting.snapshot(stack.dataDir());
    Map<String, double[]> after = serverCounters(stack);
    print(rate, seconds, warmupSeconds, userCount, warmup, start, interval, lastSent, out);
    System.out.printf(
        "%nServer-side counters and CPU were read %d s before the measured seconds and after the"
            + " last answer: the tables below cover %d requests.%n",
        (warmup - snapshotAt) / rate, total - snapshotAt);
    printServerSide(countersBefore.join(), after);
    CpuAccounting.print(cpuBefore.join(), cpuAfter, total - snapshotAt);
  }

  private static void print(
      int rate,
      int seconds,
      int warmupSeconds,
      int users,
      int warmup,
      long start,
      long interval,
      long lastSent,
      Outcomes out) {
    int total = out.status.length;
    int measured = total - warmup;
    Map<String, Integer> outcomes = new TreeMap<>();
    List<Double> ok = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    double maxLagMs = 0;
    for (int i = warmup; i < total; i++) {
      String outcome =
          switch (out.status[i] / 100) {
            case 2 -> "2xx";
            case 0 -> "no answer (" + (out.code[i] == null ? "pending" : out.code[i]) + ")";
            default -> out.status[i] + " " + out.code[i];
          };
      outcomes.merge(outcome, 1, Integer::sum);
      double ms = out.latency[i] / 1e6;
      if (out.status[i] > 0) {
        all.add(ms);
      }
      if (out.status[i] / 100 == 2) {
        ok.add(ms);
      }
      maxLagMs = Math.max(maxLagMs, out.lag[i] / 1e6);
    }
    double sendSeconds = (lastSent - (start + warmup * interval)) / 1e9;
    System.out.println();
    System.out.printf(
        "Open loop: %d POST /v1/videos per second (one due every %.1f ms) through the gateway for %d"
            + " s after %d s of warm-up (not counted), over %d users' API keys; latency from each"
            + " request's due time to its response. The worker renders the growing backlog"
            + " meanwhile.%n%n",
        rate, interval / 1e6, seconds, warmupSeconds, users);
    System.out.println("| create latency | n | p50 | p90 | p99 | p99.9 | max | target |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    latencyRow("2xx answers", ok, "p99 ≤ 50 ms");
    latencyRow("every answer", all, "");
    System.out.println();
    System.out.println("| outcome | requests |");
    System.out.println("|---|---|");
    outcomes.forEach((k, v) -> System.out.printf("| %s | %d |%n", k, v));
    System.out.println();
    System.out.printf(
        "Achieved: %d requests in %.2f s = %.1f requests/s sent (target %d); the generator's"
            + " worst lateness behind schedule: %.1f ms.%n%n",
        measured, sendSeconds, measured / sendSeconds, rate, maxLagMs);

    System.out.println("| seconds (after warm-up) | n | p50 | p99 | max |");
    System.out.println("|---|---|---|---|---|");
    int perWindow = rate * WINDOW_SECONDS;
    for (int from = warmup; from < total; from += perWindow) {
      List<Double> window = new ArrayList<>();
      for (int i = from; i < Math.min(total, from + perWindow); i++) {
        if (out.status[i] / 100 == 2) {
          window.add(out.latency[i] / 1e6);
        }
      }
      Percentiles p = percentiles(window);
      int second = (from - warmup) / rate;
      System.out.printf(
          "| %d–%d | %d | %.1f ms | %.1f ms | %.1f ms |%n",
          second, second + WINDOW_SECONDS, p.count(), p.at(50), p.at(99), p.max());
    }
  }

  private static void latencyRow(String name, List<Double> values, String target) {
    Percentiles p = percentiles(values);
    System.out.printf(
        "| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s |%n",
        name, p.count(), p.at(50), p.at(90), p.at(99), p.at(99.9), p.max(), target);
  }

  private static Percentiles percentiles(List<Double> values) {
    return new Percentiles(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static String code(String body) {
    try {
      var error = Client.JSON.readTree(body).path("error");
      String code = error.path("code").asString("");
      return code.isEmpty() ? "(no code)" : code;
    } catch (RuntimeException notJson) {
      return "(not JSON)";
    }
  }

  /**
   * Each service's own request timer (Micrometer's {@code http_server_requests_seconds}) for POST
   * requests, count and total seconds per service, URI and status (the gateway's covers the whole
   * proxied request, generation-service's its create; moderation-service serves no request per
   * create since ADR 0009, but its pool timers show the prompt decisions it stores), and its
   * connection pool's timers: how long a thread waited for a database connection and held one.
   */
  private static Map<String, double[]> serverCounters(Stack stack) {
    Map<String, double[]> counters = new TreeMap<>();
    Map<String, String> urls = stack.serviceUrls();
    for (String service : SCRAPED) {
      Client.Response response = new Client(urls.get(service), null).get("/actuator/prometheus");
      if (response.status() != 200) {
        continue;
      }
      for (String line : response.text().split("\n")) {
        Matcher m = COUNTER.matcher(line);
        if (!m.matches()) {
          continue;
        }
        Map<String, String> labels = new TreeMap<>();
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
        String key;
        if (m.group(1).startsWith("hikaricp")) {
          key =
              service
                  + " | database connection "
                  + (m.group(1).endsWith("acquire") ? "wait (acquire)" : "held (usage)")
                  + " | ";
        } else if ("POST".equals(labels.get("method"))) {
          key = service + " | POST " + labels.get("uri") + " | " + labels.get("status");
        } else {
          continue;
        }
        double[] pair = counters.computeIfAbsent(key, k -> new double[2]);
        pair["count".equals(m.group(2)) ? 0 : 1] += Double.parseDouble(m.group(4));
      }
    }
    return counters;
  }

  private static void printServerSide(Map<String, double[]> before, Map<String, double[]> after) {
    System.out.println();
    System.out.println(
        "Server side (each service's own POST request timer; the mean"
            + " only, Micrometer keeps no percentiles here):");
    System.out.println();
    System.out.println("| service | what | status | count | mean |");
    System.out.println("|---|---|---|---|---|");
    after.forEach(
        (key, now) -> {
          double[] then = before.getOrDefault(key, new double[2]);
          double count = now[0] - then[0];
          if (count > 0) {
            System.out.printf(
                "| %s | %.0f | %.1f ms |%n", key, count, (now[1] - then[1]) / count * 1000);
          }
        });
  }
}
