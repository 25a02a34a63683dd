package dev.zoetrope.generation.support;

import dev.zoetrope.generation.render.ClipRenderer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * TEMPORARY, test-only (registered in src/test/resources/META-INF/spring): supplies {@link
 * TestClipRenderer} only when the application itself defines no {@link ClipRenderer}. An
 * auto-configuration rather than a {@code @TestConfiguration} because only auto-configurations are
 * guaranteed to see the application's beans before deciding. Remove both once the DJL renderer's
 * {@code @Configuration} exists.
 */
@AutoConfiguration
@ConditionalOnMissingBean(ClipRenderer.class)
public class TemporaryClipRendererAutoConfiguration {
  @Bean
  ClipRenderer temporaryTestClipRenderer() {
    return new TestClipRenderer();
  }
}
