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
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
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
  /** How long a stopping worker waits for the render in flight. */
  static final Duration RENDER_DRAIN = Duration.ofSeconds(60);

  /** How long a stopping worker waits for rendered clips to be stored. */
  static final Duration STORING_DRAIN = Duration.ofSeconds(30);

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
  Finisher finisher(GenerationProperties config, MeterRegistry meters) {
    return new Finisher(
        config.worker().finishOffSlot(), config.worker().concurrency(), STORING_DRAIN, meters);
  }

  /**
   * Boot's listener settings, except that the slot commits a job's offset without waiting for the
   * broker: a synchronous commit held the slot for a round trip (about 30 ms here) between every
   * two renders. A commit that fails only means the record may come again, which the processor
   * ignores for a job already claimed or finished.
   */
  @Bean
  ConcurrentKafkaListenerContainerFactory<Object, Object> jobListenerContainerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
      ConsumerFactory<Object, Object> consumers) {
    var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
    configurer.configure(factory, consumers);
    factory.getContainerProperties().setSyncCommits(false);
    // A platform thread per slot, where Boot would give a virtual one: the render is seconds of
    // native calls, and a virtual thread in a native call keeps its carrier for that long, one of
    // as many carriers as cores, which the uploads and peer calls of the worker's other virtual
    // threads then wait for.
    factory.getContainerProperties().setListenerTaskExecutor(new SimpleAsyncTaskExecutor("slot-"));
    // Stopping waits for the render in flight (Spring Kafka's default gives up after 10 s, and a
    // 12-second Pro clip renders for longer on a CPU); the Finisher then stores its clip. Within
    // the
    // pod's 120 s grace period (deploy/k8s/base/generation-worker.yaml) with the Finisher's 30 s.
    factory.getContainerProperties().setShutdownTimeout(RENDER_DRAIN.toMillis());
    return factory;
  }

  @Bean
  JobListener jobListener(JobProcessor processor, Finisher finisher) {
    return new JobListener(processor, finisher);
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
