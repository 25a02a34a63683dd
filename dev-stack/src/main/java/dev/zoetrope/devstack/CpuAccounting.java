package dev.zoetrope.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time per process group on this machine between two snapshots, read from {@code /proc}. On two
 * shared cores a create's latency tail is set by how much CPU every process spends on it, so the
 * benchmark reports CPU milliseconds per request for each part of the stack, including the ones
 * that export no metrics (PostgreSQL, Kafka, Redis, s3proxy) and the load generator itself.
 */
final class CpuAccounting {
  private static final Path PROC = Path.of("/proc");
  private static final List<String> SERVICES =
      List.of(
          "gateway-service",
          "generation-service",
          "moderation-service",
          "cameo-consent-service",
          "media-store-service",
          "feed-service");

  private static final String OTHER = "everything else on the machine (builds, other work)";

  /**
   * Time the hypervisor ran other guests while this VM wanted its cores ({@code steal} in {@code
   * /proc/stat}): on a shared cloud VM a slow run with no busier process here is often this.
   */
  private static final String STEAL = "taken by other VMs (hypervisor steal; not in the total)";

  private CpuAccounting() {}

  /** Clock ticks of user + system time by group; empty where {@code /proc} is not readable. */
  static Map<String, Long> snapshot(Path dataDir) {
    Map<String, Long> ticks = new TreeMap<>();
    long self = ProcessHandle.current().pid();
    // Only this stack's processes by name: another stack on the machine counts as other work.
    Set<Long> ours = new HashSet<>();
    ProcessHandle.current().descendants().forEach(h -> ours.add(h.pid()));
    // PostgreSQL daemonizes away from us; its postmaster names our data folder.
    String data = dataDir.toAbsolutePath().toString();
    ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().map(c -> c.contains(data)).orElse(false))
        .forEach(
            h -> {
              ours.add(h.pid());
              h.descendants().forEach(d -> ours.add(d.pid()));
            });
    try (Stream<Path> entries = Files.list(PROC)) {
      entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                try {
                  String stat = Files.readString(p.resolve("stat"), StandardCharsets.US_ASCII);
                  // The command name is in parentheses and may contain spaces; fields follow it.
                  String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                  long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                  String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                  String cmdline =
                      new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                  long pid = Long.parseLong(p.getFileName().toString());
                  String group =
                      pid == self
                          ? "benchmark JVM (load generator)"
                          : ours.contains(pid) ? group(comm, cmdline) : OTHER;
                  ticks.merge(group, used, Long::sum);
                } catch (IOException | RuntimeException gone) {
                  // The process ended between the listing and the read: nothing to count.
                }
              });
    } catch (IOException e) {
      return Map.of();
    }
    try {
      String cpu = Files.readAllLines(PROC.resolve("stat"), StandardCharsets.US_ASCII).getFirst();
      // "cpu user nice system idle iowait irq softirq steal ...", summed over all cores.
      ticks.put(STEAL, Long.parseLong(cpu.trim().split("\\s+")[8]));
    } catch (IOException | RuntimeException unreadable) {
      // Not every kernel or container shows steal: the table just goes without that row.
    }
    return ticks;
  }

  private static String group(String comm, String cmdline) {
    for (String service : SERVICES) {
      if (cmdline.contains(service)) {
        return service;
      }
    }
    if (cmdline.contains("kafka.Kafka")) {
      return "kafka";
    }
    if (cmdline.contains("s3proxy")) {
      return "s3proxy";
    }
    if (comm.startsWith("postgres")) {
      return "postgres";
    }
    if (comm.startsWith("redis")) {
      return "redis";
    }
    return OTHER;
  }

  /** Prints CPU milliseconds per request for each group between two snapshots. */
  static void print(Map<String, Long> before, Map<String, Long> after, int requests) {
    if (before.isEmpty() || after.isEmpty() || requests == 0) {
      return;
    }
    // USER_HZ is 100 on every Linux this runs on; /proc reports in those ticks.
    double msPerTick = 10.0;
    System.out.println();
    System.out.println("CPU time per request, by process (/proc user + system time):");
    System.out.println();
    System.out.println("| process | CPU ms per request |");
    System.out.println("|---|---|");
    long total = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (used > 0 && !e.getKey().equals(STEAL)) {
        total += used;
        System.out.printf("| %s | %.2f |%n", e.getKey(), used * msPerTick / requests);
      }
    }
    System.out.printf("| **all** | **%.2f** |%n", total * msPerTick / requests);
    if (before.containsKey(STEAL) && after.containsKey(STEAL)) {
      long stolen = after.get(STEAL) - before.get(STEAL);
      System.out.printf("| %s | %.2f |%n", STEAL, stolen * msPerTick / requests);
    }
  }
}
