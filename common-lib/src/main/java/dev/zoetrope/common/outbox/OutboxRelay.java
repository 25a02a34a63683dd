package dev.zoetrope.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka in insertion order and marks them published. Runs on one
 * thread per service instance; several instances share the table safely through {@code FOR UPDATE
 * SKIP LOCKED}. A row that fails to send ends its batch (so per-key order holds) and is retried
 * with backoff until it succeeds: events are never dropped. Delivery is at-least-once; consumers
 * dedupe on the event id ({@link Inbox}).
 */
public class OutboxRelay implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 100;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final KafkaTemplate<String, String> kafka;
  private final Duration pollInterval;
  private final Duration sendTimeout;
  private final Semaphore signal = new Semaphore(0);
  private final Counter published;
  private final Counter failures;
  private volatile boolean running;
  private Thread thread;

  public OutboxRelay(
      JdbcClient jdbc,
      TransactionTemplate tx,
      KafkaTemplate<String, String> kafka,
      MeterRegistry meters,
      Duration pollInterval,
      Duration sendTimeout) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.kafka = kafka;
    this.pollInterval = pollInterval;
    this.sendTimeout = sendTimeout;
    this.published = meters.counter("zoetrope.outbox.published");
    this.failures = meters.counter("zoetrope.outbox.failures");
  }

  public void wake() {
    signal.release();
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
  }

  @Override
  public void stop() {
    running = false;
    signal.release();
    if (thread != null) {
      try {
        thread.join(sendTimeout.toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    Duration backoff = pollInterval;
    while (running) {
      try {
        signal.tryAcquire(backoff.toMillis(), TimeUnit.MILLISECONDS);
        signal.drainPermits();
        int sent;
        do {
          sent = publishBatch();
        } while (sent == BATCH && running);
        backoff = pollInterval;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        failures.increment();
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                ? Duration.ofSeconds(10)
                : backoff.multipliedBy(2);
        log.warn("outbox publish failed, retrying in {} ms: {}", backoff.toMillis(), e.toString());
      }
    }
  }

  /**
   * Publishes one batch; returns how many rows it published. Public for tests.
   *
   * <p>The batch's records are handed to the producer together and then awaited in order, so a
   * batch costs one round trip to the broker and one {@code UPDATE}, not one of each per row. Only
   * the rows before the first failed send are marked published: the idempotent producer fails every
   * later record of the same partition too, so per-key order holds, and a later row of another key
   * that did go out is sent again (at-least-once, as before).
   */
  public int publishBatch() {
    Batch batch =
        tx.execute(
            status -> {
              List<Row> rows =
                  jdbc.sql(
                          """
                          select id, topic, msg_key, payload::text as payload from outbox
                          where published_at is null order by id limit :limit
                          for update skip locked
                          """)
                      .param("limit", BATCH)
                      .query(
                          (rs, n) ->
                              new Row(
                                  rs.getLong("id"),
                                  rs.getString("topic"),
                                  rs.getString("msg_key"),
                                  rs.getString("payload")))
                      .list();
              List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
              for (Row row : rows) {
                sends.add(kafka.send(row.topic(), row.key(), row.payload()));
              }
              long deadline = System.nanoTime() + sendTimeout.toNanos();
              List<Long> sent = new ArrayList<>(rows.size());
              Exception failure = null;
              for (int i = 0; i < rows.size() && failure == null; i++) {
                try {
                  sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                  sent.add(rows.get(i).id());
                } catch (Exception e) {
                  if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                  }
                  failure = e;
                  jdbc.sql(
                          "update outbox set attempts = attempts + 1, last_error = :err where id = :id")
                      .param("err", String.valueOf(e.getMessage()))
                      .param("id", rows.get(i).id())
                      .update();
                }
              }
              if (!sent.isEmpty()) {
                jdbc.sql("update outbox set published_at = now() where id = any(:ids)")
                    .param("ids", sent.toArray(Long[]::new))
                    .update();
                published.increment(sent.size());
              }
              Long failedRow = failure == null ? null : rows.get(sent.size()).id();
              return new Batch(sent.size(), failedRow, failure);
            });
    if (batch == null) {
      return 0;
    }
    if (batch.failure() != null) {
      // After the commit, so what was sent stays marked and the failed row keeps its attempt.
      throw new IllegalStateException(
          "send failed for outbox row " + batch.failedRow(), batch.failure());
    }
    return batch.published();
  }

  private record Batch(int published, Long failedRow, Exception failure) {}

  private record Row(long id, String topic, String key, String payload) {}
}
