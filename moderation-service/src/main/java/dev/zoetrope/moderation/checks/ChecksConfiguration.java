package dev.zoetrope.moderation.checks;

import dev.zoetrope.common.policy.PromptPolicy;
import dev.zoetrope.common.security.InternalClients;
import dev.zoetrope.moderation.ModerationProperties;
import dev.zoetrope.moderation.decisions.DecisionStore;
import dev.zoetrope.moderation.photosensitivity.FlashDetector;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ChecksConfiguration {

  @Bean
  PromptPolicy promptPolicy(ModerationProperties props) {
    return PromptPolicy.withOverrides(props.policy().categories());
  }

  @Bean
  FlashDetector flashDetector(ModerationProperties props) {
    ModerationProperties.Output o = props.output();
    return new FlashDetector(
        o.flashMinDeltaLuminance(),
        o.flashDarkerBelowLuminance(),
        o.maxFlashesPerWindow(),
        o.flashWindowMs() * 1000);
  }

  @Bean
  ModerationService moderationService(
      PromptPolicy policy,
      FlashDetector flashes,
      DecisionStore decisions,
      InternalClients clients,
      ModerationProperties props,
      @Value("${zoetrope.peers.media-store:http://127.0.0.1:8084}") String mediaStore) {
    ClipFetcher fetcher =
        new ClipFetcher(
            clients.forBaseUrl(mediaStore, Duration.ofMillis(props.output().fetchTimeoutMs())),
            props.output().maxClipBytes());
    return new ModerationService(
        policy, decisions, fetcher, new ClipInspector(props.output()), flashes, props);
  }
}
