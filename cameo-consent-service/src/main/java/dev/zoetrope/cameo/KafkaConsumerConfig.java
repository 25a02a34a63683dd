package dev.zoetrope.cameo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfig {

  /**
   * Boot's default gives up on a record after ten quick retries and moves on, which would silently
   * lose an unfollow (and with it a revocation) while the database is briefly down. Malformed
   * records are skipped by the listener itself, so whatever fails here is transient and worth
   * retrying until it works.
   */
  @Bean
  CommonErrorHandler kafkaErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxInterval(30_000);
    return new DefaultErrorHandler(backOff);
  }
}
