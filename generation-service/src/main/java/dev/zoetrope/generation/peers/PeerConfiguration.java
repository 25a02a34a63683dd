package dev.zoetrope.generation.peers;

import dev.zoetrope.common.security.InternalClients;
import dev.zoetrope.generation.GenerationProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PeerConfiguration {

  @Bean
  ModerationClient moderationClient(
      InternalClients clients, PeerProperties peers, GenerationProperties config) {
    String url = peers.moderation().toString();
    return new ModerationClient(
        clients.forBaseUrl(url, Duration.ofMillis(config.peerTimeoutMs())),
        clients.forBaseUrl(url, Duration.ofMillis(config.outputCheckTimeoutMs())));
  }

  @Bean
  CameoClient cameoClient(
      InternalClients clients, PeerProperties peers, GenerationProperties config) {
    return new CameoClient(
        clients.forBaseUrl(
            peers.cameoConsent().toString(), Duration.ofMillis(config.peerTimeoutMs())));
  }

  @Bean
  MediaStoreClient mediaStoreClient(
      InternalClients clients, PeerProperties peers, GenerationProperties config) {
    return new MediaStoreClient(
        clients.forBaseUrl(
            peers.mediaStore().toString(), Duration.ofMillis(config.uploadTimeoutMs())));
  }
}
