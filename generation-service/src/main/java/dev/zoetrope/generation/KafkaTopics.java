package dev.zoetrope.generation;

import dev.zoetrope.contracts.generation.GenerationEvents;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics this service produces, created at startup if missing: the jobs topic's partition count
 * caps how many listener threads can render at once across all workers.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopics {

  @Bean
  NewTopic jobsTopic(GenerationProperties config) {
    return TopicBuilder.name(GenerationEvents.JOBS_TOPIC)
        .partitions(config.topics().jobsPartitions())
        .replicas(config.topics().replicationFactor())
        .build();
  }

  @Bean
  NewTopic videosTopic(GenerationProperties config) {
    return TopicBuilder.name(GenerationEvents.VIDEOS_TOPIC)
        .partitions(config.topics().videosPartitions())
        .replicas(config.topics().replicationFactor())
        .build();
  }

  @Bean
  NewTopic promptChecksTopic(GenerationProperties config) {
    return TopicBuilder.name(GenerationEvents.PROMPT_CHECKS_TOPIC)
        .partitions(config.topics().promptChecksPartitions())
        .replicas(config.topics().replicationFactor())
        .build();
  }
}
