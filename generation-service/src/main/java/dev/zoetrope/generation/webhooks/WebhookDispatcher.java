package dev.zoetrope.generation.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries: one poller claims at most as many rows as there are free slots, and
 * each attempt runs on a virtual thread holding a slot, so at most {@code concurrency} requests are
 * in flight. A failed attempt (non-2xx, redirect, timeout, refused address) is retried after the
 * next configured delay, and the delivery is marked failed when the delays run out.
 */
@Component
@ConditionalOnProperty(
    name = "zoetrope.generation.webhooks.dispatcher-enabled",
    havingValue = "true",
    matchIfMissing = true)
class WebhookDispatcher implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  /** Extra lease beyond the attempt timeout before a claimed row is considered abandoned. */
  private static final long LEASE_MARGIN_MS = 60_000;

  private final WebhookRepository repository;
  private final WebhookProperties config;
  private final MeterRegistry meters;
  private final Semaphore slots;
  private final ScheduledExecutorService poller;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  // Redirects are not followed: a 3xx to an internal address would bypass the target check.
  private final HttpClient http;

  WebhookDispatcher(WebhookRepository repository, WebhookProperties config, MeterRegistry meters) {
    this.repository = repository;
    this.config = config;
    this.meters = meters;
    this.slots = new Semaphore(config.concurrency());
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofMillis(config.attemptTimeoutMs()))
            .executor(senders)
            .build();
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "webhook-dispatcher");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(
        this::tick, config.pollIntervalMs(), config.pollIntervalMs(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      int free = slots.availablePermits();
      if (free == 0) {
        return;
      }
      List<WebhookRepository.Due> due =
          repository.claimDue(free, config.attemptTimeoutMs() + LEASE_MARGIN_MS);
      for (WebhookRepository.Due delivery : due) {
        // Only this thread acquires, and it claimed no more rows than were free.
        slots.acquireUninterruptibly();
        senders.execute(
            () -> {
              try {
                attempt(delivery);
              } finally {
                slots.release();
              }
            });
      }
    } catch (RuntimeException e) {
      log.warn("webhook dispatch poll failed: {}", e.toString());
    }
  }

  private void attempt(WebhookRepository.Due delivery) {
    Integer status = null;
    String error;
    try {
      URI uri = URI.create(delivery.url());
      if (!config.allowPrivateTargets() && WebhookTargets.resolvesToPrivate(uri)) {
        // Checked again at send time: the name may have been re-pointed since it was registered.
        error = "refused: the url resolves to a private or loopback address";
      } else {
        status = send(uri, delivery);
        if (status >= 200 && status < 300) {
          repository.delivered(delivery.id(), status);
          count("delivered");
          return;
        }
        error = "HTTP " + status;
      }
    } catch (TimeoutException e) {
      error = "timed out after " + config.attemptTimeoutMs() + " ms";
    } catch (ExecutionException e) {
      error = String.valueOf(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // shutting down: the lease runs out and another dispatcher retries
    } catch (RuntimeException e) {
      error = e.toString();
    }
    int attemptsSoFar = delivery.attempts() + 1;
    List<Long> delays = config.retryDelaysMs();
    Long retryIn = attemptsSoFar <= delays.size() ? delays.get(attemptsSoFar - 1) : null;
    count(retryIn == null ? "gave_up" : "retry");
    try {
      repository.attemptFailed(delivery.id(), status, error, retryIn);
    } catch (RuntimeException e) {
      log.warn(
          "webhook delivery {}: could not record the attempt: {}", delivery.id(), e.toString());
    }
    log.info(
        "webhook delivery {} attempt {} failed ({}){}",
        delivery.id(),
        attemptsSoFar,
        error,
        retryIn == null ? "; giving up" : "; retry in " + retryIn + " ms");
  }

  private int send(URI uri, WebhookRepository.Due delivery)
      throws InterruptedException, ExecutionException, TimeoutException {
    String msgId = "msg_" + delivery.id().toString().replace("-", "");
    long timestamp = Instant.now().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMillis(config.attemptTimeoutMs()))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Zoetrope-Webhooks/1")
            .header("webhook-id", msgId)
            .header("webhook-timestamp", Long.toString(timestamp))
            .header(
                "webhook-signature",
                StandardWebhooks.sign(delivery.secret(), msgId, timestamp, delivery.payload()))
            .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
            .build();
    // The whole exchange, body included, is bounded: the request timeout alone stops at headers.
    CompletableFuture<HttpResponse<Void>> call =
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    try {
      return call.get(config.attemptTimeoutMs(), TimeUnit.MILLISECONDS).statusCode();
    } finally {
      call.cancel(true);
    }
  }

  private void count(String outcome) {
    meters.counter("zoetrope.webhooks.attempts", "outcome", outcome).increment();
  }

  @Override
  public void destroy() {
    poller.shutdownNow();
    senders.shutdownNow();
  }
}
