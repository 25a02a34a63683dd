package dev.zoetrope.common.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Outbox, relay and inbox for any service that has both a database and Kafka. */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
    })
@ConditionalOnClass({KafkaTemplate.class, JdbcClient.class})
@ConditionalOnBean({KafkaTemplate.class, JdbcClient.class})
public class OutboxAutoConfiguration {

  @Bean
  OutboxRelay outboxRelay(
      JdbcClient jdbc,
      TransactionTemplate tx,
      KafkaTemplate<String, String> kafka,
      MeterRegistry meters,
      @Value("${zoetrope.outbox.poll-interval-ms:500}") long pollIntervalMs,
      @Value("${zoetrope.outbox.send-timeout-ms:10000}") long sendTimeoutMs) {
    return new OutboxRelay(
        jdbc,
        tx,
        kafka,
        meters,
        Duration.ofMillis(pollIntervalMs),
        Duration.ofMillis(sendTimeoutMs));
  }

  @Bean
  Outbox outbox(JdbcClient jdbc, OutboxRelay relay) {
    return new Outbox(jdbc, relay);
  }

  @Bean
  Inbox inbox(JdbcClient jdbc) {
    return new Inbox(jdbc);
  }

  @Bean
  IdempotentConsumer idempotentConsumer(Inbox inbox, TransactionTemplate tx) {
    return new IdempotentConsumer(inbox, tx);
  }
}
