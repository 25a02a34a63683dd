package dev.zoetrope.common.security;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/** Service identity for services that call others ({@code zoetrope.security.client-id} set). */
@AutoConfiguration(
    afterName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass(RestClient.class)
@ConditionalOnProperty("zoetrope.security.client-id")
public class ServiceAuthAutoConfiguration {

  @Bean
  ServiceTokens serviceTokens(
      @Value("${zoetrope.security.token-uri}") URI tokenUri,
      @Value("${zoetrope.security.client-id}") String clientId,
      @Value("${zoetrope.security.client-secret}") String clientSecret) {
    return new ServiceTokens(tokenUri, clientId, clientSecret);
  }

  @Bean
  InternalClients internalClients(ServiceTokens tokens, RestClient.Builder builder) {
    return new InternalClients(tokens, builder);
  }
}
