package dev.zoetrope.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker's own per-job log line, e.g. {@code job <uuid> completed ... queue_wait_ms=12
 * render_ms=4391 ...}: the benchmarks read a job's time split from it rather than guess it from
 * outside.
 */
final class WorkerLog {
  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

  private WorkerLog() {}

  /**
   * The duration fields ({@code *_ms}) of the completed line of {@code video_<hex>}, in log order.
   */
  static Map<String, Long> split(Path dataDir, String videoId) {
    Map<String, Long> split = new LinkedHashMap<>(fields(dataDir, videoId));
    split.keySet().removeIf(name -> name.endsWith("_epoch_ms"));
    return split;
  }

  /**
   * Every {@code *_ms} field of the completed line of {@code video_<hex>}, in log order: the
   * durations and the instants ({@code *_epoch_ms}, e.g. when the job took its render slot).
   */
  static Map<String, Long> fields(Path dataDir, String videoId) {
    String hex = videoId.substring("video_".length());
    String uuid = hex.replaceFirst("(\\w{8})(\\w{4})(\\w{4})(\\w{4})(\\w{12})", "$1-$2-$3-$4-$5");
    Path log = dataDir.resolve("logs/generation-worker.log");
    String line =
        Await.until(
            "the worker's log line for " + uuid,
            Duration.ofSeconds(10),
            () -> {
              try (var lines = Files.lines(log)) {
                return lines
                    .filter(l -> l.contains("job " + uuid + " completed"))
                    .findFirst()
                    .orElse("");
              } catch (IOException | java.io.UncheckedIOException e) {
                return "";
              }
            },
            l -> !l.isEmpty());
    Map<String, Long> fields = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      if (m.group(1).endsWith("_ms")) {
        fields.put(m.group(1), Long.parseLong(m.group(2)));
      }
    }
    return fields;
  }
}
