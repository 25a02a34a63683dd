package dev.zoetrope.generation.worker;

import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.peers.CameoClient;
import dev.zoetrope.generation.peers.MediaStoreClient;
import dev.zoetrope.generation.peers.ModerationClient;
import dev.zoetrope.generation.queue.Leases;
import dev.zoetrope.generation.render.ClipRenderer;
import dev.zoetrope.generation.videos.VideoRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The render worker; off with {@code zoetrope.generation.worker.enabled=false} for an API-only
 * process, which then needs no {@link ClipRenderer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "zoetrope.generation.worker.enabled",
    havingValue = "true",
    matchIfMissing = true)
class WorkerConfiguration {

  @Bean
  JobProcessor jobProcessor(
      VideoRepository videos,
      TransactionTemplate tx,
      Outbox outbox,
      Inbox inbox,
      ModerationClient moderation,
      CameoClient cameos,
      MediaStoreClient media,
      ClipRenderer renderer,
      MeterRegistry meters,
      GenerationProperties config,
      Leases leases) {
    return new JobProcessor(
        videos,
        tx,
        outbox,
        inbox,
        moderation,
        cameos,
        media,
        renderer,
        meters,
        config.worker(),
        leases);
  }

  @Bean
  JobListener jobListener(JobProcessor processor) {
    return new JobListener(processor);
  }

  /**
   * Job outcomes are recorded by the processor; what reaches here is our own database failing.
   * Retry with backoff (the redelivered job renders again) rather than skip the record.
   */
  @Bean
  CommonErrorHandler kafkaErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(1000, 2);
    backOff.setMaxInterval(30_000);
    backOff.setMaxElapsedTime(300_000);
    return new DefaultErrorHandler(backOff);
  }
}
