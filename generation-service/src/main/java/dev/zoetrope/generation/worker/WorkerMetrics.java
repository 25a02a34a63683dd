package dev.zoetrope.generation.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Where a job's time goes, for docs/benchmarks.md: waiting in the queue, rendering (split into
 * denoise / decode / encode as the renderer reports it), uploading, peer checks, and our own
 * database bookkeeping.
 */
final class WorkerMetrics {
  private final MeterRegistry registry;
  final Timer queueWait;
  final Timer renderTotal;
  final Timer denoise;
  final Timer decode;
  final Timer encode;
  final Timer upload;
  final Timer checks;
  final Timer bookkeeping;

  WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.queueWait = timer("zoetrope.generation.queue.wait", "accepted until a worker started it");
    this.renderTotal = stage("total");
    this.denoise = stage("denoise");
    this.decode = stage("decode");
    this.encode = stage("encode");
    this.upload = timer("zoetrope.generation.upload", "storing clip and thumbnail in media-store");
    this.checks = timer("zoetrope.generation.checks", "consent re-check and output moderation");
    this.bookkeeping =
        timer("zoetrope.generation.bookkeeping", "claiming and finishing the job row");
  }

  void outcome(String status, String code) {
    Counter.builder("zoetrope.generation.jobs")
        .description("finished jobs by outcome")
        .tag("status", status)
        .tag("code", code == null ? "none" : code)
        .register(registry)
        .increment();
  }

  static void record(Timer timer, long millis) {
    timer.record(Duration.ofMillis(Math.max(0, millis)));
  }

  private Timer stage(String stage) {
    return Timer.builder("zoetrope.generation.render")
        .description("renderer time by stage")
        .tag("stage", stage)
        .register(registry);
  }

  private Timer timer(String name, String description) {
    return Timer.builder(name).description(description).register(registry);
  }
}
