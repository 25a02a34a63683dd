package dev.zoetrope.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisClientConfig {

  /**
   * While Redis is unreachable, Lettuce would queue commands (unbounded) until they time out;
   * rejecting them at once lets the rate limiter fail open without piling up requests.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer rejectWhileDisconnected() {
    return options ->
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }
}
