package dev.zoetrope.media;

import dev.zoetrope.common.outbox.ConsumerRetries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;

@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfig {

  /** Retry until it works ({@link ConsumerRetries}): skipping would lose a publication. */
  @Bean
  CommonErrorHandler kafkaErrorHandler() {
    return ConsumerRetries.untilDone();
  }
}
