package dev.zoetrope.generation.worker;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.events.EventJson;
import dev.zoetrope.common.events.TraceContext;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.JobRequested;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Feeds {@link JobProcessor} from the jobs topic. One record per poll and one job at a time per
 * listener thread: a render holds the thread, so the poll interval must outlast the slowest one;
 * the rendered clip is stored by the {@link Finisher} while the thread polls for the next job.
 */
class JobListener {
  static final String GROUP = "generation-workers";
  private static final Logger log = LoggerFactory.getLogger(JobListener.class);

  private final JobProcessor processor;
  private final Finisher finisher;

  JobListener(JobProcessor processor, Finisher finisher) {
    this.processor = processor;
    this.finisher = finisher;
  }

  @KafkaListener(
      id = "generation-worker",
      topics = GenerationEvents.JOBS_TOPIC,
      groupId = GROUP,
      containerFactory = "jobListenerContainerFactory",
      concurrency = "${zoetrope.generation.worker.concurrency:1}",
      properties = {
        "max.poll.records=1",
        "max.poll.interval.ms=${zoetrope.generation.worker.max-poll-interval-ms:900000}"
      })
  void onJob(ConsumerRecord<String, String> record) {
    long receivedAt = System.currentTimeMillis();
    EventEnvelope event;
    try {
      event = EventJson.read(record.value());
    } catch (EventJson.MalformedEventException e) {
      log.warn("skipping malformed record on {}: {}", GenerationEvents.JOBS_TOPIC, e.getMessage());
      return;
    }
    if (!JobRequested.TYPE.equals(event.type())) {
      return;
    }
    if (event.version() != JobRequested.VERSION) {
      log.warn(
          "skipping {} v{}: this worker reads v{}",
          event.type(),
          event.version(),
          JobRequested.VERSION);
      return;
    }
    if (log.isDebugEnabled()) {
      // Where "accepted -> worker started" goes after the scheduler's dispatch.
      log.debug(
          "job event {}: dispatched -> sent {} ms (outbox relay), sent -> received {} ms (Kafka)",
          event.key(),
          record.timestamp() - event.occurredAt().toEpochMilli(),
          receivedAt - record.timestamp());
    }
    TraceContext.set(event.traceparent());
    try {
      // The render holds this thread (the slot); storing the clip need not (see Finisher).
      finisher.finish(processor.render(event.eventId(), event.payloadAs(JobRequested.class)));
    } catch (EventJson.MalformedEventException e) {
      log.warn("skipping event {}: {}", event.eventId(), e.getMessage());
    } catch (Error e) {
      // Spring Kafka stops the container on an Error, leaving a process that looks healthy and
      // consumes nothing. Redeliver instead: the job's attempt count ends a job that keeps failing.
      throw new IllegalStateException("worker error on event " + event.eventId(), e);
    } finally {
      TraceContext.set(null);
    }
  }
}
