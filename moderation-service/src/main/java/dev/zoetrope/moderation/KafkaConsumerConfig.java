package dev.zoetrope.moderation;

import dev.zoetrope.common.outbox.ConsumerRetries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;

@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfig {

  /**
   * Retry until it works ({@link ConsumerRetries}): skipping would leave a prompt decision out of
   * the audit trail.
   */
  @Bean
  CommonErrorHandler kafkaErrorHandler() {
    return ConsumerRetries.untilDone();
  }
}
